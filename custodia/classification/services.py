"""Writes of classification decisions: each step in one transaction with its audit event.

Who may act:
- a case manager (`propose_classification`) at the prison that holds the person proposes;
- the director of the prison that holds the person approves, changes or returns a proposal; for a
  person linked to violent extremism only the headquarters VEP unit does, never the director;
  nobody approves their own proposal;
- the case manager or the approver records that the person was informed and their appeal;
- the approver moves the next review date, with a reason (the change is kept).
"""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts import roles
from custodia.accounts.access import roles_held
from custodia.accounts.selectors import works_at
from custodia.core import audit, workflow
from custodia.core.actions import AuditAction
from custodia.core.formats import local_date
from custodia.core.refusals import ensure_allowed
from custodia.core.rights import right
from custodia.core.versions import bump_version, check_version
from custodia.estate.selectors import active_profile
from custodia.register.models import Admission, Prisoner
from custodia.register.selectors import is_vep

from . import queries, rules
from .choices import AppealOutcome, DecisionStatus
from .models import ClassificationDecision, ReviewDateChange

PROPOSE = right("propose_classification")
APPROVE = right("approve_classification")


# --- who may act ----------------------------------------------------------------------------------


def _has_role(user: User, role: str) -> bool:
    return user.is_superuser or role in roles_held(user)


def proposal_refusal(actor: User, prisoner: Prisoner) -> str | None:
    """Why `actor` may not propose a classification for the person, or None."""
    if not actor.has_perm(PROPOSE) or prisoner.current_prison is None or not works_at(actor, prisoner.current_prison):
        return _("Only a case manager at the prison that holds this person can propose a classification.")
    return None


def approval_refusal(actor: User, prisoner: Prisoner, *, is_vep: bool) -> str | None:
    """Why `actor` may not decide on a classification of the person, or None: the director of the
    prison that holds them, or for a person linked to violent extremism the headquarters VEP unit
    alone."""
    if not actor.has_perm(APPROVE) or prisoner.current_prison is None:
        return _(
            "Only the prison director, or the headquarters VEP unit for a person linked to violent extremism, decides."
        )
    if is_vep:
        if not _has_role(actor, roles.HQ_VEP) or not works_at(actor, prisoner.current_prison):
            return _("For a person linked to violent extremism, only the headquarters VEP unit decides.")
        return None
    if not _has_role(actor, roles.DIRECTOR) or not works_at(actor, prisoner.current_prison):
        return _("The director of the prison that holds this person decides on their classification.")
    return None


def approve_refusal(actor: User, decision: ClassificationDecision, *, is_vep: bool) -> str | None:
    """Why `actor` may not approve the proposal (or decide another level), or None: one who may
    decide (approval_refusal), and never the one who proposed it."""
    if refusal := approval_refusal(actor, decision.prisoner, is_vep=is_vep):
        return refusal
    if actor.pk == decision.proposed_by_id:
        return _("The one who proposed a classification cannot also approve it.")
    return None


def record_refusal(actor: User, decision: ClassificationDecision) -> str | None:
    """Why `actor` may not record the person's information or appeal on a decision, or None."""
    prisons = [p for p in (decision.prison, decision.prisoner.current_prison) if p is not None]
    allowed = (actor.has_perm(PROPOSE) or actor.has_perm(APPROVE)) and any(works_at(actor, p) for p in prisons)
    if not allowed:
        return _("Only a case manager or an approver at the prison concerned can record this.")
    return None


# --- helpers --------------------------------------------------------------------------------------

# Each step reads the decision again, locked, with the prisons it checks the actor against.
LOCKED_WITH = ("prisoner__current_prison", "prison")
DECISIONS = workflow.Workflow(
    rules.ALLOWED_PREVIOUS,
    DecisionStatus,
    refused=gettext_lazy("A decision that is “%(current)s” cannot become “%(new)s”."),
    before_first=gettext_lazy("not yet proposed"),
)
AWAITING = gettext_lazy("A proposal for this person is already awaiting a decision.")


# --- proposing ------------------------------------------------------------------------------------


