"""Incident reports through their services: written by an officer of the prison, reviewed by
someone else, the serious ones making the perpetrators' reassessment due, force and injuries
opening a medical examination; everything audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custodia.assessment.models import ReassessmentTrigger
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory
from custodia.incidents import selectors, services
from custodia.incidents.choices import IncidentStatus
from custodia.incidents.models import Incident, MedicalExamination

from .factories import data, held, submitted

pytestmark = pytest.mark.django_db


def test_a_report_is_written_submitted_and_closed_by_someone_else(staff):
    prisoner = held(staff["prison"])
    incident = submitted(staff["security"], prisoner)
    assert incident.status == IncidentStatus.AWAITING_REVIEW and incident.serious
    with pytest.raises(PermissionDenied, match="someone other than who wrote it"):
        services.incident_close(actor=staff["security"], incident=incident)
    with pytest.raises(PermissionDenied, match="right to review"):
        services.incident_close(actor=staff["wing"], incident=incident)
    services.incident_close(actor=staff["director"], incident=incident, comment="Adjudication opened")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED and incident.reviewed_by == staff["director"]
    actions = list(AuditEvent.objects.filter(object_type__endswith="incident").values_list("action", flat=True))
    assert {"incident.draft", "incident.submit", "incident.close"} <= set(actions)


def test_closing_a_serious_report_makes_the_perpetrators_reassessment_due(staff):
    perpetrator, victim = held(staff["prison"]), held(staff["prison"])
    incident = services.incident_draft(
        actor=staff["wing"], prison=staff["prison"], data=data("assault_on_prisoner", answers={})
    )
    for person, role in ((perpetrator, "perpetrator"), (victim, "victim")):
        services.involvement_add(
            actor=staff["wing"], incident=incident, data=services.InvolvementData(role=role, prisoner_id=person.pk)
        )
    services.incident_submit(actor=staff["wing"], incident=incident)
    assert not ReassessmentTrigger.objects.exists()  # not before the review
    services.incident_close(actor=staff["director"], incident=incident)
    trigger = ReassessmentTrigger.objects.get()
    assert trigger.prisoner == perpetrator and trigger.event == "serious_incident"
    assert trigger.occurred_on == timezone.localdate(incident.occurred_at)
    assert f"#{incident.pk}" in trigger.note


def test_self_harm_is_never_a_trigger(staff):
    prisoner = held(staff["prison"])
    incident = submitted(staff["wing"], prisoner, type_code="self_harm", role="involved", answers={"hospital": "no"})
    services.incident_close(actor=staff["security"], incident=incident)
    assert not ReassessmentTrigger.objects.exists()
    assert MedicalExamination.objects.filter(involvement__prisoner=prisoner).exists()


def test_returned_for_more_information_then_submitted_again(staff):
    incident = submitted(staff["wing"], held(staff["prison"]))
    with pytest.raises(ValidationError) as exc:
        services.incident_return(actor=staff["security"], incident=incident, comment=" ")
    assert "comment" in exc.value.message_dict
    services.incident_return(actor=staff["security"], incident=incident, comment="Who used force?")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.RETURNED
    services.incident_edit(actor=staff["wing"], incident=incident, data=data(place="Corridor of block B"))
    services.incident_submit(actor=staff["wing"], incident=incident)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.AWAITING_REVIEW and incident.place == "Corridor of block B"
    assert MedicalExamination.objects.count() == 1  # submitted twice, owed once


def test_set_aside_reports_are_kept_and_not_counted(staff):
    first = submitted(staff["wing"], held(staff["prison"]))
    second = submitted(staff["director"], held(staff["prison"]))
    with pytest.raises(ValidationError) as exc:
        services.incident_set_aside(actor=staff["security"], incident=second, comment="Same", duplicate_of=second.pk)
    assert "duplicate_of" in exc.value.message_dict
    services.incident_set_aside(actor=staff["security"], incident=second, comment="Same fight", duplicate_of=first.pk)
    second.refresh_from_db()
    assert second.status == IncidentStatus.DUPLICATE and second.duplicate_of == first
    listed = selectors.incident_rows(user=staff["security"], filters=selectors.Filters())
    assert list(listed) == [first]
    aside = selectors.incident_rows(user=staff["security"], filters=selectors.Filters(show=selectors.SHOW_SET_ASIDE))
    assert list(aside) == [second]


def test_what_a_report_needs(staff):
    prisoner = held(staff["prison"])
    with pytest.raises(ValidationError) as exc:
        services.incident_draft(
            actor=staff["wing"],
            prison=staff["prison"],
            data=data(occurred_at=timezone.now() + timedelta(hours=1), place=" ", answers={"weapon_used": "maybe"}),
        )
    assert {"occurred_at", "place", "answer_weapon_used"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.incident_draft(actor=staff["wing"], prison=staff["prison"], data=data("no_such_kind"))
    assert "type_code" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.incident_draft(actor=staff["elsewhere"], prison=staff["prison"], data=data())
    with pytest.raises(PermissionDenied):
        services.incident_draft(actor=staff["nurse"], prison=staff["prison"], data=data())
    incident = services.incident_draft(actor=staff["wing"], prison=staff["prison"], data=data())
    with pytest.raises(ValidationError) as exc:
        services.incident_submit(actor=staff["wing"], incident=incident)
    assert "status" in exc.value.message_dict  # nobody named
    with pytest.raises(ValidationError) as exc:
        services.involvement_add(
            actor=staff["wing"],
            incident=incident,
            data=services.InvolvementData(role="perpetrator", prisoner_id=prisoner.pk, force_technique="baton"),
        )
    assert "force_reason" in exc.value.message_dict
    elsewhere = held(CellFactory().unit.prison)
    with pytest.raises(ValidationError) as exc:
        services.involvement_add(
            actor=staff["wing"],
            incident=incident,
            data=services.InvolvementData(role="victim", prisoner_id=elsewhere.pk),
        )
    assert "prisoner_id" in exc.value.message_dict
    with pytest.raises(PermissionDenied, match="Only the officer who wrote"):
        services.involvement_add(
            actor=staff["security"],
            incident=incident,
            data=services.InvolvementData(role="staff", staff_name="Officer Okello"),
        )


def test_a_medical_examination_is_recorded_by_health_care_staff(staff):
    prisoner = held(staff["prison"])
    submitted(staff["wing"], prisoner)
    examination = MedicalExamination.objects.get()
    assert list(selectors.examinations_owed(user=staff["director"])) == [examination]
    with pytest.raises(PermissionDenied):
        services.examination_record(
            actor=staff["director"], examination=examination, examined_at=timezone.now(), findings="x"
        )
    with pytest.raises(ValidationError) as exc:
        services.examination_record(
            actor=staff["nurse"],
            examination=examination,
            examined_at=timezone.now(),
            findings="Bruising",
            signs_of_ill_treatment=True,
        )
    assert "reported_to" in exc.value.message_dict
    services.examination_record(
        actor=staff["nurse"],
        examination=examination,
        examined_at=timezone.now(),
        findings="Graze on the left elbow, consistent with the account",
    )
    assert not selectors.examinations_owed(user=staff["director"]).exists()
    event = AuditEvent.objects.get(action="incident.medical_examination")
    assert event.object_id == str(prisoner.pk)
    # The findings are medical: the director, who may read the health section, reads them; a
    # security officer sees that the examination took place.
    shown = selectors.examination_open(user=staff["security"], examination_id=examination.pk)
    assert not shown.findings and str(shown.findings) == "Withheld"
    assert selectors.examination_open(user=staff["director"], examination_id=examination.pk).findings.startswith(
        "Graze"
    )


def test_a_draft_is_its_writers_alone_and_other_prisons_see_nothing(staff):
    incident = services.incident_draft(actor=staff["wing"], prison=staff["prison"], data=data())
    assert list(selectors.incidents_visible(user=staff["wing"])) == [incident]
    assert not selectors.incidents_visible(user=staff["security"]).exists()
    services.involvement_add(
        actor=staff["wing"],
        incident=incident,
        data=services.InvolvementData(role="victim", prisoner_id=held(staff["prison"]).pk),
    )
    services.incident_submit(actor=staff["wing"], incident=incident)
    assert selectors.incidents_visible(user=staff["security"]).exists()
    assert not selectors.incidents_visible(user=staff["elsewhere"]).exists()
    assert not selectors.incidents_visible(user=staff["nurse"]).exists()
    assert Incident.objects.count() == 1
