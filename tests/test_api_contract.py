"""The API keeps its contract: schemathesis calls every operation of the OpenAPI document, in
process (the WSGI application, no server), with inputs it generates from the document (valid and
invalid ones, boundary values, unexpected fields, bodies that are not JSON), and checks that:
- no answer is a server error (5xx);
- every status code is documented for the operation, with its content type (JSON);
- every body conforms to the schema documented for that status.

It runs twice, with an API token holding the write scope (and read, which every GET needs): a
nationwide headquarters user who holds the roles that write (admission, movements, assessment,
classification, separation exceptions, non-associations, restrictive measures and their
health-care visits), and a wing officer at one prison, who is refused most of them (403) and sees
one prison only (404 elsewhere).

The run is bounded (a fixed seed, a few examples per operation), so that it gives the same cases
on every run and stays within about a minute on a small machine: it is part of `make test`, on
SQLite and PostgreSQL. Select it alone with `pytest -m contract`.
"""

import copy
import os
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis import checks

from config.api import api
from custodia.accounts import roles, tokens
from custodia.accounts.models import StaffAssignment
from custodia.accounts.seeding import seed_roles
from custodia.assessment import services as assessment_services
from custodia.classification import queries as classification_queries
from custodia.classification import services as classification_services
from custodia.estate.tests.factories import CellFactory, UnitFactory
from custodia.measures.tests.factories import imposed
from custodia.placement import services as placement_services
from custodia.register.choices import MovementKind
from custodia.register.services import PlannedMoveData, planned_move_request
from custodia.register.tests.factories import admit
from custodia.security.tests.factories import threatened_by_someone_elsewhere

pytestmark = [pytest.mark.contract, pytest.mark.django_db]

SEED = 20260514
# Per operation, for the fuzzing phase (the examples and coverage phases add their own, boundary
# values and invalid inputs): enough to find what the run is for (an undocumented answer, a 500
# on a boundary value), few enough for `make test`. CUSTODIA_CONTRACT_EXAMPLES=100 runs longer.
MAX_EXAMPLES = int(os.environ.get("CUSTODIA_CONTRACT_EXAMPLES", "8"))

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]

# The generator's smallest id (1, the lower bound of core.api.Id) is taken to mean the record of
# the seeded world that the parameter names, so that every operation also runs on real records
# (and its 200 and 201 answers are checked); every other id is sent as generated.
REAL_IDS = {
    "prison_id": "prison",
    "prison": "prison",
    "to_prison_id": "prison",
    "cell_id": "cell",
    "to_cell_id": "cell",
    "unit_id": "unit",
    "prisoner_id": "prisoner",
    "prisoner": "prisoner",
    "assessment_id": "assessment",
    "decision_id": "decision",
    "exception_id": "exception",
    "non_association_id": "non_association",
    "measure_id": "measure",
}


def _staff(username: str, *role_names: str, prisons=(), nationwide: bool = False) -> User:
    seed_roles(Group, Permission, ContentType)
    user = User.objects.create_user(username, password="a-long-test-password")
    user.groups.set(Group.objects.filter(name__in=role_names))
    assignment = StaffAssignment.objects.create(user=user, nationwide=nationwide)
    assignment.prisons.set(prisons)
    return user


def _bearer(user: User) -> dict[str, str]:
    _token, secret = tokens.token_create(actor=user, name="Contract test", scopes=["read", "write"], days=30)
    return {"Authorization": f"Bearer {secret}"}


