"""Writes of complaints: who records, answers, appeals, refers and closes, each refusal, and the
audit trail (a confidential complaint never on the person's history)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from custodia.accounts import roles
from custodia.complaints import selectors, services
from custodia.complaints.models import Complaint
from custodia.core import audit
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.register.tests.factories import admit

from .factories import made, world

pytestmark = pytest.mark.django_db


def test_staff_record_a_complaint_with_its_deadline(make_staff):
    w = world(make_staff)
    complaint = made(w, made_on=timezone.localdate() - timedelta(days=3))
    assert complaint.due_on == complaint.made_on + timedelta(days=14)  # generic profile: answer_days 14
    assert complaint.prison == w.prison and complaint.status == "open"
    event = AuditEvent.objects.get(action="complaint.add")
    assert event.object_id == str(w.prisoner.pk) and "cold" not in str(event.changes)


def test_who_may_record(make_staff):
    w = world(make_staff)
    data = services.ComplaintData("complaint", "food", "person", "director", "Cold", timezone.localdate())
    for refused in (w.security, w.hq, make_staff("wing-elsewhere", roles.WING, prisons=[PrisonFactory()])):
        with pytest.raises(PermissionDenied):
            services.complaint_add(actor=refused, prisoner=w.prisoner, data=data)
    confidential = services.ComplaintData("complaint", "staff", "person", "inspection", "Beaten", timezone.localdate())
    with pytest.raises(PermissionDenied):
        services.complaint_add(actor=w.wing, prisoner=w.prisoner, data=confidential)
    assert services.complaint_add(actor=w.inspector, prisoner=w.prisoner, data=confidential).confidential


def test_bad_input_is_refused_by_field(make_staff):
    w = world(make_staff)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.complaint_add(
            actor=w.wing,
            prisoner=w.prisoner,
            data=services.ComplaintData("request", "weather", "friend", "director", " ", tomorrow, allegation=True),
        )
    assert set(refused.value.message_dict) == {"category", "made_by", "text", "made_on", "allegation"}
    assert not Complaint.objects.exists()


def test_the_director_answers_and_headquarters_answers_the_appeal(make_staff):
    w = world(make_staff)
    complaint = made(w)
    with pytest.raises(PermissionDenied):
        services.complaint_answer(actor=w.hq, complaint=complaint, outcome="upheld", answer="Yes")
    with pytest.raises(PermissionDenied):
        services.complaint_answer(actor=w.wing, complaint=complaint, outcome="upheld", answer="Yes")
    other = make_staff("director-elsewhere", roles.DIRECTOR, prisons=[PrisonFactory()])
    with pytest.raises(PermissionDenied):
        services.complaint_answer(actor=other, complaint=complaint, outcome="upheld", answer="Yes")
    with pytest.raises(ValidationError) as refused:
        services.complaint_answer(actor=w.director, complaint=complaint, outcome="granted", answer=" ")
    assert set(refused.value.message_dict) == {"outcome", "answer"}
    complaint = services.complaint_answer(actor=w.director, complaint=complaint, outcome="not_upheld", answer="Warm")
    with pytest.raises(ValidationError):
        services.complaint_answer(actor=w.director, complaint=complaint, outcome="upheld", answer="Again")
    with pytest.raises(ValidationError):
        services.complaint_appeal(actor=w.wing, complaint=complaint, grounds=" ")
    with pytest.raises(PermissionDenied):
        services.complaint_appeal(actor=w.hq, complaint=complaint, grounds="Still cold")
    complaint = services.complaint_appeal(actor=w.wing, complaint=complaint, grounds="Still cold")
    assert complaint.appeal_due_on == timezone.localdate() + timedelta(days=21)
    with pytest.raises(PermissionDenied):
        services.complaint_appeal_answer(actor=w.director, complaint=complaint, outcome="upheld", answer="Yes")
    complaint = services.complaint_appeal_answer(actor=w.hq, complaint=complaint, outcome="partly_upheld", answer="Hot")
    assert complaint.status == "closed" and complaint.closed_by == w.hq
    assert AuditEvent.objects.filter(object_id=str(w.prisoner.pk), action__startswith="complaint.").count() == 4


def test_a_request_is_granted_or_not(make_staff):
    w = world(make_staff)
    request = made(w, kind="request", addressee="headquarters")
    with pytest.raises(ValidationError) as refused:
        services.complaint_answer(actor=w.hq, complaint=request, outcome="upheld", answer="Yes")
    assert "outcome" in refused.value.message_dict
    services.complaint_answer(actor=w.hq, complaint=request, outcome="granted", answer="Yes")
    with pytest.raises(ValidationError):  # an answer of headquarters is not appealed to headquarters
        services.complaint_appeal(actor=w.wing, complaint=request, grounds="No")


def test_a_complaint_is_closed_once_answered(make_staff):
    w = world(make_staff)
    complaint = made(w)
    with pytest.raises(ValidationError):
        services.complaint_close(actor=w.director, complaint=complaint, note="Done")
    services.complaint_answer(actor=w.director, complaint=complaint, outcome="upheld", answer="Fixed")
    with pytest.raises(ValidationError) as refused:
        services.complaint_close(actor=w.director, complaint=complaint, note=" ")
    assert "note" in refused.value.message_dict
    closed = services.complaint_close(actor=w.director, complaint=complaint, note="Heaters mended")
    assert closed.status == "closed"
    with pytest.raises(ValidationError):
        services.complaint_close(actor=w.director, complaint=closed, note="Again")


def test_an_allegation_needs_its_referral_and_is_not_closed_by_the_prison(make_staff):
    w = world(make_staff)
    allegation = made(w, allegation=True, text="Beaten in the corridor", category="staff")
    with pytest.raises(ValidationError) as refused:
        services.complaint_close(actor=w.hq, complaint=allegation, note="Investigated")
    assert "Record the referral" in str(refused.value)
    with pytest.raises(PermissionDenied):
        services.complaint_refer(
            actor=w.wing, complaint=allegation, data=services.ReferralData("Prosecutor", timezone.localdate())
        )
    with pytest.raises(ValidationError) as refused:
        services.complaint_refer(
            actor=w.director,
            complaint=allegation,
            data=services.ReferralData(" ", timezone.localdate() + timedelta(days=1)),
        )
    assert set(refused.value.message_dict) == {"referred_to", "referred_on"}
    allegation = services.complaint_refer(
        actor=w.director,
        complaint=allegation,
        data=services.ReferralData("Public prosecutor", timezone.localdate(), "PP/2026/17"),
    )
    with pytest.raises(ValidationError):
        services.complaint_refer(
            actor=w.director, complaint=allegation, data=services.ReferralData("Again", timezone.localdate())
        )
    services.complaint_answer(actor=w.director, complaint=allegation, outcome="upheld", answer="Officer suspended")
    with pytest.raises(PermissionDenied) as denied:
        services.complaint_close(actor=w.director, complaint=allegation, note="Done")
    assert "never closed by the prison" in str(denied.value)
    assert services.complaint_close(actor=w.inspector, complaint=allegation, note="Prosecuted").status == "closed"


def test_a_confidential_complaint_exists_for_the_inspection_body_only(make_staff):
    w = world(make_staff)
    secret = made(w, addressee="inspection", text="ZQSECRET the guard", category="staff")
    for staff in (w.wing, w.director, w.hq, w.security):
        assert not selectors.complaints_visible(user=staff).filter(pk=secret.pk).exists()
        with pytest.raises(Complaint.DoesNotExist):
            selectors.complaint_get(user=staff, complaint_id=secret.pk)
    assert selectors.complaint_get(user=w.inspector, complaint_id=secret.pk) == secret
    # Not on the person's history: recorded on the complaint, under the restricted action, without content.
    [event] = AuditEvent.objects.filter(action__startswith="complaint.")
    assert (event.action, event.object_type, event.changes) == (
        "complaint.confidential",
        "complaints.complaint",
        {"step": [None, "complaint.add"]},
    )
    assert not [
        e for e in audit.events_for("register.prisoner", w.prisoner.pk, user=w.inspector) if "complaint" in e.action
    ]
    assert not [e for e in audit.events_for("complaints.complaint", secret.pk, user=w.hq)]
    assert [e.action for e in audit.events_for("complaints.complaint", secret.pk, user=w.inspector)] == [
        "complaint.confidential"
    ]
    services.complaint_answer(actor=w.inspector, complaint=secret, outcome="upheld", answer="Reported")
    with pytest.raises(PermissionDenied):
        services.complaint_close(actor=w.hq, complaint=secret, note="Done")


def test_complaints_events_on_the_file_are_read_only_by_who_reads_complaints(make_staff):
    w = world(make_staff)
    made(w)
    assert [e.action for e in audit.events_for("register.prisoner", w.prisoner.pk, user=w.wing)].count(
        "complaint.add"
    ) == 1
    assert "complaint.add" not in [
        e.action for e in audit.events_for("register.prisoner", w.prisoner.pk, user=w.security)
    ]


def test_an_admission_with_a_complaint_of_ill_treatment_opens_an_allegation(make_staff):
    prisoner = admit(commitment={"ill_treatment_complaint": "ZQHEALTH beaten at the police station"})
    [allegation] = Complaint.objects.filter(prisoner=prisoner)
    assert allegation.allegation and allegation.addressee == "director" and allegation.admission is not None
    assert allegation.text == ""  # the words stay in the health section
    assert services.allegations_from_admissions() == 0  # once per admission
    assert not Complaint.objects.filter(prisoner=admit(given_names="Calm")).exists()


def test_admissions_written_without_the_service_get_their_allegation(make_staff):
    prisoner = admit(commitment={"ill_treatment_complaint": "Beaten"})
    Complaint.objects.all().delete()
    out = StringIO()
    call_command("allegations_from_admissions", stdout=out)  # after an upgrade or an import
    assert out.getvalue().startswith("1 allegation")
    assert Complaint.objects.get().prisoner == prisoner
    assert services.allegations_from_admissions() == 0


def test_overdue_lists(make_staff):
    w = world(make_staff)
    long_ago = timezone.localdate() - timedelta(days=30)
    late = made(w, made_on=long_ago)
    late_hq = made(w, made_on=long_ago, addressee="headquarters")
    made(w)
    allegation = made(w, made_on=long_ago, allegation=True, category="staff")
    assert set(selectors.overdue_for(user=w.director)) == {late, allegation}
    assert set(selectors.overdue_for(user=w.hq)) == {late_hq}
    assert set(selectors.referrals_missing(user=w.hq, referral_days=2)) == {allegation}
    assert not selectors.overdue_for(user=w.wing).exists()
