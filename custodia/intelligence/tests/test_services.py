"""Intelligence reports through their services: passed on by any officer at their prison, graded
by the security officer with the profile's system, reliable grades writing the reassessment and
classification review triggers, sanitised, shared with the approval the handling code needs (by
someone other than who asked); every step audited in its transaction."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment.models import ReassessmentTrigger
from custodia.core import audit
from custodia.core.models import AuditEvent
from custodia.estate.selectors import forget_active_profile, service_get
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory
from custodia.intelligence import services
from custodia.intelligence.models import IntelligenceReport, Sharing, Subject

from .factories import about, data, graded, held, staff, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(make_staff):
    return staff(make_staff)


@pytest.fixture
def kazakhstan(db):
    service = service_get() or PrisonServiceFactory()
    service.profile, service.country_code = "kazakhstan", "KZ"
    service.save()
    forget_active_profile()
    yield
    forget_active_profile()


def test_any_officer_passes_information_on_about_people_places_and_groups(s):
    person = held(s.prison)
    report = services.report_submit(
        actor=s.wing,
        prison=s.prison,
        data=data(
            about(person),
            services.SubjectData(kind="outside_person", name="Brother, visits on Sundays", role="courier"),
            services.SubjectData(kind="place", name="Yard of block C"),
            services.SubjectData(kind="group", name="Study circle"),
        ),
    )
    assert report.status == "submitted" and report.submitted_by == s.wing
    assert [sub.kind for sub in report.subjects.all()] == ["in_custody", "outside_person", "place", "group"]
    event = AuditEvent.objects.get(action="intelligence.submit")
    assert event.object_type == "intelligence.intelligencereport" and event.object_id == str(report.pk)
    # Never against the person's file: its history must not tell of intelligence.
    assert not AuditEvent.objects.filter(action__startswith="intelligence.", object_type="register.prisoner").exists()


def test_what_a_submission_needs(s, make_staff):
    elsewhere = held(CellFactory().unit.prison)
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=s.wing,
            prison=s.prison,
            data=data(
                about(elsewhere),
                services.SubjectData(kind="place", name=" "),
                content=" ",
                observed_at=timezone.now() + timedelta(hours=1),
            ),
        )
    problems = exc.value.message_dict
    assert {"content", "observed_at", "subjects.0.prisoner_id", "subjects.1.name"} <= set(problems)
    # A person held elsewhere and an unknown id get the same answer.
    with pytest.raises(ValidationError) as unknown:
        services.report_submit(
            actor=s.wing, prison=s.prison, data=data(services.SubjectData(kind="in_custody", prisoner_id=999999))
        )
    assert unknown.value.message_dict["subjects.0.prisoner_id"] == problems["subjects.0.prisoner_id"]
    with pytest.raises(ValidationError) as none:
        services.report_submit(actor=s.wing, prison=s.prison, data=data())
    assert "subjects" in none.value.message_dict
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=s.hq, prison=s.prison, data=data(about(held(s.prison))))
    other = make_staff("other-wing", roles.WING, prisons=[CellFactory().unit.prison])
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=other, prison=s.prison, data=data(about(held(s.prison))))
    nurse = make_staff("nurse", roles.HEALTH, prisons=[s.prison])
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=nurse, prison=s.prison, data=data(about(held(s.prison))))
    assert not IntelligenceReport.objects.exists()


def test_grading_follows_the_profiles_system_and_reliable_grades_write_the_triggers(s):
    person, other = held(s.prison), held(s.prison)
    report = services.report_submit(actor=s.wing, prison=s.prison, data=data(about(person), about(other)))
    with pytest.raises(PermissionDenied, match="security officer"):
        services.report_grade(
            actor=s.director, report=report, source="A", information="1", handling="1", assessment="x"
        )
    with pytest.raises(ValidationError) as exc:
        services.report_grade(actor=s.security, report=report, source="1", information="A", handling="P", assessment="")
    assert set(exc.value.message_dict) == {"source_grade", "information_grade", "handling_code", "assessment"}
    graded_ = services.report_grade(
        actor=s.security, report=report, source="B", information="2", handling="3", assessment="Corroborated"
    )
    assert graded_.report.status == "graded" and graded_.report.grading_system == "5x5x5"
    assert {p.pk for p in graded_.triggered} == {person.pk, other.pk}
    triggers = ReassessmentTrigger.objects.filter(event="reliable_intelligence")
    assert {t.prisoner_id for t in triggers} == {person.pk, other.pk}
    # The note names the report, never what it says.
    assert all(t.note == f"Intelligence report #{report.pk}" for t in triggers)
    assert all("yard" not in t.note for t in triggers)
    grade_event = AuditEvent.objects.get(action="intelligence.grade")
    assert grade_event.changes["reliable"] == [None, True]
    # Graded once.
    with pytest.raises(ValidationError) as again:
        services.report_grade(
            actor=s.security2, report=report, source="A", information="1", handling="1", assessment="x"
        )
    assert "status" in again.value.message_dict


def test_an_unreliable_grade_writes_no_trigger(s):
    person = held(s.prison)
    graded(s.wing, s.security, person, source="C", information="1")
    graded(s.wing, s.security, person, source="A", information="3")
    assert not ReassessmentTrigger.objects.exists()


def test_3x5x2_where_the_profile_chooses_it(s, kazakhstan):
    person = held(s.prison)
    report = submitted(s.wing, person)
    with pytest.raises(ValidationError):
        services.report_grade(
            actor=s.security, report=report, source="B", information="2", handling="1", assessment="x"
        )
    done = services.report_grade(
        actor=s.security, report=report, source="1", information="B", handling="C", assessment="x"
    )
    assert done.report.grading_system == "3x5x2" and done.triggered == [person]


def test_a_security_officer_may_grade_what_they_submitted_and_it_is_recorded(s):
    report = graded(s.security, s.security, held(s.prison), source="C", information="3")
    assert report.graded_by == report.submitted_by
    assert AuditEvent.objects.get(action="intelligence.grade").changes["graded_by_submitter"] == [None, True]


def test_a_stale_grade_is_refused(s):
    report = submitted(s.wing, held(s.prison))
    with pytest.raises(ValidationError) as exc:
        services.report_grade(
            actor=s.security, report=report, source="B", information="2", handling="1", assessment="x", version=0
        )
    assert "version" in exc.value.message_dict


def test_sharing_follows_the_handling_code(s, make_staff):
    person = held(s.prison)
    open_ = graded(s.wing, s.security, person, handling="1")
    police = services.sharing_request(
        actor=s.security,
        report=open_,
        data=services.SharingData("Central police station", "law_enforcement", "Investigation of recruitment"),
    )
    assert police.status == "approved" and not police.needs_approval and police.decided_by is None
    probation = services.sharing_request(
        actor=s.security,
        report=open_,
        data=services.SharingData("Probation office", "other_public_body", "Supervision after release"),
    )
    assert probation.status == "requested" and probation.needs_approval
    with pytest.raises(PermissionDenied, match="director"):
        services.sharing_decide(actor=s.security2, sharing=probation, approve=True)
    # An officer who is both security officer and director does not approve what they asked.
    both = make_staff("both", roles.SECURITY, roles.DIRECTOR, prisons=[s.prison])
    asked = services.sharing_request(
        actor=both, report=open_, data=services.SharingData("Probation office", "other_public_body", "Again")
    )
    with pytest.raises(PermissionDenied, match="someone other than who asked"):
        services.sharing_decide(actor=both, sharing=asked, approve=True)
    with pytest.raises(ValidationError) as exc:
        services.sharing_decide(actor=s.director, sharing=probation, approve=False)
    assert "note" in exc.value.message_dict
    services.sharing_decide(actor=s.director, sharing=probation, approve=True, note="Needed for supervision")
    probation.refresh_from_db()
    assert probation.status == "approved" and probation.decided_by == s.director
    services.sharing_mark_shared(actor=s.security, sharing=probation)
    probation.refresh_from_db()
    assert probation.status == "shared" and probation.shared_at is not None
    with pytest.raises(ValidationError):
        services.sharing_mark_shared(actor=s.security, sharing=probation)  # shared once

    inside = graded(s.wing, s.security, person, source="C", information="3", handling="4")
    with pytest.raises(ValidationError) as exc:
        services.sharing_request(
            actor=s.security, report=inside, data=services.SharingData("Police", "law_enforcement", "x")
        )
    assert "handling code 4" in exc.value.message_dict["agency_kind"][0]
    actions = set(AuditEvent.objects.filter(action__startswith="intelligence.share").values_list("action", flat=True))
    assert actions == {"intelligence.share.request", "intelligence.share.approve", "intelligence.share.done"}


def test_the_most_restricted_code_needs_headquarters_and_conditions(s):
    report = graded(s.wing, s.security, held(s.prison), handling="5")
    sanitised = services.sanitised_make(actor=s.security, report=report, text="A man is reported to recruit.")
    with pytest.raises(ValidationError):
        services.sanitised_make(actor=s.security, report=report, text=report.content)
    sharing = services.sharing_request(
        actor=s.security,
        report=report,
        data=services.SharingData("Police", "law_enforcement", "Investigation", sanitised_id=sanitised.pk),
    )
    assert sharing.status == "requested" and sharing.sanitised == sanitised
    # The director may not read a report graded 5, so cannot approve its sharing.
    with pytest.raises(PermissionDenied):
        services.sharing_decide(actor=s.director, sharing=sharing, approve=True, conditions="Not to be disclosed")
    with pytest.raises(ValidationError) as exc:
        services.sharing_decide(actor=s.hq, sharing=sharing, approve=True)
    assert "conditions" in exc.value.message_dict
    services.sharing_decide(actor=s.hq, sharing=sharing, approve=True, conditions="Not to be disclosed in court")
    sharing.refresh_from_db()
    assert sharing.status == "approved" and sharing.conditions == "Not to be disclosed in court"


def test_only_a_graded_report_is_sanitised_or_shared(s):
    report = submitted(s.wing, held(s.prison))
    with pytest.raises(PermissionDenied, match="graded"):
        services.sanitised_make(actor=s.security, report=report, text="x")
    with pytest.raises(PermissionDenied):
        services.sharing_request(actor=s.wing, report=report, data=services.SharingData("P", "prosecution", "x"))


def test_the_database_refuses_an_approval_by_the_requester(s):
    report = graded(s.wing, s.security, held(s.prison), handling="2")
    sharing = services.sharing_request(
        actor=s.security, report=report, data=services.SharingData("Probation", "other_public_body", "x")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Sharing.objects.filter(pk=sharing.pk).update(decided_by=s.security)


def test_a_report_is_never_deleted_with_its_subjects(s):
    report = submitted(s.wing, held(s.prison))
    with pytest.raises(Exception):  # noqa: B017, PT011 - PROTECT
        Subject.objects.filter(report=report).first().prisoner.delete()
    assert IntelligenceReport.objects.filter(pk=report.pk).exists()


def test_intelligence_events_are_restricted_in_histories(s):
    report = graded(s.wing, s.security, held(s.prison))
    for user, seen in ((s.wing, False), (s.director, True)):
        events = audit.events_for("intelligence.intelligencereport", report.pk, user=user)
        assert bool(events) is seen
