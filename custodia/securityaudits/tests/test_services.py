"""Writes of security audits: who may act, what each step checks, the scores kept when final,
the follow-up of actions by the prison, and the audit event of each step."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.securityaudits import checklist, services
from custodia.securityaudits.models import SecurityAudit

from .factories import final_audit, rate_all, world

pytestmark = pytest.mark.django_db


def test_only_an_auditor_starts_an_audit_one_at_a_time_after_the_visit(make_staff):
    w = world(make_staff)
    today = timezone.localdate()
    for someone in (w.security, w.director):
        with pytest.raises(PermissionDenied):
            services.audit_start(actor=someone, prison=w.prison, audited_on=today)
    with pytest.raises(ValidationError) as refused:
        services.audit_start(actor=w.auditor, prison=w.prison, audited_on=today + timedelta(days=1))
    assert list(refused.value.message_dict) == ["audited_on"]
    audit = services.audit_start(actor=w.auditor, prison=w.prison, audited_on=today)
    assert audit.checklist_version == checklist.current().version
    with pytest.raises(ValidationError) as refused:
        services.audit_start(actor=w.auditor, prison=w.prison, audited_on=today)
    assert list(refused.value.message_dict) == ["prison"]
    assert AuditEvent.objects.filter(action="security_audit.start", object_id=str(audit.pk)).count() == 1


def test_ratings_are_recorded_and_changed_item_by_item(make_staff):
    w = world(make_staff)
    audit = services.audit_start(actor=w.auditor, prison=w.prison, audited_on=timezone.localdate())
    services.ratings_record(
        actor=w.auditor, audit=audit, ratings=[services.RatingData("perimeter", "partly_met", "Two lamps out")]
    )
    services.ratings_record(
        actor=w.auditor,
        audit=audit,
        ratings=[services.RatingData("perimeter", "met", ""), services.RatingData("counts", "not_met", "No recount")],
    )
    assert dict(audit.ratings.values_list("item_code", "rating")) == {"perimeter": "met", "counts": "not_met"}
    assert dict(audit.ratings.values_list("item_code", "area_code"))["counts"] == "procedural"
    with pytest.raises(ValidationError) as refused:
        services.ratings_record(
            actor=w.auditor,
            audit=audit,
            ratings=[services.RatingData("moat", "met"), services.RatingData("counts", "great")],
        )
    assert set(refused.value.message_dict) == {"rating_moat", "rating_counts"}
    with pytest.raises(PermissionDenied):
        services.ratings_record(actor=w.security, audit=audit, ratings=[services.RatingData("perimeter", "not_met")])
    assert AuditEvent.objects.filter(action="security_audit.rate").count() == 2


def test_an_audit_is_final_only_when_complete_and_keeps_its_scores(make_staff):
    w = world(make_staff)
    audit = services.audit_start(actor=w.auditor, prison=w.prison, audited_on=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        services.audit_finalise(actor=w.auditor, audit=audit, summary="Done")
    assert "Rate every item" in refused.value.message_dict["status"][0]
    rate_all(w, audit, perimeter="not_met", counts="partly_met", staff_presence="not_applicable")
    services.ratings_record(actor=w.auditor, audit=audit, ratings=[services.RatingData("counts", "partly_met", "")])
    with pytest.raises(ValidationError) as refused:
        services.audit_finalise(actor=w.auditor, audit=audit, summary="Done")
    problems = refused.value.message_dict["status"]
    assert any("Say what was seen" in p and "Roll counts" in p for p in problems)
    assert any("Recommend an action" in p and "perimeter" in p for p in problems)
    with pytest.raises(ValidationError) as refused:
        services.audit_finalise(actor=w.auditor, audit=audit, summary=" ")
    assert list(refused.value.message_dict) == ["summary"]
    services.ratings_record(
        actor=w.auditor, audit=audit, ratings=[services.RatingData("counts", "partly_met", "One count missed")]
    )
    services.action_recommend(
        actor=w.auditor,
        audit=audit,
        data=services.ActionData(
            "Replace the lamps", "Head of works", timezone.localdate() + timedelta(days=30), "perimeter"
        ),
    )
    audit = services.audit_finalise(actor=w.auditor, audit=audit, summary="Perimeter lighting to repair.")
    assert audit.status == "final" and audit.finalised_by == w.auditor
    # Physical: 3 met of 4 (75); procedural: 3 met and one partly met of 4 (88); dynamic: 3 of 3 (100).
    assert audit.area_scores == {"physical": 75, "procedural": 88, "dynamic": 100, "intelligence": 100, "vep": 100}
    assert audit.overall_score == round(100 * 17.5 / 19)
    with pytest.raises(ValidationError) as refused:
        services.ratings_record(actor=w.auditor, audit=audit, ratings=[services.RatingData("perimeter", "met")])
    assert list(refused.value.message_dict) == ["status"]
    with pytest.raises(ValidationError):
        services.action_recommend(
            actor=w.auditor, audit=audit, data=services.ActionData("More", "Director", timezone.localdate())
        )


def test_an_action_is_checked_before_it_is_recommended(make_staff):
    w = world(make_staff)
    audit = services.audit_start(actor=w.auditor, prison=w.prison, audited_on=timezone.localdate() - timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        services.action_recommend(
            actor=w.auditor,
            audit=audit,
            data=services.ActionData(" ", "", timezone.localdate() - timedelta(days=10), "moat"),
        )
    assert set(refused.value.message_dict) == {"item_code", "description", "owner", "due_on"}


def test_the_prison_records_an_action_done_and_no_one_else(make_staff):
    w = world(make_staff)
    audit = final_audit(w, not_met=("keys_locks",))
    action = audit.actions.get()
    elsewhere = make_staff("security-elsewhere", roles.SECURITY, prisons=[PrisonFactory()])
    today = timezone.localdate()
    for someone in (elsewhere, w.auditor):
        with pytest.raises(PermissionDenied):
            services.action_done(actor=someone, action=action, done_on=today, note="Done")
    with pytest.raises(ValidationError) as refused:
        services.action_done(actor=w.security, action=action, done_on=today + timedelta(days=1), note=" ")
    assert set(refused.value.message_dict) == {"done_on", "note"}
    action = services.action_done(actor=w.director, action=action, done_on=today, note="Locks changed, keys counted")
    assert action.status == "done" and action.done_by == w.director
    with pytest.raises(ValidationError) as refused:
        services.action_done(actor=w.security, action=action, done_on=today, note="Again")
    assert list(refused.value.message_dict) == ["status"]
    assert AuditEvent.objects.filter(action="security_audit.action.done", object_id=str(audit.pk)).count() == 1


def test_the_actions_of_an_audit_in_progress_are_not_followed_up_yet(make_staff):
    w = world(make_staff)
    audit = services.audit_start(actor=w.auditor, prison=w.prison, audited_on=timezone.localdate())
    action = services.action_recommend(
        actor=w.auditor,
        audit=audit,
        data=services.ActionData("Train staff", "Training officer", timezone.localdate() + timedelta(days=90)),
    )
    with pytest.raises(ValidationError) as refused:
        services.action_done(actor=w.security, action=action, done_on=timezone.localdate(), note="Done")
    assert list(refused.value.message_dict) == ["status"]
    assert SecurityAudit.objects.get().status == "in_progress"
