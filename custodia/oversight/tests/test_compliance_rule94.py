"""Rule 94: sentenced people with no agreed sentence plan after the first plan's days."""

from datetime import timedelta

import pytest

from custodia.estate.models import PrisonService
from custodia.estate.selectors import forget_active_profile
from custodia.oversight.compliance.checks.rule94_sentence_plan import SENTENCE_PLAN_MADE as check
from custodia.oversight.tests import compliance_plans_world
from custodia.oversight.tests.compliance_world import assert_agree, assert_bounded, assert_need_to_know, today
from custodia.plans.tests.factories import agreed_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff) -> compliance_plans_world.World:
    return compliance_plans_world.world(make_staff)


def short_on(world, days: int) -> list[int]:
    tallies = check.tallies(prisons=world.prisons, today=today() + timedelta(days=days))
    return [tally.short for tally in tallies.values()]


def test_sentenced_people_without_an_agreed_plan(world) -> None:
    tallies = assert_agree(check, world.prisons, world.people["hq"])
    # The man on remand is not checked: a plan is only offered to him.
    assert [(t.checked, t.short) for t in tallies.values()] == [(3, 1), (1, 0), (1, 0), (1, 0)]
    assert list(check.people(user=world.people["hq"], prison=world.prisons[0], today=today())) == [
        world.unplanned.prisoner
    ]
    agreed_plan(world.unplanned)
    assert short_on(world, 0) == [0, 0, 0, 0]


def test_plans_are_not_late_before_the_service_kept_them(world) -> None:
    PrisonService.objects.update(sentence_plans_from=today() - timedelta(days=30))
    forget_active_profile()
    assert short_on(world, 0) == [0, 0, 0, 0]
    # Counted from the day plans began (60 days from it) for those admitted before it...
    assert short_on(world, 30) == [0, 0, 0, 0]
    assert short_on(world, 31) == [1, 0, 0, 0]
    # ...and from admission for those admitted since.
    assert short_on(world, 51) == [2, 1, 1, 1]


def test_need_to_know(world) -> None:
    assert_need_to_know(check, world.prisons[0], world.people)


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    assert_bounded(check, world.prisons, 1, django_assert_max_num_queries)
