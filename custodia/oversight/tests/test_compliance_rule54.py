"""Rules 54-55: people admitted who were not given the information sheet in time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.induction import services
from custodia.oversight.compliance.checks.rule54_information import INFORMATION_ON_ADMISSION as check
from custodia.oversight.tests.compliance_world import (
    assert_agree,
    assert_bounded,
    assert_need_to_know,
    cells,
    prisons_of,
    readers,
    today,
)
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db


def days_ago(n: int):
    return timezone.now() - timedelta(days=n)


@pytest.fixture
def world(make_staff):
    found = cells(4)
    for cell in found:
        admit(cell=cell, admitted_at=days_ago(1), given_names="New")  # still in time
    first = found[0]
    waiting = admit(cell=first, admitted_at=days_ago(5), given_names="Waiting")
    told = admit(cell=first, admitted_at=days_ago(5), given_names="Told")
    reception = make_staff("cc-reception", roles.RECEPTION, prisons=[first.unit.prison])
    services.information_given_record(
        actor=reception, prisoner=told, data=services.GivenData(given_on=today() - timedelta(days=4), language="en")
    )
    prisons = prisons_of(found)
    return prisons, waiting, readers(make_staff, prisons)


def test_people_not_told_after_the_days_allowed(world) -> None:
    prisons, waiting, people = world
    tallies = assert_agree(check, prisons, people["hq"])
    assert [(t.checked, t.short) for t in tallies.values()] == [(3, 1), (1, 0), (1, 0), (1, 0)]
    assert list(check.people(user=people["hq"], prison=prisons[0], today=today())) == [waiting]
    # Two days later the newcomers are late too.
    later = check.tallies(prisons=prisons, today=today() + timedelta(days=2))
    assert [t.short for t in later.values()] == [2, 1, 1, 1]


def test_need_to_know(world) -> None:
    prisons, _waiting, people = world
    assert_need_to_know(check, prisons[0], people)


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    prisons, _waiting, _people = world
    assert_bounded(check, prisons, 1, django_assert_max_num_queries)
