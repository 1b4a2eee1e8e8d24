"""Occupancy: people held beyond the prison's official capacity."""

import pytest

from custodia.estate.models import Prison
from custodia.oversight.compliance.base import Tally
from custodia.oversight.compliance.checks.occupancy import OCCUPANCY as check
from custodia.oversight.compliance.rules import score
from custodia.oversight.tests.compliance_world import assert_bounded, cells, prisons_of, readers, today
from custodia.register.tests.factories import admit, released

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff):
    found = cells(4)
    for cell in found:
        admit(cell=cell, given_names="One")
    first = found[0]
    for name in ("Two", "Three", "Four"):
        admit(cell=first, given_names=name)
    released(first, given_names="Gone")  # no longer on the roll
    Prison.objects.filter(pk=first.unit.prison.pk).update(official_capacity=3)
    prisons = list(Prison.objects.filter(pk__in=[p.pk for p in prisons_of(found)]).order_by("pk"))
    return prisons, readers(make_staff, prisons)


def test_people_held_beyond_official_capacity(world) -> None:
    prisons, _people = world
    tallies = check.tallies(prisons=prisons, today=today())
    # Four on the first prison's roll for three places: one beyond.
    assert tallies[prisons[0].pk] == Tally(checked=4, short=1)
    assert score(tallies[prisons[0].pk]) == 75.0
    assert [tallies[p.pk] for p in prisons[1:]] == [Tally(checked=1, short=0)] * 3


def test_names_no_one(world) -> None:
    prisons, people = world
    # Nobody in particular is held beyond capacity: the prison is.
    for user in people.values():
        assert not check.people(user=user, prison=prisons[0], today=today()).exists()


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    prisons, _people = world
    assert_bounded(check, prisons, 1, django_assert_max_num_queries)
