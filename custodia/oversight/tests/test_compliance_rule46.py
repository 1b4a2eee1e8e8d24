"""Rule 46: measures holding a person apart with a daily health-care visit missed."""

from datetime import timedelta

import pytest

from custodia.measures import services
from custodia.oversight.compliance.checks.rule46_health_visits import HEALTH_VISITS as check
from custodia.oversight.tests import compliance_measures_world
from custodia.oversight.tests.compliance_world import assert_agree, assert_bounded, assert_need_to_know, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff) -> compliance_measures_world.World:
    return compliance_measures_world.world(make_staff)


def test_missed_health_visits(world) -> None:
    tallies = assert_agree(check, world.prisons, world.people["hq"])
    # Restraint holds nobody apart: three measures to visit at the first prison, two with a day missed.
    assert [(t.checked, t.short) for t in tallies.values()] == [(3, 2), (1, 0), (1, 0), (1, 0)]
    listed = set(check.people(user=world.people["hq"], prison=world.prisons[0], today=today()))
    assert listed == {world.long_run.prisoner, world.unvisited.prisoner}


def test_visits_recorded_late_leave_nothing_missed_and_today_is_not_due_yet(world) -> None:
    unvisited = world.unvisited
    for day in (unvisited.starts_on, unvisited.starts_on + timedelta(days=1)):
        services.health_visit_record(
            actor=world.first.nurse, measure=unvisited, visited_on=day, adverse_effects=False, note=""
        )
    assert check.tallies(prisons=world.prisons, today=today())[world.prisons[0].pk].short == 1
    # Tomorrow the separation's visit of today, not recorded, is missed; the others were visited today.
    tomorrow = check.tallies(prisons=world.prisons, today=today() + timedelta(days=1))
    assert [t.short for t in tomorrow.values()] == [2, 0, 0, 0]


def test_need_to_know(world) -> None:
    assert_need_to_know(check, world.prisons[0], world.people)


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    assert_bounded(check, world.prisons, 2, django_assert_max_num_queries)
