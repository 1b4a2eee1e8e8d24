"""Separation exceptions through their services, and the check inside the register's services
(admission, cell move, transfer, return after escape, readmission)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.models import PrisonType
from custodia.estate.tests.factories import CellFactory, PrisonFactory, UnitFactory
from custodia.placement import services
from custodia.placement.models import SeparationException
from custodia.register import services as register_services
from custodia.register.choices import MovementKind

from .factories import move, person

pytestmark = pytest.mark.django_db


def grant(director, prisoner, unit, **kwargs):
    return services.separation_exception_grant(
        actor=director,
        prisoner=prisoner,
        rule=kwargs.pop("rule", "11d"),
        unit=unit,
        reason=kwargs.pop("reason", "R"),
        **kwargs,
    )


def test_grant_records_who_when_why_and_is_audited(director, unit):
    young = person(prison=unit.prison, juvenile=True)
    until = timezone.localdate() + timedelta(days=30)
    exception = grant(director, young, unit, reason="With his brother until the family court rules", valid_until=until)
    assert exception.approved_by == director and exception.requested_by == director and exception.approved_at
    assert exception.valid_until == until and exception.is_active(timezone.localdate())
    event = AuditEvent.objects.get(action="separation_exception.grant")
    assert event.object_id == str(exception.pk) and event.changes["rule"] == [None, "11d"]
    assert event.reason == "With his brother until the family court rules"


def test_only_a_director_of_the_units_prison_grants(make_staff, director, unit):
    young = person(prison=unit.prison, juvenile=True)
    wing = make_staff("wing", roles.WING, prisons=[unit.prison])
    with pytest.raises(PermissionDenied):
        grant(wing, young, unit)
    elsewhere = make_staff("director-elsewhere", roles.DIRECTOR, prisons=[PrisonFactory()])
    with pytest.raises(PermissionDenied):
        grant(elsewhere, young, unit)
    assert not SeparationException.objects.exists()


def test_exception_refusal_says_who_grants_and_closes(make_staff, director, unit):
    not_director = "Only a prison director can approve an exception to the separation of categories."
    not_here = "You can only approve exceptions for a unit of a prison where you work."
    assert services.exception_refusal(director, unit) is None and services.exception_refusal(director) is None
    wing = make_staff("wing", roles.WING, prisons=[unit.prison])
    assert services.exception_refusal(wing, unit) == services.exception_refusal(wing) == not_director
    elsewhere = make_staff("director-elsewhere", roles.DIRECTOR, prisons=[PrisonFactory()])
    assert services.exception_refusal(elsewhere) is None  # a unit of their own prison
    assert services.exception_refusal(elsewhere, unit) == not_here
    exception = grant(director, person(prison=unit.prison, juvenile=True), unit)
    with pytest.raises(PermissionDenied, match=not_here):
        services.separation_exception_close(actor=elsewhere, exception=exception, reason="Not mine")
    exception.refresh_from_db()
    assert exception.closed_at is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"rule": "12"}, "rule"),
        ({"valid_until": timezone.localdate() - timedelta(days=1)}, "valid_until"),
    ],
)
def test_grant_refuses_bad_input_on_its_field(director, unit, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        grant(director, person(prison=unit.prison), unit, **kwargs)
    assert field in exc.value.message_dict


def test_one_exception_in_force_per_person_rule_and_unit(director, unit):
    young = person(prison=unit.prison, juvenile=True)
    grant(director, young, unit)
    with pytest.raises(ValidationError) as exc:
        grant(director, young, unit)
    assert "rule" in exc.value.message_dict
    grant(director, young, unit, rule="11b")  # another part of the rule is another decision


def test_a_lapsed_exception_is_closed_by_the_next_one(director, unit):
    young = person(prison=unit.prison, juvenile=True)
    old = grant(director, young, unit, valid_until=timezone.localdate())
    SeparationException.objects.filter(pk=old.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    new = grant(director, young, unit)
    old.refresh_from_db()
    assert old.closed_at and "replaced" in old.close_reason and new.closed_at is None


def test_close_needs_a_reason_and_keeps_the_record(director, unit):
    exception = grant(director, person(prison=unit.prison, juvenile=True), unit)
    with pytest.raises(ValidationError) as exc:
        services.separation_exception_close(actor=director, exception=exception, reason=" ")
    assert "reason" in exc.value.message_dict
    services.separation_exception_close(actor=director, exception=exception, reason="Transferred to a juvenile prison")
    exception.refresh_from_db()
    assert exception.closed_by == director and exception.close_reason == "Transferred to a juvenile prison"
    assert AuditEvent.objects.filter(action="separation_exception.close", object_id=str(exception.pk)).exists()
    with pytest.raises(ValidationError):
        services.separation_exception_close(actor=director, exception=exception, reason="Again")


def test_close_is_refused_while_the_exception_is_all_that_allows_the_placement(director, unit):
    cell = CellFactory(unit=unit)
    young = person(prison=unit.prison, juvenile=True)
    person(cell=CellFactory(unit=unit))  # an adult in the unit
    exception = grant(director, young, unit, reason="With his father")
    move(young, cell=cell)
    with pytest.raises(ValidationError) as exc:
        services.separation_exception_close(actor=director, exception=exception, reason="Ended")
    assert "move them" in exc.value.message_dict["reason"][0]
    exception.refresh_from_db()
    assert exception.closed_at is None  # the close was rolled back
    move(young, cell=CellFactory(unit=UnitFactory(prison=unit.prison)))
    services.separation_exception_close(actor=director, exception=exception, reason="Moved to the juvenile unit")


# --- the check inside the register's services --------------------------------------------------


def test_cell_move_refused_on_the_cell_and_nothing_changes(unit):
    person(cell=CellFactory(unit=unit), legal_status="pre_trial")
    convicted = person(cell=CellFactory(unit=UnitFactory(prison=unit.prison)))
    before = (convicted.current_cell_id, convicted.version, convicted.movements.count())
    with pytest.raises(ValidationError) as exc:
        move(convicted, cell=CellFactory(unit=unit))
    assert "Rule 11(b)" in exc.value.message_dict["to_cell"][0]
    convicted.refresh_from_db()
    assert (convicted.current_cell_id, convicted.version, convicted.movements.count()) == before


def test_recapture_and_readmission_are_checked():
    womens = PrisonFactory(prison_type=PrisonType.WOMEN)
    man = person(prison=PrisonFactory())
    move(man, kind=MovementKind.ESCAPE)
    with pytest.raises(ValidationError) as exc:
        move(man, kind=MovementKind.RECAPTURE, prison=womens)
    assert "to_prison" in exc.value.message_dict
    move(man, kind=MovementKind.RECAPTURE, prison=PrisonFactory())
    register_services.movement_record(
        actor=None,
        prisoner=man,
        data=register_services.MovementData(
            kind=MovementKind.RELEASE, occurred_at=timezone.now(), release_reason="end_of_sentence"
        ),
    )
    with pytest.raises(ValidationError) as exc:
        move(man, kind=MovementKind.ADMISSION, prison=womens)
    assert "Rule 11(a)" in exc.value.message_dict["to_prison"][0]


def test_returning_from_court_is_not_a_new_placement(unit):
    """The cell stays the person's while at court; coming back is not checked again."""
    cell = CellFactory(unit=unit)
    person_at_court = person(cell=cell)
    move(person_at_court, kind=MovementKind.COURT_PRODUCTION)
    move(person_at_court, kind=MovementKind.RETURN)
    person_at_court.refresh_from_db()
    assert person_at_court.current_cell == cell
