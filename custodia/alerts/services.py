"""Writes of alerts, each in one transaction with its audit event.

Who may set or end an alert with a code is the country profile's (`set_by`), at the prison that
holds the person; one alert in force per person and code (the database holds it too). A code the
actor may not even see (restricted to other roles) is refused as unknown, so that the refusal
tells nothing of it."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.assessment.models import Assessment
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.versions import bump_version, check_version
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import rules, selectors
from .models import Alert, ProposalDismissal


def _at_prison(actor: User, prison_id: int | None) -> bool:
    scope = prison_scope(actor)
    return prison_id is not None and (scope is None or prison_id in scope)


def set_refusal(actor: User, prisoner: Prisoner) -> str | None:
    """Whether the actor may set any alert on this person: the right, where the person is held.
    Which codes is `code_refusal`'s."""
    if actor.has_perm(selectors.MANAGE) and _at_prison(actor, prisoner.current_prison_id):
        return None
    return _("Only staff of the prison that holds the person can set an alert.")


def unknown_code() -> ValidationError:
    return ValidationError({"code": _("Choose one of the alerts offered.")})


def code_refusal(actor: User, code: str) -> str | None:
    """Why the actor may not set or end an alert with this code (they may see it); a code they may
    not see raises as unknown."""
    entry = selectors.code_entry(code)
    held = selectors.roles_of(actor)
    if entry is None or not rules.may_see(entry, held):
        raise unknown_code()
    if not rules.may_set(entry, held):
        return _("You may not set or end this alert: the country profile names the roles that may.")
    return None


def end_refusal(actor: User, alert: Alert) -> str | None:
    """Ending or changing an alert: the code's roles, at the prison that holds the person."""
    if not actor.has_perm(selectors.MANAGE) or not _at_prison(actor, alert.prisoner.current_prison_id):
        return _("Only staff of the prison that holds the person can end or change an alert.")
    entry = selectors.code_entry(alert.code)
    if not rules.may_set(entry, selectors.roles_of(actor)):
        return _("You may not set or end this alert: the country profile names the roles that may.")
    return None


@dataclass(frozen=True)
class AlertData:
    code: str
    reason: str
    active_from: date
    active_to: date | None = None
    # Set from a proposal: the assessment and item rated urgent, and whether the referral was made.
    assessment_id: int | None = None
    assessment_item: str = ""
    referral_made: bool = False


def _close_lapsed(prisoner: Prisoner, code: str, today: date) -> Alert | None:
    """The alert with this code not yet ended: one past its planned end is closed on that day
    (it no longer applied); one still in force is returned, to be named in the refusal."""
    current = Alert.objects.select_for_update(no_key=True, of=("self",)).filter(
        prisoner=prisoner, code=code, ended_on__isnull=True
    )
    for alert in current:
        if rules.lapsed(ended_on=alert.ended_on, active_to=alert.active_to, today=today):
            assert alert.active_to is not None
            _end(alert, actor=None, reason="", ended_on=alert.active_to, action=AuditAction.ALERT_EXPIRED)
        else:
            return alert
    return None


@transaction.atomic
def alert_set(*, actor: User, prisoner: Prisoner, data: AlertData) -> Alert:
    # The person's row is locked: two alerts set at once are checked one after the other.
    prisoner = Prisoner.objects.select_for_update(no_key=True, of=("self",)).get(pk=prisoner.pk)
    ensure_allowed(set_refusal(actor, prisoner))
    ensure_allowed(code_refusal(actor, data.code))
    today = timezone.localdate()
    problems = rules.alert_problems(
        reason=data.reason,
        active_from=data.active_from,
        active_to=data.active_to,
        today=today,
        records_from=active_profile().records_from,
    )
    assessment: Assessment | None = None
    if data.assessment_id is not None:
        proposal = selectors.proposal_get(user=actor, assessment_id=data.assessment_id, item_code=data.assessment_item)
        if proposal is None or proposal.prisoner.pk != prisoner.pk or proposal.code != data.code:
            problems["code"] = _("This proposal no longer stands: the alert was set or the proposal dismissed.")
        else:
            assessment = proposal.assessment
    if problems:
        raise ValidationError(problems)
    existing = _close_lapsed(prisoner, data.code, today)
    if existing is not None:
        raise ValidationError(
            {
                "code": rules.already_in_force(
                    label=selectors.label_of(existing.code),
                    set_on=existing.active_from,
                    set_by=existing.set_by.get_username(),
                )
            }
        )
    assert prisoner.current_prison_id is not None  # set_refusal checked it
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                prisoner=prisoner,
                prison_id=prisoner.current_prison_id,
                code=data.code,
                reason=data.reason.strip(),
                active_from=data.active_from,
                active_to=data.active_to,
                set_by=actor,
                assessment=assessment,
                assessment_item=data.assessment_item if assessment else "",
                referred_on=today if assessment and data.referral_made else None,
            )
    except IntegrityError as exc:  # set by someone else meanwhile, past the lock (a database without one)
        raise ValidationError({"code": _("An alert with this code was set meanwhile: reload the file.")}) from exc
    audit.record(
        actor=actor,
        action=AuditAction.ALERT_SET,
        obj=alert,
        changes=audit.changes_of(
            code=(None, alert.code),
            active_from=(None, alert.active_from),
            active_to=(None, alert.active_to),
            assessment=(None, alert.assessment_id),
            assessment_item=("", alert.assessment_item),
            referred_on=(None, alert.referred_on),
        ),
        reason=alert.reason,
    )
    return alert