def _seed() -> dict[str, Any]:
    """A prison with two units and three cells, two people held there (one with an assessment under
    way, a non-association, a separation exception and a classification proposal), a person held in
    another prison, and the two callers."""
    cell = CellFactory()
    unit, prison = cell.unit, cell.unit.prison
    next_door = CellFactory(unit=unit)
    CellFactory(unit=UnitFactory(prison=prison))
    prisoner = admit(cell=cell, given_names="Amina")
    grace = admit(cell=cell, given_names="Grace")
    elsewhere = admit(cell=CellFactory(), given_names="Other")

    case_manager = _staff("contract-case-manager", roles.CASE_MANAGER, prisons=[prison])
    security = _staff("contract-security", roles.SECURITY, prisons=[prison])
    director = _staff("contract-director", roles.DIRECTOR, prisons=[prison])
    assessment = assessment_services.assessment_start(
        actor=case_manager, prisoner=prisoner, instrument_id="general_screening"
    )
    non_association = threatened_by_someone_elsewhere(security, prisoner, elsewhere)
    exception = placement_services.separation_exception_grant(
        actor=director, prisoner=prisoner, rule="11b", unit=unit, reason="Awaiting a place"
    )
    decision = classification_services.classification_propose(
        actor=case_manager,
        prisoner=prisoner,
        proposed_level=classification_queries.compute_proposal(prisoner)[0].level,
        rationale="No risk raises the level.",
    )
    # A restrictive measure imposed by the director (not solitary confinement: she is a woman).
    measure = imposed(director, prisoner, first=0, last=5, hours=12)
    # Every role that works with files, nationwide, and health-care staff (who record the daily
    # visit to a person under a measure): together they may call every operation.
    headquarters = _staff("contract-hq", *roles.FILE_READERS, roles.HEALTH, nationwide=True)
    wing_officer = _staff("contract-wing", roles.WING, prisons=[prison])
    # Moves requested, one with its cell and one to another prison, for the list of planned moves.
    today = timezone.localdate()
    for person, data in (
        (prisoner, PlannedMoveData(MovementKind.CELL_MOVE, today, "A quarrel", to_cell=next_door)),
        (grace, PlannedMoveData(MovementKind.TRANSFER, today, "Nearer home", to_prison=elsewhere.current_prison)),
    ):
        planned_move_request(actor=wing_officer, prisoner=person, data=data)
    return {
        "ids": {
            "prison": prison.pk,
            "cell": cell.pk,
            "unit": unit.pk,
            "prisoner": prisoner.pk,
            "assessment": assessment.pk,
            "decision": decision.pk,
            "exception": exception.pk,
            "non_association": non_association.pk,
            "measure": measure.pk,
        },
        "headers": {"headquarters": _bearer(headquarters), "wing_officer": _bearer(wing_officer)},
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Seeded once for the module, in a transaction rolled back at its end; each test runs in a
    savepoint inside it (pytest-django's `db`), so that the writes of one operation's cases do not
    reach the next operation."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _seed()
        transaction.set_rollback(True)


@pytest.fixture(scope="module", autouse=True)
def _one_connection():
    """The application is called in this thread, inside the test's transaction: Django must not
    close the connection at the end of each request (its test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["headquarters", "wing_officer"])
def caller(request, world, db) -> dict[str, Any]:
    return {"headers": world["headers"][request.param], "ids": world["ids"]}


def _aim(values: Any, ids: dict[str, int]) -> None:
    """Replaces, in place, each id equal to 1 by the seeded record it names (see REAL_IDS)."""
    if isinstance(values, dict):
        for name, value in values.items():
            if name in REAL_IDS and value in (1, "1") and not isinstance(value, bool):
                values[name] = type(value)(ids[REAL_IDS[name]])
            else:
                _aim(value, ids)
    elif isinstance(values, list):
        for value in values:
            _aim(value, ids)


def _schema() -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_dict({"seed": SEED, "generation": {"max-examples": MAX_EXAMPLES}})
    # A copy: the API keeps its document for every later caller, and schemathesis may change the one it is given.
    schema = schemathesis.openapi.from_dict(copy.deepcopy(api.get_openapi_schema()), config=config)
    schema.app = get_wsgi_application()
    return schema


schema = _schema()


@schema.parametrize()
# The caller and its world stay the same for all the cases of an operation (on purpose: they are
# what the cases run against); the application is fast, but the database is not free.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api_contract(case, caller):
    for part in (case.path_parameters, case.query, case.body):
        _aim(part, caller["ids"])
    case.call_and_validate(headers=caller["headers"], checks=CHECKS)
