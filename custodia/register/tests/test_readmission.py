"""A person already on file: readmitted on that file after a release (services.prisoner_readmit),
or admitted as another person with the reason recorded (services.prisoner_admit, not_same_as)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory
from custodia.register import services
from custodia.register.choices import CustodyStatus, LegalStatus, NameKind
from custodia.register.models import Prisoner

from .factories import admission_data, admit, released

pytestmark = pytest.mark.django_db


def again(cell, **kwargs) -> services.AdmissionData:
    """The admission as typed the second time: the same name in capitals, and an alias."""
    names = [
        services.NameData("AMINA", "OKELLO"),
        services.NameData("Mina", "", kind=NameKind.ALIAS),
    ]
    return admission_data(cell=cell, names=names, legal_status=LegalStatus.CONVICTED, **kwargs)


def test_a_released_person_is_readmitted_on_the_same_file(staff_user):
    cell = CellFactory()
    person = released(cell)
    version = person.version
    data = again(
        cell,
        offences=[services.OffenceData("0401", "Robbery")],
        family=[services.FamilyData("Peter", "spouse")],
        property_items=[services.PropertyData("Watch")],
    )
    readmitted = services.prisoner_readmit(actor=staff_user, prisoner=person, data=data)

    assert Prisoner.objects.count() == 1
    person.refresh_from_db()
    assert (person.custody_status, person.current_prison, person.current_cell) == (
        CustodyStatus.IN_CUSTODY,
        cell.unit.prison,
        cell,
    )
    assert readmitted.pk == person.pk and person.version == version + 1
    assert person.legal_status == LegalStatus.CONVICTED
    assert person.admissions.count() == 2 and person.custody_periods.filter(ended_at__isnull=True).count() == 1
    assert person.admissions.order_by("-admitted_at").first().property_items.get().description == "Watch"
    assert person.offences.get().national_wording == "Robbery"
    assert person.legal_status_history.filter(note="On readmission").exists()
    # The file keeps its name; the alias given now is added (the same name in capitals is not).
    assert person.display_name == "Amina Okello"
    assert sorted(person.names.values_list("given_names", flat=True)) == ["Amina", "Mina"]
    assert "mina" in person.search_text.split(" | ")[-1]
    event = AuditEvent.objects.get(action="prisoner.readmit")
    assert event.actor == staff_user and event.changes["custody_status"] == ["released", "in_custody"]
    assert event.changes["legal_status"] == ["pre_trial", "convicted"]


def test_a_relative_already_on_file_is_not_listed_twice(staff_user):
    cell = CellFactory()
    person = released(cell, family=[services.FamilyData("Peter", "spouse")])
    data = again(
        cell, family=[services.FamilyData("Peter", "spouse"), services.FamilyData("Ruth", "child", whereabouts="Gulu")]
    )
    services.prisoner_readmit(actor=staff_user, prisoner=person, data=data)
    assert sorted(person.family.values_list("name", flat=True)) == ["Peter", "Ruth"]


def test_only_a_released_person_is_readmitted(staff_user):
    person = admit(cell=CellFactory())
    with pytest.raises(ValidationError) as exc:
        services.prisoner_readmit(actor=staff_user, prisoner=person, data=again(CellFactory()))
    assert "Only a released person can be readmitted" in exc.value.message_dict["prisoner"][0]
    assert person.admissions.count() == 1


def test_a_readmission_before_the_release_is_refused_on_the_admission_date(staff_user):
    cell = CellFactory()
    person = released(cell)
    with pytest.raises(ValidationError) as exc:
        services.prisoner_readmit(
            actor=staff_user, prisoner=person, data=again(cell, admitted_at=timezone.now() - timedelta(days=40))
        )
    assert "admitted_at" in exc.value.message_dict


def test_a_readmission_goes_through_the_placement_check(staff_user):
    cell = CellFactory()
    person = released(cell)
    admit(cell=CellFactory(unit=cell.unit), given_names="Sarah", legal_status=LegalStatus.PRE_TRIAL)
    with pytest.raises(ValidationError) as exc:
        services.prisoner_readmit(actor=staff_user, prisoner=person, data=again(cell))  # convicted now
    assert "Rule 11(b)" in exc.value.message_dict["cell"][0]
    person.refresh_from_db()
    assert person.custody_status == CustodyStatus.RELEASED and person.admissions.count() == 1


def test_a_new_file_for_someone_like_a_person_on_file_records_why(staff_user):
    on_file = admit()
    with pytest.raises(ValidationError) as exc:
        services.prisoner_admit(
            actor=staff_user, data=admission_data(), not_same_as=services.NotSameAs([on_file.number], "  ")
        )
    assert "not_same_reason" in exc.value.message_dict
    new = services.prisoner_admit(
        actor=staff_user,
        data=admission_data(),
        not_same_as=services.NotSameAs([on_file.number], "Another mother, born in Lira"),
    )
    event = AuditEvent.objects.get(action="prisoner.admit", object_id=str(new.pk))
    assert event.changes["not_same_as"] == [None, [on_file.number]]
    assert event.reason == "Another mother, born in Lira"
