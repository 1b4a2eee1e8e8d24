"""Rule 7: people held whose admission record lacks what the register can see missing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.oversight.compliance.checks.rule07_admission import ADMISSION_RECORD as check
from custodia.oversight.compliance.rules import AdmissionGap
from custodia.oversight.tests.compliance_world import (
    assert_agree,
    assert_bounded,
    assert_need_to_know,
    cells,
    prisons_of,
    readers,
    today,
)
from custodia.register.models import Admission
from custodia.register.services import FamilyData, PropertyData
from custodia.register.tests.factories import admit, released
from custodia.register.tests.pictures import picture

pytestmark = pytest.mark.django_db

COMPLETE = {
    "commitment": {"arrested_at": timezone.now() - timedelta(days=3), "arrest_place": "Kampala Central"},
    "property_items": [PropertyData("Wristwatch")],
    "family": [FamilyData("Sara Okello", "sibling", contact="0772 000000", is_emergency_contact=True)],
}


def complete(**kwargs):
    return admit(**{**COMPLETE, "photograph": picture(), **kwargs})


@pytest.fixture
def world(make_staff):
    found = cells(4)
    for cell in found:
        complete(cell=cell, given_names="Whole")
    first = found[0]
    no_photo = admit(**{**COMPLETE, "cell": first, "given_names": "Nophoto"})
    no_family = complete(cell=first, given_names="Nofamily", family=[])
    released(first, given_names="Gone")  # nothing recorded, but no longer held: not counted
    prisons = prisons_of(found)
    return prisons, {"no_photo": no_photo, "no_family": no_family}, readers(make_staff, prisons)


def test_counts_people_held_lacking_rule_7_data(world) -> None:
    prisons, short, people = world
    tallies = assert_agree(check, prisons, people["hq"])
    assert (tallies[prisons[0].pk].checked, tallies[prisons[0].pk].short) == (3, 2)
    assert [(t.checked, t.short) for pk, t in tallies.items() if pk != prisons[0].pk] == [(1, 0)] * 3
    assert set(check.people(user=people["hq"], prison=prisons[0], today=today())) == set(short.values())


def test_names_what_each_lacks(world) -> None:
    prisons, short, people = world
    listed = list(check.people(user=people["hq"], prison=prisons[0], today=today()))
    assert check.gaps(listed) == {
        short["no_photo"].pk: (AdmissionGap.PHOTOGRAPH,),
        short["no_family"].pk: (AdmissionGap.CONTACT,),
    }


def test_an_imported_record_without_arrest_commitment_or_property_falls_short(world) -> None:
    prisons, _short, people = world
    imported = complete(cell=prisons[1].units.first().cells.first(), given_names="Imported")
    # A record written before Custodia, typed in with what the paper file held.
    Admission.objects.filter(prisoner=imported).update(arrested_at=None, commitment_reasons="  ")
    Admission.objects.get(prisoner=imported).property_items.all().delete()
    assert check.tallies(prisons=prisons, today=today())[prisons[1].pk].short == 1
    [person] = check.people(user=people["hq"], prison=prisons[1], today=today())
    assert check.gaps([person]) == {imported.pk: (AdmissionGap.COMMITMENT, AdmissionGap.ARREST, AdmissionGap.PROPERTY)}


def test_the_latest_admission_is_the_one_checked(world) -> None:
    prisons, _short, people = world
    person = complete(cell=prisons[2].units.first().cells.first(), given_names="Twice")
    older = Admission.objects.get(prisoner=person)
    # An earlier stay, recorded without any property: the present one's inventory is what counts.
    Admission.objects.create(
        prisoner=person,
        prison=prisons[2],
        admitted_at=older.admitted_at - timedelta(days=400),
        commitment_authority="High Court",
        commitment_reference="OLD-1",
        commitment_date=older.commitment_date - timedelta(days=400),
        commitment_reasons="Remand",
    )
    assert check.tallies(prisons=prisons, today=today())[prisons[2].pk].short == 0


def test_need_to_know(world) -> None:
    prisons, _short, people = world
    assert_need_to_know(check, prisons[0], people)


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    prisons, _short, _people = world
    assert_bounded(check, prisons, 1, django_assert_max_num_queries)
