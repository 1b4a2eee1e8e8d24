"""Rule 89: people held with no risk and needs assessment after the first one's days."""

from datetime import timedelta

import pytest

from custodia.assessment import services as assessment_services
from custodia.oversight.compliance.checks.rule89_assessment import RISK_NEEDS_ASSESSMENT as check
from custodia.oversight.tests import compliance_plans_world
from custodia.oversight.tests.compliance_world import assert_agree, assert_bounded, assert_need_to_know, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff) -> compliance_plans_world.World:
    return compliance_plans_world.world(make_staff)


def test_people_without_an_assessment(world) -> None:
    tallies = assert_agree(check, world.prisons, world.people["hq"])
    assert [(t.checked, t.short) for t in tallies.values()] == [(4, 1), (1, 0), (1, 0), (1, 0)]
    assert list(check.people(user=world.people["hq"], prison=world.prisons[0], today=today())) == [
        world.remand.prisoner
    ]
    # Three weeks on, the first assessments of the newcomers (30 days) are overdue too.
    later = check.tallies(prisons=world.prisons, today=today() + timedelta(days=21))
    assert [t.short for t in later.values()] == [2, 1, 1, 1]


def test_an_assessment_countersigned_meets_the_rule(world) -> None:
    assessment_services.assessment_submit(actor=world.remand.case_manager, assessment=world.draft)
    assessment_services.assessment_countersign(actor=world.remand.second, assessment=world.draft)
    assert check.tallies(prisons=world.prisons, today=today())[world.prisons[0].pk].short == 0


def test_need_to_know(world) -> None:
    assert_need_to_know(check, world.prisons[0], world.people)


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    assert_bounded(check, world.prisons, 1, django_assert_max_num_queries)
