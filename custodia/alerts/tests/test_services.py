"""Writes of alerts: each refusal, one alert in force per code (in the service and in the
database), ending, the planned end passed, a release ending them, proposals from urgent ratings;
every change with its audit event in the same transaction."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from custodia.alerts import selectors, services
from custodia.alerts.models import Alert, ProposalDismissal
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.register.signals import file_event

from .factories import alert, data, held, staff, urgent_assessment

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def here(make_staff):
    return staff(make_staff)


def events(action: str, obj) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)))


def test_security_sets_an_escape_risk_alert_with_its_audit_event(here):
    person = held(here.prison)
    made = alert(here.security, person, active_to=TODAY() + timedelta(days=90))
    assert made.prison == here.prison and made.set_by == here.security and made.ended_on is None
    [event] = events("alert.set", made)
    assert event.actor == here.security and event.changes["code"] == [None, "escape_risk"]
    assert event.reason == "Found with a rope made of sheets"


def test_each_refusal(here, make_staff):
    person = held(here.prison)
    with pytest.raises(ValidationError) as exc:
        alert(here.security, person, code="dragon_rider")
    assert "Choose one of the alerts offered" in exc.value.message_dict["code"][0]
    # A code the case manager sees but may not set, and one they may not even see: told apart.
    with pytest.raises(PermissionDenied, match="may not set or end this alert"):
        alert(here.case_manager, person, code="escape_risk")
    with pytest.raises(ValidationError) as exc:
        alert(here.case_manager, person, code="recruiter_risk")
    assert "Choose one of the alerts offered" in exc.value.message_dict["code"][0]
    with pytest.raises(PermissionDenied):
        alert(here.wing, person)  # no right to manage alerts
    elsewhere = make_staff("alerts-elsewhere", "security_officer", prisons=[PrisonFactory()])
    with pytest.raises(PermissionDenied, match="prison that holds the person"):
        alert(elsewhere, person)
    with pytest.raises(ValidationError) as exc:
        alert(here.security, person, active_from=TODAY() - timedelta(days=3), active_to=TODAY() - timedelta(days=4))
    assert "active_to" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        alert(here.security, person, reason=" ")
    assert "reason" in exc.value.message_dict
    assert not Alert.objects.exists() and not AuditEvent.objects.filter(action="alert.set").exists()


def test_one_alert_in_force_per_code_the_refusal_names_it(here):
    person = held(here.prison)
    first = alert(here.security, person, active_from=TODAY() - timedelta(days=10))
    with pytest.raises(ValidationError) as exc:
        alert(here.director, person)
    message = exc.value.message_dict["code"][0]
    assert (
        "already in force" in message
        and first.active_from.strftime("%d/%m/%Y") in message
        and "alerts-security" in message
    )
    alert(here.director, person, code="violent_to_staff")  # another code is another alert


def test_the_database_holds_one_alert_in_force_per_code(here):
    person = held(here.prison)
    first = alert(here.security, person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(
            prisoner=person,
            prison=here.prison,
            code="escape_risk",
            reason="Twice",
            active_from=TODAY(),
            set_by=here.director,
        )
    services.alert_end(actor=here.director, alert=first, reason="Assessed again")
    alert(here.security, person)  # once ended, a new one may be set


def test_an_alert_past_its_planned_end_is_no_longer_in_force_and_the_next_closes_it(here):
    person = held(here.prison)
    old = alert(here.security, person, active_from=TODAY() - timedelta(days=10), active_to=TODAY())
    Alert.objects.filter(pk=old.pk).update(active_to=TODAY() - timedelta(days=2))
    old.refresh_from_db()
    assert not selectors.is_in_force(old)
    assert not selectors.alert_list(user=here.wing, filters=selectors.AlertFilters(active=True)).exists()
    new = alert(here.security, person)
    old.refresh_from_db()
    assert old.ended_on == TODAY() - timedelta(days=2) and old.ended_by is None
    assert events("alert.expired", old) and selectors.is_in_force(new)


def test_ending_needs_a_reason_and_is_audited(here):
    person = held(here.prison)
    made = alert(here.security, person)
    with pytest.raises(ValidationError) as exc:
        services.alert_end(actor=here.director, alert=made, reason="")
    assert "reason" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.alert_end(actor=here.case_manager, alert=made, reason="Not my code")
    ended = services.alert_end(actor=here.director, alert=made, reason="Assessed again", version=made.version)
    assert ended.ended_on == TODAY() and ended.ended_by == here.director and ended.version == 2
    assert events("alert.end", ended)[0].reason == "Assessed again"
    with pytest.raises(ValidationError):
        services.alert_end(actor=here.director, alert=ended, reason="Again")
    assert Alert.objects.filter(pk=made.pk).exists()  # ended, never deleted


def test_a_stale_end_is_refused(here):
    person = held(here.prison)
    made = alert(here.security, person)
    services.alert_change_planned_end(
        actor=here.security, alert=made, active_to=TODAY() + timedelta(days=30), reason="Review in a month"
    )
    with pytest.raises(ValidationError) as exc:
        services.alert_end(actor=here.director, alert=made, reason="Over", version=1)
    assert "version" in exc.value.message_dict
    assert events("alert.planned_end", made)


def test_leaving_custody_ends_the_alerts_a_transfer_does_not(here):
    person = held(here.prison)
    made = alert(here.security, person)
    with transaction.atomic():
        file_event.send(sender=None, actor=here.director, prisoner=person, event="transfer", occurred_on=TODAY())
    made.refresh_from_db()
    assert made.ended_on is None
    with transaction.atomic():
        file_event.send(sender=None, actor=here.director, prisoner=person, event="left_custody", occurred_on=TODAY())
    made.refresh_from_db()
    assert made.ended_on == TODAY() and events("alert.left", made)


# --- proposals from urgent ratings ----------------------------------------------------------------


def test_an_urgent_rating_proposes_an_alert_to_those_who_may_set_it(here):
    person = held(here.prison)
    assessment = urgent_assessment(here.case_manager, person)
    [proposal] = selectors.proposals(user=here.nurse)
    assert proposal.assessment == assessment and proposal.code == "self_harm_risk"
    assert "health care" in proposal.referral and "Rule 30" in proposal.referral
    assert selectors.proposals(user=here.case_manager)
    assert not selectors.proposals(user=here.security)  # may not set a self-harm alert
    assert not selectors.proposals(user=here.wing)


def test_a_rating_of_zero_proposes_nothing(here):
    urgent_assessment(here.case_manager, held(here.prison), value=0)
    assert not selectors.proposals(user=here.nurse)


def test_setting_the_alert_from_the_proposal_records_the_referral(here):
    person = held(here.prison)
    assessment = urgent_assessment(here.case_manager, person)
    [proposal] = selectors.proposals(user=here.nurse)
    made = services.alert_set(
        actor=here.nurse,
        prisoner=person,
        data=data(
            "self_harm_risk",
            reason=proposal.reason(),
            assessment_id=assessment.pk,
            assessment_item="self_harm_vulnerability",
            referral_made=True,
        ),
    )
    assert made.assessment == assessment and made.referred_on == TODAY()
    assert events("alert.set", made)[0].changes["referred_on"] == [None, TODAY().isoformat()]
    assert not selectors.proposals(user=here.nurse)
    # Ended later, the alert is not proposed again from the same rating.
    services.alert_end(actor=here.nurse, alert=made, reason="Seen by the doctor: no longer at risk")
    assert not selectors.proposals(user=here.nurse)


def test_an_alert_in_force_with_the_code_answers_the_proposal(here):
    person = held(here.prison)
    urgent_assessment(here.case_manager, person)
    alert(here.nurse, person, code="self_harm_risk")
    assert not selectors.proposals(user=here.nurse)


def test_dismissing_a_proposal_needs_a_reason_and_is_audited(here):
    person = held(here.prison)
    assessment = urgent_assessment(here.case_manager, person)
    with pytest.raises(ValidationError):
        services.proposal_dismiss(
            actor=here.nurse, assessment_id=assessment.pk, item_code="self_harm_vulnerability", reason=""
        )
    with pytest.raises(PermissionDenied):
        services.proposal_dismiss(
            actor=here.security, assessment_id=assessment.pk, item_code="self_harm_vulnerability", reason="No"
        )
    dismissal = services.proposal_dismiss(
        actor=here.nurse,
        assessment_id=assessment.pk,
        item_code="self_harm_vulnerability",
        reason="Rated for vulnerability to exploitation, not self-harm; seen today",
    )
    assert ProposalDismissal.objects.get() == dismissal and events("alert.proposal.dismiss", dismissal)
    assert not selectors.proposals(user=here.case_manager)
