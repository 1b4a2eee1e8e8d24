"""The movement form shows the fields of the chosen movement only (every field without JavaScript,
each naming the movements that use it), drops what a field of another movement holds, and records
a release, an escape or a death in custody only once confirmed, naming who confirmed."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory
from custodia.register import rules, services
from custodia.register.choices import CustodyStatus, MovementKind
from custodia.register.models import Movement
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def problems(kind: str, **move) -> dict[str, str]:
    return rules.movement_problems(
        rules.Custody(CustodyStatus.IN_CUSTODY, 1, 1),
        rules.Move(kind, NOW, **move),
        last_at=None,
        now=NOW,
        bounds=services.date_bounds(),
        tz=UTC,
    )


@pytest.mark.parametrize("kind", sorted(rules.NEEDS_CONFIRMATION))
def test_a_movement_that_ends_custody_is_refused_unconfirmed_when_a_form_asked(kind):
    details = {"release_reason": "bail", "death_circumstances": "Cardiac arrest"}
    assert problems(kind, confirmed=False, **details) == {
        "confirmed": "Confirm the movement: it ends the person's custody here."
    }
    assert problems(kind, confirmed=True, **details) == {}
    assert problems(kind, **details) == {}  # nobody asked (an API client's request)


def test_other_movements_need_no_confirmation():
    assert problems(MovementKind.COURT_PRODUCTION, confirmed=False) == {}


@pytest.fixture
def officer(make_staff):
    cell = CellFactory()
    person = admit(cell=cell)
    user = make_staff("reception-here", roles.RECEPTION, prisons=[cell.unit.prison])
    return user, person


def now_field() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def wrapper_kinds(page: str, field: str) -> str | None:
    """The movements a field's wrapper names, or None when the field is not on the page."""
    marker = f'id="for-{field}"'
    if marker not in page:
        return None
    return page.split(marker)[0].rsplit('data-movement-kinds="', 1)[1].split('"')[0]


def test_each_field_names_the_movements_that_use_it(client, officer):
    user, person = officer
    client.force_login(user)
    page = client.get(reverse("register:movement_create", args=[person.pk])).content.decode()
    assert "data-movement-form" in page
    assert wrapper_kinds(page, "to_prison") == "transfer"
    assert wrapper_kinds(page, "to_cell") == "cell_move"
    assert wrapper_kinds(page, "release_reason") == "release"
    assert wrapper_kinds(page, "death_circumstances") == "death"
    assert wrapper_kinds(page, "confirmed") == "death escape release"
    assert "death" not in wrapper_kinds(page, "reason").split() and "release" in wrapper_kinds(page, "reason").split()
    assert 'name="kind"' in page and 'id="for-kind"' not in page  # for every movement: always shown


def test_fields_no_allowed_movement_uses_are_left_out(client, officer):
    user, person = officer
    services.movement_record(
        actor=user,
        prisoner=person,
        data=services.MovementData(kind=MovementKind.COURT_PRODUCTION, occurred_at=timezone.now()),
    )
    client.force_login(user)
    page = client.get(reverse("register:movement_create", args=[person.pk])).content.decode()
    # At court: a return, a release, an escape or a death; no cell move, no transfer.
    assert wrapper_kinds(page, "to_prison") is None and wrapper_kinds(page, "to_cell") is None
    assert wrapper_kinds(page, "release_reason") == "release"
    assert wrapper_kinds(page, "confirmed") == "death escape release"


def test_a_release_asks_for_confirmation_with_every_other_problem_and_names_who_confirmed(client, officer):
    user, person = officer
    client.force_login(user)
    url = reverse("register:movement_create", args=[person.pk])
    refused = client.post(url, {"kind": "release", "occurred_at": now_field(), "version": person.version})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Give the reason for release." in html and "Confirm the movement: it ends the person" in html
    assert not Movement.objects.filter(kind="release").exists()

    done = client.post(
        url,
        {
            "kind": "release",
            "occurred_at": now_field(),
            "release_reason": "bail",
            "confirmed": "on",
            "version": person.version,
        },
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.custody_status == CustodyStatus.RELEASED
    event = AuditEvent.objects.get(action="movement.release")
    assert event.actor == user and event.changes["confirmed"] == [None, True]


def test_what_a_field_of_another_movement_holds_is_dropped(client, officer):
    """Without JavaScript every field is on the page: a value typed for another movement is not recorded."""
    user, person = officer
    client.force_login(user)
    response = client.post(
        reverse("register:movement_create", args=[person.pk]),
        {
            "kind": "court_production",
            "occurred_at": now_field(),
            "reason": "High Court",
            "release_reason": "bail",
            "death_circumstances": "typed by mistake",
            "to_cell": "999999",  # not a cell: no error, the field is not this movement's
        },
    )
    assert response.status_code == 302
    movement = Movement.objects.get(kind="court_production")
    assert (movement.reason, movement.release_reason, movement.death_circumstances) == ("High Court", "", "")
    assert "confirmed" not in AuditEvent.objects.get(action="movement.court_production").changes