def _locked(alert: Alert, version: int | None) -> Alert:
    # The person first (as alert_set locks them), then the alert: the same order everywhere.
    Prisoner.objects.select_for_update(no_key=True, of=("self",)).filter(pk=alert.prisoner_id).first()
    locked = Alert.objects.select_for_update(no_key=True, of=("self",)).select_related("prisoner").get(pk=alert.pk)
    check_version(locked, version)
    return locked


def _still_in_force(alert: Alert) -> None:
    if not selectors.is_in_force(alert):
        raise ValidationError({"reason": _("This alert no longer applies: it has ended.")})


def _end(alert: Alert, *, actor: User | None, reason: str, ended_on: date, action: AuditAction) -> Alert:
    alert.ended_on, alert.ended_by, alert.end_reason = ended_on, actor, reason.strip()
    bump_version(alert, ["ended_on", "ended_by", "end_reason"])
    audit.record(
        actor=actor,
        action=action,
        obj=alert,
        changes=audit.changes_of(ended_on=(None, ended_on)),
        reason=alert.end_reason,
    )
    return alert


@transaction.atomic
def alert_end(*, actor: User, alert: Alert, reason: str, version: int | None = None) -> Alert:
    alert = _locked(alert, version)
    ensure_allowed(end_refusal(actor, alert))
    _still_in_force(alert)
    if problems := rules.end_problems(reason=reason):
        raise ValidationError(problems)
    today = timezone.localdate()
    return _end(alert, actor=actor, reason=reason, ended_on=max(today, alert.active_from), action=AuditAction.ALERT_END)


@transaction.atomic
def alert_change_planned_end(
    *, actor: User, alert: Alert, active_to: date | None, reason: str, version: int | None = None
) -> Alert:
    alert = _locked(alert, version)
    ensure_allowed(end_refusal(actor, alert))
    _still_in_force(alert)
    if problems := rules.planned_end_problems(
        active_from=alert.active_from, active_to=active_to, today=timezone.localdate(), reason=reason
    ):
        raise ValidationError(problems)
    before, alert.active_to = alert.active_to, active_to
    bump_version(alert, ["active_to"])
    audit.record(
        actor=actor,
        action=AuditAction.ALERT_PLANNED_END,
        obj=alert,
        changes=audit.changes_of(active_to=(before, active_to)),
        reason=reason.strip(),
    )
    return alert


@transaction.atomic
def alerts_end_on_leaving(*, actor: User | None, prisoner: Prisoner, occurred_on: date) -> list[Alert]:
    """A release or a death ends the person's alerts (the receiver of register.signals.file_event;
    the movement's service checked who may act). An alert already past its planned end closes on
    that day."""
    ended = []
    for alert in Alert.objects.select_for_update(no_key=True, of=("self",)).filter(
        prisoner=prisoner, ended_on__isnull=True
    ):
        if rules.lapsed(ended_on=None, active_to=alert.active_to, today=occurred_on):
            assert alert.active_to is not None
            ended.append(_end(alert, actor=None, reason="", ended_on=alert.active_to, action=AuditAction.ALERT_EXPIRED))
        else:
            on = max(occurred_on, alert.active_from)
            ended.append(_end(alert, actor=actor, reason="", ended_on=on, action=AuditAction.ALERT_LEFT))
    return ended


@transaction.atomic
def proposal_dismiss(*, actor: User, assessment_id: int, item_code: str, reason: str) -> ProposalDismissal:
    """A proposed alert set aside, with the reason: this rating proposes it no more."""
    proposal = selectors.proposal_get(user=actor, assessment_id=assessment_id, item_code=item_code)
    if proposal is None:
        raise PermissionDenied(_("This proposal no longer stands, or you may not act on it."))
    Prisoner.objects.select_for_update(no_key=True, of=("self",)).filter(pk=proposal.prisoner.pk).first()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why no alert is set: the proposal and the reason stay on record.")})
    if ProposalDismissal.objects.filter(assessment_id=assessment_id, item_code=item_code).exists():
        raise ValidationError({"reason": _("This proposal was dismissed meanwhile.")})
    dismissal = ProposalDismissal.objects.create(
        assessment=proposal.assessment,
        item_code=item_code,
        code=proposal.code,
        reason=reason.strip(),
        dismissed_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.ALERT_PROPOSAL_DISMISS,
        obj=dismissal,
        changes=audit.changes_of(
            assessment=(None, proposal.assessment.pk), item=(None, item_code), code=(None, proposal.code)
        ),
        reason=dismissal.reason,
    )
    return dismissal
