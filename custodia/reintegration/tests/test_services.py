"""Writes of release planning: every transition, who may act, consent enforced, audit events."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from custodia.classification.tests.factories import world
from custodia.core.models import AuditEvent
from custodia.reintegration import selectors, services
from custodia.reintegration.choices import Answer, OpenedHow, Pathway, PathwayStatus
from custodia.reintegration.models import FollowUp, ReleasePlan

from .factories import PROBATION, near_release, release, released_plan

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_due_plans_open_once_by_the_command(make_staff):
    w = near_release(make_staff, months=3)
    later = near_release(make_staff, months=9)
    call_command("open_release_plans", stdout=io.StringIO())
    call_command("open_release_plans", stdout=io.StringIO())  # idempotent
    plan = ReleasePlan.objects.get()
    assert (plan.prisoner, plan.opened_how, plan.opened_by) == (w.prisoner, OpenedHow.SCHEDULE, None)
    assert plan.pathways.count() == len(Pathway) and not ReleasePlan.objects.filter(prisoner=later.prisoner).exists()
    assert actions().count("release_plan.open") == 1


def test_a_case_manager_opens_on_request_for_a_person_on_remand(make_staff):
    w = world(make_staff)  # on remand: no release date
    plan = services.release_plan_open(actor=w.case_manager, prisoner=w.prisoner)
    assert plan.opened_how == OpenedHow.REQUEST and plan.release_on is None
    with pytest.raises(ValidationError):
        services.release_plan_open(actor=w.case_manager, prisoner=w.prisoner)
    with pytest.raises(PermissionDenied):
        services.release_plan_open(actor=w.director, prisoner=w.prisoner)


def test_pathways_actions_and_their_audit(make_staff):
    w = near_release(make_staff)
    plan = services.release_plan_open(actor=w.case_manager, prisoner=w.prisoner)
    housing = plan.pathways.get(pathway=Pathway.ACCOMMODATION)
    services.pathway_status_change(actor=w.case_manager, pathway=housing, status=PathwayStatus.IN_PROGRESS, version=1)
    with pytest.raises(ValidationError):  # stale version
        services.pathway_status_change(actor=w.case_manager, pathway=housing, status=PathwayStatus.RESOLVED, version=1)
    with pytest.raises(ValidationError):  # not a move the pathway allows
        services.pathway_status_change(actor=w.case_manager, pathway=housing, status=PathwayStatus.NOT_STARTED)
    action = services.action_add(
        actor=w.case_manager, pathway=housing, text="Hostel place", responsible="Probation", target_on=None
    )
    with pytest.raises(ValidationError):
        services.action_add(actor=w.case_manager, pathway=housing, text=" ", responsible="")
    services.action_done(actor=w.case_manager, action=action)
    with pytest.raises(ValidationError):
        services.action_done(actor=w.case_manager, action=action)
    with pytest.raises(PermissionDenied):
        services.pathway_status_change(actor=w.director, pathway=housing, status=PathwayStatus.RESOLVED)
    assert actions()[-3:] == ["release_plan.pathway.status", "release_plan.action.add", "release_plan.action.done"]


def test_referral_consent_and_answer(make_staff):
    w = near_release(make_staff)
    plan = services.release_plan_open(actor=w.case_manager, prisoner=w.prisoner)
    referral = services.referral_make(actor=w.case_manager, plan=plan, data=PROBATION)
    assert selectors.consent_in_force(referral) is None
    with pytest.raises(ValidationError) as refused:
        services.referral_make(actor=w.case_manager, plan=plan, data=services.ReferralData("", "nope"))
    assert set(refused.value.message_dict) == {"agency_name", "agency_kind"}
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            actor=w.case_manager, referral=referral, data=services.ConsentData(["accommodation"], today, "")
        )
    assert "explained_in" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.consent_record(
            actor=w.case_manager, referral=referral, data=services.ConsentData(["religion"], today, "Luganda")
        )
    services.consent_record(
        actor=w.case_manager,
        referral=referral,
        data=services.ConsentData(["sentence_plan", "accommodation"], today, "Luganda", "J. Okello"),
    )
    services.consent_record(actor=w.case_manager, referral=referral, data=services.ConsentData([], today, "Luganda"))
    referral.refresh_from_db()
    assert selectors.consent_in_force(referral).sections == [] and referral.consents.count() == 2
    services.referral_answer(
        actor=w.case_manager, referral=referral, answer=Answer.ACCEPTED, answered_on=today, note="Hostel", version=1
    )
    with pytest.raises(ValidationError):
        services.referral_answer(actor=w.case_manager, referral=referral, answer=Answer.AWAITING, answered_on=today)
    referral.refresh_from_db()
    assert (referral.answer, referral.answered_on) == (Answer.ACCEPTED, today)
    consent_events = AuditEvent.objects.filter(action="release_plan.referral.consent").order_by("id")
    assert [e.changes["sections"] for e in consent_events] == [
        [None, ["accommodation", "sentence_plan"]],
        [["accommodation", "sentence_plan"], []],
    ]


def test_follow_ups_after_release(make_staff):
    w, plan = released_plan(make_staff)
    with pytest.raises(ValidationError):  # without contact nothing is known
        services.follow_up_record(
            actor=w.case_manager, plan=plan, months=1, data=services.FollowUpData(False, housed=True)
        )
    services.follow_up_record(actor=w.case_manager, plan=plan, months=1, data=services.FollowUpData(False))
    services.follow_up_record(
        actor=w.case_manager,
        plan=plan,
        months=3,
        data=services.FollowUpData(True, housed=True, new_offence=False, recalled=True),
    )
    with pytest.raises(ValidationError):
        services.follow_up_record(actor=w.case_manager, plan=plan, months=3, data=services.FollowUpData(False))
    with pytest.raises(ValidationError):
        services.follow_up_record(actor=w.case_manager, plan=plan, months=2, data=services.FollowUpData(False))
    # After release the prison that opened the plan follows the person up; no one else.
    with pytest.raises(PermissionDenied):
        services.follow_up_record(actor=w.hq, plan=plan, months=6, data=services.FollowUpData(False))
    assert FollowUp.objects.filter(plan=plan).count() == 2
    assert actions().count("release_plan.follow_up") == 2


def test_a_follow_up_is_refused_before_release_and_before_it_is_due(make_staff):
    near = near_release(make_staff)
    held = services.release_plan_open(actor=near.case_manager, prisoner=near.prisoner)
    with pytest.raises(ValidationError) as refused:
        services.follow_up_record(actor=near.case_manager, plan=held, months=1, data=services.FollowUpData(False))
    assert "months" in refused.value.message_dict
    release(near, days_ago=40)
    services.follow_up_record(actor=near.case_manager, plan=held, months=1, data=services.FollowUpData(False))
    with pytest.raises(ValidationError) as refused:
        services.follow_up_record(actor=near.case_manager, plan=held, months=3, data=services.FollowUpData(False))
    assert "falls due" in refused.value.message_dict["months"][0]