@transaction.atomic
def classification_propose(
    *,
    actor: User,
    prisoner: Prisoner,
    proposed_level: str,
    rationale: str,
    override_reason: str = "",
    vep_placement: str = "",
    vep_placement_reason: str = "",
    programme_confirmed: bool = False,
    version: int | None = None,
) -> ClassificationDecision:
    """The case manager's proposal, stored beside the one the system computes now and its reasons
    (rules.proposal_problems says what it must give). A proposal returned with comments is
    proposed again (its `version` is checked); otherwise a new decision is opened."""
    # The person's row is locked so that two proposals for one person queue.
    prisoner = (
        Prisoner.objects.select_for_update(no_key=True, of=("self",))
        .select_related("current_prison")
        .get(pk=prisoner.pk)
    )
    ensure_allowed(proposal_refusal(actor, prisoner))
    returned = _open_decision(prisoner, version)
    wanted = rules.Proposed(
        proposed_level, rationale, override_reason, vep_placement, vep_placement_reason, programme_confirmed
    ).stripped()
    computed, facts = queries.compute_proposal(prisoner)
    vep = is_vep(prisoner.pk)
    assessed = (
        vep
        and rules.placement_rests_on_assessment(wanted.vep_placement)
        and queries.has_final_vep_assessment(prisoner.pk)
    )
    framework = active_profile().classification
    if problems := rules.proposal_problems(
        framework, wanted, computed=computed, facts=facts, is_vep=vep, has_vep_assessment=assessed
    ):
        raise ValidationError(problems)
    fields: dict[str, object] = {
        "computed_level": computed.level,
        "computed_reasons": [reason.as_dict() for reason in computed.reasons],
        "proposed_level": wanted.level,
        "rationale": wanted.rationale,
        "override_reason": wanted.override_reason,
        "vep_placement": wanted.vep_placement if vep else "",
        "vep_placement_reason": wanted.vep_placement_reason if vep else "",
        "programme_confirmed": bool(wanted.programme_confirmed),
        "proposed_by": actor,
        "proposed_at": timezone.now(),
        "prison": prisoner.current_prison,
    }
    decision, before = _proposal_saved(prisoner, returned, fields)
    audit.record(
        actor=actor,
        action=AuditAction.CLASSIFICATION_PROPOSE,
        obj=decision,
        changes=audit.changes_of(
            status=(before or None, decision.status),
            computed_level=(None, decision.computed_level),
            proposed_level=(None, decision.proposed_level),
            vep_placement=(None, decision.vep_placement or None),
        ),
        reason="\n".join(filter(None, (wanted.rationale, wanted.override_reason, wanted.vep_placement_reason))),
    )
    return decision


def _open_decision(prisoner: Prisoner, version: int | None) -> ClassificationDecision | None:
    """The person's decision returned with comments, locked and checked against `version`; a
    proposal already awaiting a decision is refused."""
    open_decision = (
        ClassificationDecision.objects.select_for_update(no_key=True, of=("self",))
        .filter(prisoner=prisoner, status__in=rules.OPEN)
        .first()
    )
    if open_decision is not None:
        check_version(open_decision, version)
        if open_decision.status == DecisionStatus.PROPOSED:
            raise ValidationError({"status": AWAITING})
    return open_decision


def _proposal_saved(
    prisoner: Prisoner, returned: ClassificationDecision | None, fields: dict[str, object]
) -> tuple[ClassificationDecision, str]:
    """The proposal written on the decision returned with comments, or as a new decision; with
    the status it had before."""
    if returned is not None:
        before = DECISIONS.move(returned, DecisionStatus.PROPOSED)
        for name, value in fields.items():
            setattr(returned, name, value)
        bump_version(returned, ["status", *fields])
        return returned, before
    rules.check_transition(rules.NONE, DecisionStatus.PROPOSED)
    try:
        with transaction.atomic():
            decision = ClassificationDecision.objects.create(
                prisoner=prisoner, status=DecisionStatus.PROPOSED, **fields
            )
    except IntegrityError as exc:  # another proposal at the same moment
        raise ValidationError({"status": AWAITING}) from exc
    return decision, rules.NONE


# --- deciding -------------------------------------------------------------------------------------


