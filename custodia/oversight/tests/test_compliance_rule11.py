"""Rule 11: people held in a unit with someone the rule keeps apart from them, without exception."""

from datetime import timedelta

import pytest

from custodia.accounts import roles
from custodia.oversight.compliance.checks.rule11_separation import SEPARATION as check
from custodia.oversight.tests.compliance_world import (
    assert_agree,
    assert_bounded,
    assert_need_to_know,
    cells,
    prisons_of,
    readers,
    today,
)
from custodia.placement import services as placement_services
from custodia.placement.models import SeparationException
from custodia.placement.rules import SeparationRule
from custodia.placement.selectors import units_mixing_categories
from custodia.register import services as register_services
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff, staff_user):
    found = cells(4)
    held = [
        [admit(cell=cell, sex="male", legal_status="pre_trial", given_names=f"P{n}") for n in (1, 2)] for cell in found
    ]
    admit(sex="male", legal_status="convicted", prison=found[3].unit.prison)  # no cell: not checked
    # A conviction is not refused by the placement check, but leaves the cell mixed.
    convicted = held[0][0]
    register_services.legal_status_change(
        actor=staff_user, prisoner=convicted, status="convicted", effective_on=today()
    )
    prisons = prisons_of(found)
    return prisons, held, readers(make_staff, prisons)


def test_a_conviction_leaves_both_people_of_the_cell_in_breach(world) -> None:
    prisons, held, people = world
    tallies = assert_agree(check, prisons, people["hq"])
    assert [(t.checked, t.short) for t in tallies.values()] == [(2, 2), (2, 0), (2, 0), (2, 0)]
    assert set(check.people(user=people["hq"], prison=prisons[0], today=today())) == set(held[0])
    # The placement oversight page shows the same unit mixed.
    [mix] = units_mixing_categories(user=people["hq"], prison_id=prisons[0].pk)
    assert mix.rules == [SeparationRule.UNTRIED_CONVICTED] and mix.people == 2


def test_an_exception_in_force_for_the_unit_covers_the_pair(world, make_staff) -> None:
    prisons, held, people = world
    director = make_staff("cc-approver", roles.DIRECTOR, prisons=[prisons[0]])
    unit = held[0][0].current_cell.unit
    exception = placement_services.separation_exception_grant(
        actor=director,
        prisoner=held[0][0],
        rule=SeparationRule.UNTRIED_CONVICTED,
        unit=unit,
        reason="Until trial",
        valid_until=today() + timedelta(days=30),
    )
    assert check.tallies(prisons=prisons, today=today())[prisons[0].pk].short == 0
    # Time passes: the exception's end date is behind, the person still in the unit.
    SeparationException.objects.filter(pk=exception.pk).update(valid_until=today() - timedelta(days=1))
    assert check.tallies(prisons=prisons, today=today())[prisons[0].pk].short == 2


def test_need_to_know(world) -> None:
    prisons, _held, people = world
    assert_need_to_know(check, prisons[0], people)


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    prisons, _held, _people = world
    assert_bounded(check, prisons, 2, django_assert_max_num_queries)
