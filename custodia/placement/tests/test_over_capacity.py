"""The placement page offers "Move here" only for cells that fit; a move into a cell over its
capacity needs a reason and a confirmation, is recorded with them and listed for the director."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory, UnitFactory
from custodia.placement import rules, services
from custodia.placement.models import OverCapacityMove
from custodia.register.models import Movement

from .factories import person

pytestmark = pytest.mark.django_db


def test_a_cell_over_capacity_needs_a_reason_and_a_confirmation():
    assert rules.over_capacity_problems(occupants=2, capacity=2, reason="", confirmed=False) == {}
    assert set(rules.over_capacity_problems(occupants=3, capacity=2, reason=" ", confirmed=False)) == {
        "reason",
        "over_capacity_confirmed",
    }
    assert set(rules.over_capacity_problems(occupants=3, capacity=2, reason="Flooded block", confirmed=False)) == {
        "over_capacity_confirmed"
    }
    assert rules.over_capacity_problems(occupants=3, capacity=2, reason="Flooded block", confirmed=True) == {}


@pytest.fixture
def full_cell(unit):
    """Cell A2 of the unit, holding one remand prisoner for a capacity of one."""
    cell = CellFactory(unit=unit, label="A2", capacity=1)
    person(cell=cell, legal_status="pre_trial", given_names="Already")
    return cell


@pytest.fixture
def wing(make_staff, unit):
    return make_staff("wing", roles.WING, prisons=[unit.prison])


def test_the_service_refuses_an_unconfirmed_move_over_capacity_and_moves_nothing(wing, prisoner, full_cell):
    with pytest.raises(ValidationError) as refused:
        services.cell_move(actor=wing, prisoner=prisoner, cell=full_cell)
    assert set(refused.value.message_dict) == {"reason", "over_capacity_confirmed"}
    assert "2 people for a capacity of 1" in refused.value.message_dict["over_capacity_confirmed"][0]
    prisoner.refresh_from_db()
    assert prisoner.current_cell.label == "A1" and not Movement.objects.filter(kind="cell_move").exists()


def test_a_confirmed_move_over_capacity_is_recorded_with_its_reason(wing, prisoner, full_cell):
    movement = services.cell_move(
        actor=wing, prisoner=prisoner, cell=full_cell, reason=" Block B flooded ", over_capacity_confirmed=True
    )
    prisoner.refresh_from_db()
    assert prisoner.current_cell == full_cell and movement.reason == " Block B flooded "
    record = OverCapacityMove.objects.get()
    assert (record.movement, record.occupants, record.capacity, record.reason, record.confirmed_by) == (
        movement,
        2,
        1,
        "Block B flooded",
        wing,
    )
    event = AuditEvent.objects.get(action="placement.over_capacity")
    assert event.actor == wing and event.reason == "Block B flooded"
    assert event.changes == {
        "cell": [None, full_cell.pk],
        "occupants": [None, 2],
        "capacity": [None, 1],
        "confirmed": [None, True],
    }
    assert event.object_id == str(prisoner.pk)  # in the person's history


def test_a_move_into_a_cell_with_room_asks_nothing_more(wing, prisoner, unit):
    roomy = CellFactory(unit=unit, label="A3", capacity=4)
    services.cell_move(actor=wing, prisoner=prisoner, cell=roomy)
    assert not OverCapacityMove.objects.exists()


def test_the_page_offers_no_move_into_a_refused_cell(client, sign_in, wing, prisoner, unit):
    convicted_cell = CellFactory(unit=UnitFactory(prison=unit.prison, name="Block B"), label="B1")
    person(cell=convicted_cell)  # convicted: Rule 11(b) refuses the remand prisoner there
    fitting = CellFactory(unit=unit, label="A4")
    sign_in(client, wing)
    html = client.get(reverse("placement:prisoner_placement", args=[prisoner.pk])).content.decode()
    rows = html.split('id="cell-fits"')[1]
    refused_row = rows.split(f'data-cell="{convicted_cell.pk}"')[1].split("</tr>")[0]
    fitting_row = rows.split(f'data-cell="{fitting.pk}"')[1].split("</tr>")[0]
    assert "Refused" in refused_row and "Move here" not in refused_row
    assert "Move here" in fitting_row


def test_the_page_asks_for_the_reason_and_the_confirmation_then_moves(client, sign_in, wing, prisoner, full_cell):
    sign_in(client, wing)
    url = reverse("placement:prisoner_placement", args=[prisoner.pk])
    page = client.get(url).content.decode()
    assert "data-over-capacity" in page.split(f'data-cell="{full_cell.pk}"')[1].split("</tr>")[0]

    first = client.post(url, {"cell": full_cell.pk, "version": prisoner.version})
    html = first.content.decode()
    assert first.status_code == 200 and 'id="over-capacity-confirm"' in html
    assert "Give the reason for moving the person into a cell over its capacity." in html
    assert f'name="cell" value="{full_cell.pk}" id="confirm-over-capacity"' in html
    prisoner.refresh_from_db()
    assert prisoner.current_cell != full_cell

    done = client.post(
        url,
        {
            "cell": full_cell.pk,
            "version": prisoner.version,
            "reason": "Block B flooded",
            "over_capacity_confirmed": "on",
        },
    )
    assert done.status_code == 302
    prisoner.refresh_from_db()
    assert prisoner.current_cell == full_cell and OverCapacityMove.objects.get().reason == "Block B flooded"


def test_the_director_sees_the_moves_over_capacity(
    client, make_staff, sign_in, wing, director, prisoner, full_cell, django_assert_max_num_queries
):
    services.cell_move(
        actor=wing, prisoner=prisoner, cell=full_cell, reason="Block B flooded", over_capacity_confirmed=True
    )
    sign_in(client, director)
    with django_assert_max_num_queries(40):
        html = client.get(reverse("placement:oversight")).content.decode()
    section = html.split('id="over-capacity"')[1].split("</section>")[0]
    assert prisoner.number in section and "Block B flooded" in section and "wing" in section and "2 / 1" in section
    # A director of another prison, and a statistics analyst (no names), see none of it.
    elsewhere = make_staff("director-elsewhere", roles.DIRECTOR, prisons=[CellFactory().unit.prison])
    sign_in(client, elsewhere)
    other = client.get(reverse("placement:oversight")).content.decode()
    assert prisoner.number not in other.split('id="over-capacity"')[1].split("</section>")[0]
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    sign_in(client, analyst)
    withheld = client.get(reverse("placement:oversight")).content.decode().split('id="over-capacity"')[1]
    assert "withheld" in withheld.split("</section>")[0] and prisoner.number not in withheld