@transaction.atomic
def classification_approve(
    *,
    actor: User,
    decision: ClassificationDecision,
    level: str | None = None,
    reason: str = "",
    version: int | None = None,
) -> ClassificationDecision:
    """Approve a proposal at its level, or decide another level with a reason. The decision in
    force before it is superseded; the next review falls due after the level's interval."""
    decision = workflow.locked(decision, *LOCKED_WITH)
    ensure_allowed(approve_refusal(actor, decision, is_vep=is_vep(decision.prisoner_id)))
    check_version(decision, version)  # after the right: a stale-version message names who changed what
    before = DECISIONS.move(decision, DecisionStatus.APPROVED)
    level = level or decision.proposed_level
    reason = reason.strip()
    if problem := rules.level_problem(active_profile().classification, level):
        raise ValidationError({"level": problem})
    if level != decision.proposed_level and not reason:
        raise ValidationError({"reason": _("Say why you decide another level than the one proposed.")})
    previous = (
        ClassificationDecision.objects.select_for_update(no_key=True, of=("self",))
        .filter(prisoner_id=decision.prisoner_id, status=DecisionStatus.APPROVED)
        .first()
    )
    if previous is not None:
        _supersede(actor, previous, by=decision)
    now = timezone.now()
    review_days = active_profile().classification.level(level).review_days
    decision.approved_level, decision.decision_reason = level, reason
    decision.decided_by, decision.decided_at = actor, now
    decision.admission = (
        Admission.objects.filter(prisoner_id=decision.prisoner_id).order_by("-admitted_at", "-id").first()
    )
    decision.next_review_on = rules.next_review_on(timezone.localdate(now), review_days)
    bump_version(
        decision,
        ["status", "approved_level", "decision_reason", "decided_by", "decided_at", "admission", "next_review_on"],
    )
    audit.record(
        actor=actor,
        action=AuditAction.CLASSIFICATION_APPROVE,
        obj=decision,
        changes=audit.changes_of(
            status=(before, decision.status),
            approved_level=(None, level),
            next_review_on=(None, decision.next_review_on),
        ),
        reason=reason,
    )
    return decision


def _supersede(actor: User, previous: ClassificationDecision, *, by: ClassificationDecision) -> None:
    before = DECISIONS.move(previous, DecisionStatus.SUPERSEDED)
    bump_version(previous, ["status"])
    audit.record(
        actor=actor,
        action=AuditAction.CLASSIFICATION_SUPERSEDE,
        obj=previous,
        changes=audit.changes_of(status=(before, previous.status), superseded_by=(None, by.pk)),
    )


@transaction.atomic
def classification_return(
    *, actor: User, decision: ClassificationDecision, comment: str, version: int | None = None
) -> ClassificationDecision:
    """Send a proposal back to the case manager with comments; they propose again."""
    decision = workflow.locked(decision, *LOCKED_WITH)
    ensure_allowed(approval_refusal(actor, decision.prisoner, is_vep=is_vep(decision.prisoner_id)))
    check_version(decision, version)  # after the right: a stale-version message names who changed what
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the case manager should reconsider.")})
    before = DECISIONS.move(decision, DecisionStatus.RETURNED)
    decision.return_comment = comment.strip()
    bump_version(decision, ["status", "return_comment"])
    audit.record(
        actor=actor,
        action=AuditAction.CLASSIFICATION_RETURN,
        obj=decision,
        changes=audit.changes_of(status=(before, decision.status)),
        reason=decision.return_comment,
    )
    return decision


# --- the person's rights --------------------------------------------------------------------------


def _ensure_decided(decision: ClassificationDecision) -> None:
    if decision.status not in rules.DECIDED:
        raise ValidationError({"status": _("Only a decided classification can be recorded as told or appealed.")})


def _date_problem(day: date, *, not_before: date, before_label: str) -> str | None:
    if day > timezone.localdate():
        return _("The date cannot be in the future.")
    if day < not_before:
        return _("The date cannot be before %(what)s (%(date)s).") % {
            "what": before_label,
            "date": local_date(not_before),
        }
    return None


@transaction.atomic
def classification_record_information(
    *, actor: User, decision: ClassificationDecision, informed_on: date, version: int | None = None
) -> ClassificationDecision:
    """The day the person was told of the decision and of how to contest it."""
    decision = workflow.locked(decision, *LOCKED_WITH)
    ensure_allowed(record_refusal(actor, decision))
    check_version(decision, version)  # after the right: a stale-version message names who changed what
    _ensure_decided(decision)
    decided_on = timezone.localdate(decision.decided_at)
    if problem := _date_problem(informed_on, not_before=decided_on, before_label=_("the decision")):
        raise ValidationError({"informed_on": problem})
    before, decision.informed_on = decision.informed_on, informed_on
    bump_version(decision, ["informed_on"])
    audit.record(
        actor=actor,
        action=AuditAction.CLASSIFICATION_INFORMATION,
        obj=decision,
        changes=audit.changes_of(informed_on=(before, informed_on)),
    )
    return decision


