"""Writes of security audits, each in one transaction with its audit event.

An auditor (conduct_security_audits, headquarters) starts an audit of a prison, rates the
checklist's items with the evidence seen, recommends actions, and makes the audit final once every
item is rated, every shortfall has its evidence and every item not met an action. The prison's
security officer or director (follow_up_audit_actions, at that prison) records each action done."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import works_at
from custodia.core import audit as audit_trail
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.versions import bump_version, check_version
from custodia.core.workflow import Workflow, locked
from custodia.estate.models import Prison

from . import checklist, rules, selectors
from .choices import ActionStatus, AuditStatus, Rating
from .models import ItemRating, RecommendedAction, SecurityAudit

WORKFLOW = Workflow(
    allowed_previous=rules.ALLOWED_PREVIOUS,
    statuses=AuditStatus,
    refused=gettext_lazy("An audit “%(current)s” cannot become “%(new)s”."),
)
ACTION_WORKFLOW = Workflow(
    allowed_previous=rules.ACTION_ALLOWED_PREVIOUS,
    statuses=ActionStatus,
    refused=gettext_lazy("An action “%(current)s” cannot become “%(new)s”."),
)


def conduct_refusal(actor: User, prison: Prison) -> str | None:
    if actor.has_perm(selectors.CONDUCT) and works_at(actor, prison):
        return None
    return _("Only a security auditor can conduct an audit of this prison.")


def follow_up_refusal(actor: User, action: RecommendedAction) -> str | None:
    if actor.has_perm(selectors.FOLLOW_UP) and works_at(actor, action.audit.prison):
        return None
    return _("Only the security officer or the director of this prison can record an action as done.")


def _in_progress(audit: SecurityAudit) -> None:
    # A state of the audit, not a right of the user: refused as bad input, under "status".
    if audit.status != AuditStatus.IN_PROGRESS:
        raise ValidationError({"status": _("This audit is final: it no longer changes.")})


@transaction.atomic
def audit_start(*, actor: User, prison: Prison, audited_on: date) -> SecurityAudit:
    ensure_allowed(conduct_refusal(actor, prison))
    if audited_on > timezone.localdate():
        raise ValidationError({"audited_on": _("An audit is recorded once the visit has taken place.")})
    if SecurityAudit.objects.filter(prison=prison, status=AuditStatus.IN_PROGRESS).exists():
        raise ValidationError({"prison": _("An audit of this prison is already in progress: finish it first.")})
    audit = SecurityAudit.objects.create(
        prison=prison, checklist_version=checklist.current().version, audited_on=audited_on, auditor=actor
    )
    audit_trail.record(
        actor=actor,
        action=AuditAction.SECURITY_AUDIT_START,
        obj=audit,
        changes=audit_trail.changes_of(prison=(None, prison.pk), audited_on=(None, audited_on)),
    )
    return audit


@dataclass(frozen=True)
class RatingData:
    item_code: str
    rating: str
    evidence: str = ""


@transaction.atomic
def ratings_record(
    *, actor: User, audit: SecurityAudit, ratings: list[RatingData], version: int | None = None
) -> SecurityAudit:
    """Record or change the ratings given (the others stay as they are)."""
    audit = locked(audit, "prison")
    check_version(audit, version)
    ensure_allowed(conduct_refusal(actor, audit.prison))
    _in_progress(audit)
    area_of = checklist.of_version(audit.checklist_version).area_of()
    problems = {}
    for data in ratings:
        if data.item_code not in area_of:
            problems[f"rating_{data.item_code}"] = _("This checklist has no such item.")
        elif data.rating not in Rating.values:
            problems[f"rating_{data.item_code}"] = _("Choose met, partly met, not met or not applicable.")
    if problems:
        raise ValidationError(problems)
    existing = {r.item_code: r for r in audit.ratings.all()}
    changes = {}
    for data in ratings:
        before = existing.get(data.item_code)
        if before is None:
            ItemRating.objects.create(
                audit=audit,
                area_code=area_of[data.item_code],
                item_code=data.item_code,
                rating=data.rating,
                evidence=data.evidence.strip(),
            )
            changes[data.item_code] = [None, data.rating]
        elif (before.rating, before.evidence) != (data.rating, data.evidence.strip()):
            before.rating, before.evidence = data.rating, data.evidence.strip()
            before.save(update_fields=["rating", "evidence"])
            changes[data.item_code] = [before.rating, data.rating]
    if changes:
        bump_version(audit, [])
        audit_trail.record(actor=actor, action=AuditAction.SECURITY_AUDIT_RATE, obj=audit, changes=changes)
    return audit


@dataclass(frozen=True)
class ActionData:
    description: str
    owner: str
    due_on: date
    item_code: str = ""


@transaction.atomic
def action_recommend(*, actor: User, audit: SecurityAudit, data: ActionData) -> RecommendedAction:
    audit = locked(audit, "prison")
    ensure_allowed(conduct_refusal(actor, audit.prison))
    _in_progress(audit)
    problems = {}
    if data.item_code and checklist.of_version(audit.checklist_version).item(data.item_code) is None:
        problems["item_code"] = _("This checklist has no such item.")
    if not data.description.strip():
        problems["description"] = _("Say what is to be done.")
    if not data.owner.strip():
        problems["owner"] = _("Name the post responsible for it.")
    if data.due_on < audit.audited_on:
        problems["due_on"] = _("The date it is due cannot be before the visit.")
    if problems:
        raise ValidationError(problems)
    action = RecommendedAction.objects.create(
        audit=audit,
        item_code=data.item_code,
        description=data.description.strip(),
        owner=data.owner.strip(),
        due_on=data.due_on,
    )
    audit_trail.record(
        actor=actor,
        action=AuditAction.SECURITY_AUDIT_ACTION,
        obj=audit,
        changes=audit_trail.changes_of(item=(None, data.item_code), due_on=(None, data.due_on)),
    )
    return action


PROBLEMS = {
    "unrated": gettext_lazy("Rate every item of the checklist: %(items)s."),
    "no_evidence": gettext_lazy("Say what was seen for each item partly met or not met: %(items)s."),
    "no_action": gettext_lazy("Recommend an action for each item not met: %(items)s."),
}


@transaction.atomic
def audit_finalise(*, actor: User, audit: SecurityAudit, summary: str, version: int | None = None) -> SecurityAudit:
    """Make the audit final, its scores kept with it; refused, naming the items, while something is
    missing (rules.finalise_problems)."""
    audit = locked(audit, "prison")
    check_version(audit, version)
    ensure_allowed(conduct_refusal(actor, audit.prison))
    _in_progress(audit)
    used = checklist.of_version(audit.checklist_version)
    ratings = selectors.rated(audit)
    problems = rules.finalise_problems(
        used.area_of(),
        ratings,
        audit.actions.exclude(item_code="").values_list("item_code", flat=True),
    )
    if not summary.strip():
        raise ValidationError({"summary": _("Write the auditor's summary of the visit.")})
    if problems:
        label = {item: str(used.item(item).label) for found in problems.values() for item in found}  # type: ignore[union-attr]
        raise ValidationError(
            {
                "status": [
                    str(PROBLEMS[problem] % {"items": "; ".join(label[item] for item in found)})
                    for problem, found in problems.items()
                ]
            }
        )
    before = WORKFLOW.move(audit, AuditStatus.FINAL)
    audit.summary, audit.finalised_at, audit.finalised_by = summary.strip(), timezone.now(), actor
    audit.area_scores = rules.scores_by_area([area.code for area in used.areas], ratings)
    audit.overall_score = rules.score(ratings)
    bump_version(audit, ["status", "summary", "finalised_at", "finalised_by", "area_scores", "overall_score"])
    audit_trail.record(
        actor=actor,
        action=AuditAction.SECURITY_AUDIT_FINAL,
        obj=audit,
        changes=audit_trail.changes_of(status=(before, audit.status), overall_score=(None, audit.overall_score)),
    )
    return audit


@transaction.atomic
def action_done(
    *, actor: User, action: RecommendedAction, done_on: date, note: str, version: int | None = None
) -> RecommendedAction:
    action = locked(action, "audit__prison")
    check_version(action, version)
    ensure_allowed(follow_up_refusal(actor, action))
    if action.audit.status != AuditStatus.FINAL:
        raise ValidationError(
            {"status": _("The audit is still in progress: its actions are followed up once it is final.")}
        )
    problems = {}
    if done_on > timezone.localdate():
        problems["done_on"] = _("An action is recorded as done once it has been done.")
    elif done_on < action.audit.audited_on:
        problems["done_on"] = _("The day it was done cannot be before the visit.")
    if not note.strip():
        problems["note"] = _("Say what was done.")
    if problems:
        raise ValidationError(problems)
    before = ACTION_WORKFLOW.move(action, ActionStatus.DONE)
    action.done_on, action.done_note, action.done_by = done_on, note.strip(), actor
    bump_version(action, ["status", "done_on", "done_note", "done_by"])
    audit_trail.record(
        actor=actor,
        action=AuditAction.SECURITY_AUDIT_ACTION_DONE,
        obj=action.audit,
        changes=audit_trail.changes_of(action=(None, action.pk), status=(before, action.status)),
    )
    return action
