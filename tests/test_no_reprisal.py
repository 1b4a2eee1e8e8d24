"""No reprisal for complaining (Mandela Rule 57(2)): a person's requests and complaints, in any
kind, category, route, state or number, are never an input of their classification, their
placement or the restrictions they may be put under. The property test records random complaints
for a person and shows that the classification proposal, the placement check and the rules of a
restrictive measure give the same answer with and without them; the import check below says the
same of the code, which alone would not be enough (a query could reach the table by name)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custodia.accounts import roles
from custodia.classification import queries as classification_queries
from custodia.complaints import services as complaint_services
from custodia.complaints.choices import Addressee, Category, Kind, MadeBy
from custodia.complaints.models import Complaint
from custodia.estate.tests.factories import CellFactory
from custodia.measures import services as measures_services
from custodia.measures.tests.factories import data as measure_data
from custodia.measures.tests.factories import held
from custodia.placement import checks

pytestmark = pytest.mark.django_db

complaint_strategy = st.builds(
    lambda kind, category, made_by, addressee, allegation, days_ago, answer: {
        "kind": kind,
        "category": category,
        "made_by": made_by,
        "addressee": addressee,
        "allegation": allegation and kind == Kind.COMPLAINT,
        "days_ago": days_ago,
        "answer": answer,
    },
    st.sampled_from(Kind.values),
    st.sampled_from(Category.values),
    st.sampled_from(MadeBy.values),
    st.sampled_from(Addressee.values),
    st.booleans(),
    st.integers(min_value=0, max_value=60),
    st.booleans(),
)


@pytest.fixture
def person(make_staff):
    cell = CellFactory()
    prison = cell.unit.prison
    prisoner = held(prison)
    other_cell = CellFactory(unit=cell.unit)
    return {
        "prisoner": prisoner,
        "prison": prison,
        "other_cell": other_cell,
        "wing": make_staff("reprisal-wing", roles.WING, prisons=[prison]),
        "director": make_staff("reprisal-director", roles.DIRECTOR, prisons=[prison]),
        "hq": make_staff("reprisal-hq", roles.COMPLAINTS_HQ, nationwide=True),
        "inspector": make_staff("reprisal-inspector", roles.INSPECTOR, nationwide=True),
    }


def _decisions(p) -> tuple[object, ...]:
    """What the services decide about the person: the classification proposal and its facts, the
    placement check of a move to another cell, and what a solitary measure would be refused for."""
    prisoner = type(p["prisoner"]).objects.select_related("current_prison").get(pk=p["prisoner"].pk)
    proposal, facts = classification_queries.compute_proposal(prisoner, today=timezone.localdate())
    placement = [
        (problem.message, problem.blocking)
        for problem in checks.placement_problems(prisoner=prisoner, prison=p["prison"], cell=p["other_cell"])
    ]
    try:
        with transaction.atomic():
            measures_services.measure_impose(
                actor=p["director"], prisoner=prisoner, data=measure_data(first=0, last=20, health_view="")
            )
            transaction.set_rollback(True)
        measure = "imposed"
    except ValidationError as refused:
        measure = repr(sorted(refused.message_dict.items()))
    return proposal, facts, placement, measure


def _record(p, spec: dict) -> None:
    addressee = spec["addressee"]
    complaint = complaint_services.complaint_add(
        actor=p["inspector"] if addressee == Addressee.INSPECTION else p["wing"],
        prisoner=p["prisoner"],
        data=complaint_services.ComplaintData(
            spec["kind"],
            spec["category"],
            spec["made_by"],
            addressee,
            "Complaint text",
            timezone.localdate() - timedelta(days=spec["days_ago"]),
            allegation=spec["allegation"],
        ),
    )
    if spec["answer"]:
        answerer = {Addressee.DIRECTOR: "director", Addressee.HEADQUARTERS: "hq", Addressee.INSPECTION: "inspector"}
        outcome = "upheld" if spec["kind"] == Kind.COMPLAINT else "granted"
        complaint_services.complaint_answer(
            actor=p[answerer[addressee]], complaint=complaint, outcome=outcome, answer="Answered"
        )


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(complaints=st.lists(complaint_strategy, min_size=1, max_size=6))
def test_complaints_change_no_decision_about_the_person(person, complaints):
    with transaction.atomic():
        without = _decisions(person)
        for spec in complaints:
            _record(person, spec)
        assert Complaint.objects.filter(prisoner=person["prisoner"]).count() == len(complaints)
        with_them = _decisions(person)
        transaction.set_rollback(True)
    assert with_them == without


ROOT = Path(__file__).resolve().parents[1] / "custodia"


@pytest.mark.parametrize("app", ["classification", "placement", "measures", "contact", "programmes", "plans"])
def test_no_decision_module_reads_complaints(app):
    """Belt and braces: no module that decides about a person names the complaints app or its table."""
    pattern = re.compile(r"complaints\.|complaints_complaint|from custodia\.complaints|import complaints")
    named = [
        str(path.relative_to(ROOT))
        for path in (ROOT / app).rglob("*.py")
        if "tests" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not named
