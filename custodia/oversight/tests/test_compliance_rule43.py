"""Rules 43-45: restrictive measures in force past their limits."""

import pytest

from custodia.measures import services
from custodia.measures.models import Measure
from custodia.oversight.compliance.base import Tally
from custodia.oversight.compliance.checks.rule43_measures import MEASURES_PAST_LIMITS as check
from custodia.oversight.tests import compliance_measures_world
from custodia.oversight.tests.compliance_world import assert_agree, assert_bounded, assert_need_to_know, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff) -> compliance_measures_world.World:
    return compliance_measures_world.world(make_staff)


def test_measures_past_their_limits(world) -> None:
    tallies = assert_agree(check, world.prisons, world.people["hq"])
    # The first prison: a 21-day run of solitary confinement and a restraint past its planned end.
    assert [(t.checked, t.short) for t in tallies.values()] == [(4, 2), (1, 0), (1, 0), (1, 0)]
    listed = set(check.people(user=world.people["hq"], prison=world.prisons[0], today=today()))
    assert listed == {world.long_run.prisoner, world.overdue.prisoner}


def test_solitary_confinement_the_health_service_finds_would_worsen_a_disability(world) -> None:
    second = world.prisons[1]
    Measure.objects.filter(prison=second).update(worsened=True)
    assert check.tallies(prisons=world.prisons, today=today())[second.pk] == Tally(checked=1, short=1)


def test_an_ended_measure_is_not_checked(world) -> None:
    services.measure_end(actor=world.first.director, measure=world.overdue, reason="Calm again")
    assert check.tallies(prisons=world.prisons, today=today())[world.prisons[0].pk] == Tally(checked=3, short=1)


def test_need_to_know(world) -> None:
    assert_need_to_know(check, world.prisons[0], world.people)


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    assert_bounded(check, world.prisons, 2, django_assert_max_num_queries)