@transaction.atomic
def classification_record_appeal(
    *,
    actor: User,
    decision: ClassificationDecision,
    lodged_on: date,
    outcome: str = AppealOutcome.PENDING,
    decided_on: date | None = None,
    note: str = "",
    version: int | None = None,
) -> ClassificationDecision:
    """The person's appeal against the decision, and its outcome once known. An appeal that
    changed the decision makes its review due at once."""
    decision = workflow.locked(decision, *LOCKED_WITH)
    ensure_allowed(record_refusal(actor, decision))
    check_version(decision, version)  # after the right: a stale-version message names who changed what
    _ensure_decided(decision)
    errors: dict[str, str] = {}
    decision_day = timezone.localdate(decision.decided_at)
    if problem := _date_problem(lodged_on, not_before=decision_day, before_label=_("the decision")):
        errors["lodged_on"] = problem
    if outcome not in AppealOutcome.values:
        errors["outcome"] = _("Choose the outcome of the appeal.")
    elif outcome == AppealOutcome.PENDING:
        if decided_on is not None:
            errors["decided_on"] = _("A pending appeal has no decision date yet.")
    elif decided_on is None:
        errors["decided_on"] = _("Give the date the appeal was decided.")
    elif "lodged_on" not in errors and (
        problem := _date_problem(decided_on, not_before=lodged_on, before_label=_("the appeal"))
    ):
        errors["decided_on"] = problem
    if errors:
        raise ValidationError(errors)
    before = {
        "appeal_lodged_on": decision.appeal_lodged_on,
        "appeal_outcome": decision.appeal_outcome or None,
        "appeal_decided_on": decision.appeal_decided_on,
    }
    decision.appeal_lodged_on, decision.appeal_outcome = lodged_on, outcome
    decision.appeal_decided_on, decision.appeal_note = decided_on, note.strip()
    bump_version(decision, ["appeal_lodged_on", "appeal_outcome", "appeal_decided_on", "appeal_note"])
    audit.record(
        actor=actor,
        action=AuditAction.CLASSIFICATION_APPEAL,
        obj=decision,
        changes=audit.changes_of(
            appeal_lodged_on=(before["appeal_lodged_on"], lodged_on),
            appeal_outcome=(before["appeal_outcome"], outcome),
            appeal_decided_on=(before["appeal_decided_on"], decided_on),
        ),
        reason=decision.appeal_note,
    )
    return decision


# --- reviews --------------------------------------------------------------------------------------


@transaction.atomic
def review_date_change(
    *, actor: User, decision: ClassificationDecision, new_date: date, reason: str, version: int | None = None
) -> ReviewDateChange:
    """Move the next review of the decision in force, with a reason; the change is kept. A review
    lies at most one interval of the level ahead: a restrictive level is never left unreviewed."""
    decision = workflow.locked(decision, *LOCKED_WITH)
    ensure_allowed(approval_refusal(actor, decision.prisoner, is_vep=is_vep(decision.prisoner_id)))
    check_version(decision, version)  # after the right: a stale-version message names who changed what
    if decision.status != DecisionStatus.APPROVED:
        raise ValidationError({"status": _("Only the decision in force has a review date to change.")})
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the review date changes.")
    today = timezone.localdate()
    latest = rules.latest_review_date(today, active_profile().classification.level(decision.approved_level).review_days)
    if new_date < today:
        errors["new_date"] = _("The review date cannot be in the past.")
    elif new_date > latest:
        errors["new_date"] = _("At this level a review lies at most until %(date)s.") % {"date": local_date(latest)}
    elif new_date == decision.next_review_on:
        errors["new_date"] = _("This is already the review date.")
    if errors:
        raise ValidationError(errors)
    change = ReviewDateChange.objects.create(
        decision=decision, old_date=decision.next_review_on, new_date=new_date, reason=reason.strip(), changed_by=actor
    )
    before, decision.next_review_on = decision.next_review_on, new_date
    bump_version(decision, ["next_review_on"])
    audit.record(
        actor=actor,
        action=AuditAction.CLASSIFICATION_REVIEW_DATE,
        obj=decision,
        changes=audit.changes_of(next_review_on=(before, new_date)),
        reason=change.reason,
    )
    return change
