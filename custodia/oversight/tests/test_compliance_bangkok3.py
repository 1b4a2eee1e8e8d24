"""Bangkok Rule 3: women held with a child recorded without where the child is."""

import pytest

from custodia.estate.tests.factories import CellFactory
from custodia.oversight.compliance.checks.bangkok3_children import CHILDREN_OF_WOMEN as check
from custodia.oversight.tests.compliance_world import (
    assert_agree,
    assert_bounded,
    assert_need_to_know,
    cells,
    prisons_of,
    readers,
    today,
)
from custodia.register.models import FamilyMember
from custodia.register.services import FamilyData
from custodia.register.tests.factories import admit, released

pytestmark = pytest.mark.django_db


def mother(cell, name: str):
    return admit(
        cell=cell, sex="female", given_names=name, family=[FamilyData("Joy", "child", 2019, "With her grandmother")]
    )


@pytest.fixture
def world(make_staff):
    found = cells(4)
    for cell in found:
        mother(cell, "Known")
    first = found[0]
    # Recorded before the form asked where the child is.
    unknown = mother(first, "Unknown")
    FamilyMember.objects.filter(prisoner=unknown).update(whereabouts=" ")
    admit(cell=first, sex="female", given_names="Childless")  # no child on file: meets the rule
    # A man's children are Rule 7's concern, not Bangkok Rule 3's: not checked here.
    father = admit(cell=CellFactory(unit__prison=first.unit.prison), sex="male", given_names="Father")
    FamilyMember.objects.create(prisoner=father, name="Tom", relationship="child")
    # Released: no longer held, not checked.
    gone = released(first, given_names="Gone", family=[FamilyData("Ann", "child", 2020, "With her aunt")])
    FamilyMember.objects.filter(prisoner=gone).update(whereabouts="")
    prisons = prisons_of(found)
    return prisons, unknown, readers(make_staff, prisons)


def test_women_with_a_child_not_accounted_for(world) -> None:
    prisons, unknown, people = world
    tallies = assert_agree(check, prisons, people["hq"])
    assert [(t.checked, t.short) for t in tallies.values()] == [(3, 1), (1, 0), (1, 0), (1, 0)]
    assert list(check.people(user=people["hq"], prison=prisons[0], today=today())) == [unknown]


def test_need_to_know(world) -> None:
    prisons, _unknown, people = world
    assert_need_to_know(check, prisons[0], people)


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    prisons, _unknown, _people = world
    assert_bounded(check, prisons, 1, django_assert_max_num_queries)
