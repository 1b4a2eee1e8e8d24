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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts import roles
from custodia.accounts.access import right
from custodia.accounts.selectors import works_at
from custodia.core import audit, workflow
from custodia.core.versions import bump_version, check_version
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import rules, selectors
from .models import AppealOutcome, ClassificationDecision, DecisionStatus, ReviewDateChange, VepPlacement

PROPOSE = right("propose_classification")
APPROVE = right("approve_classification")


# --- who may act ----------------------------------------------------------------------------------


def _has_role(user, role: str) -> bool:
    if user.is_superuser:
        return True
    names = getattr(user, "_custodia_roles", None)
    if names is None:
        names = user._custodia_roles = frozenset(user.groups.values_list("name", flat=True))
    return role in names


def proposal_refusal(actor, prisoner: Prisoner) -> str | None:
    """Why `actor` may not propose a classification for the person, or None."""
    if not actor.has_perm(PROPOSE) or prisoner.current_prison is None or not works_at(actor, prisoner.current_prison):
        return _("Only a case manager at the prison that holds this person can propose a classification.")
    return None


def approval_refusal(actor, prisoner: Prisoner, *, is_vep: bool) -> str | None:
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


def record_refusal(actor, decision: ClassificationDecision) -> str | None:
    """Why `actor` may not record the person's information or appeal on a decision, or None."""
    prisons = [p for p in (decision.prison, decision.prisoner.current_prison) if p is not None]
    allowed = (actor.has_perm(PROPOSE) or actor.has_perm(APPROVE)) and any(works_at(actor, p) for p in prisons)
    if not allowed:
        return _("Only a case manager or an approver at the prison concerned can record this.")
    return None


def _ensure(refusal: str | None) -> None:
    if refusal:
        raise PermissionDenied(refusal)


# --- helpers --------------------------------------------------------------------------------------


def _locked(decision: ClassificationDecision) -> ClassificationDecision:
    # Only the decision's row is locked: PostgreSQL cannot lock the nullable side of a join.
    return (
        ClassificationDecision.objects.select_for_update(of=("self",))
        .select_related("prisoner__current_prison", "prison")
        .get(pk=decision.pk)
    )


def _move(decision: ClassificationDecision, new: str) -> str:
    try:
        rules.check_transition(decision.status, new)
    except workflow.TransitionRefused as exc:
        message = _("A decision that is “%(current)s” cannot become “%(new)s”.") % {
            "current": DecisionStatus(exc.current).label if exc.current else _("not yet proposed"),
            "new": DecisionStatus(exc.new).label,
        }
        raise ValidationError({"status": message}) from exc
    before, decision.status = decision.status, new
    return before


def _level_codes() -> list[str]:
    return [level.code for level in active_profile().classification.levels]


def _level_problem(level: str) -> str | None:
    if level not in _level_codes():
        return _("Choose one of the levels of this prison service.")
    return None


# --- proposing ------------------------------------------------------------------------------------


@transaction.atomic
def classification_propose(
    *,
    actor,
    prisoner: Prisoner,
    proposed_level: str,
    rationale: str,
    override_reason: str = "",
    vep_placement: str = "",
    vep_placement_reason: str = "",
    programme_confirmed: bool = False,
    version: int | None = None,
) -> ClassificationDecision:
    """The case manager's proposal, stored beside the one the system computes now and its reasons.
    A proposal returned with comments is proposed again (its `version` is checked); otherwise a
    new decision is opened. A level other than the computed one needs a reason; a VEP needs a
    placement option chosen with a reason."""
    # The person's row is locked so that two proposals for one person queue.
    prisoner = Prisoner.objects.select_for_update(of=("self",)).select_related("current_prison").get(pk=prisoner.pk)
    _ensure(proposal_refusal(actor, prisoner))
    open_decision = (
        ClassificationDecision.objects.select_for_update(of=("self",))
        .filter(prisoner=prisoner, status__in=rules.OPEN)
        .first()
    )
    if open_decision is not None:
        check_version(open_decision, version)
        if open_decision.status == DecisionStatus.PROPOSED:
            raise ValidationError({"status": _("A proposal for this person is already awaiting a decision.")})
    framework = active_profile().classification
    proposal, facts = selectors.compute_proposal(prisoner)
    vep = selectors.is_vep(prisoner.pk)
    rationale, override_reason = rationale.strip(), override_reason.strip()
    vep_placement, vep_placement_reason = vep_placement.strip(), vep_placement_reason.strip()
    errors: dict[str, str] = {}
    if problem := _level_problem(proposed_level):
        errors["proposed_level"] = problem
    if not rationale:
        errors["rationale"] = _("Explain the proposal: the risks and needs it answers, and why this level.")
    if "proposed_level" in errors or override_reason:
        pass
    elif facts.women_rules_apply and proposed_level not in framework.women.levels:
        errors["override_reason"] = _(
            "The women's estate uses other levels (Bangkok Rules 40-41): say why you propose this one."
        )
    elif proposed_level != proposal.level:
        errors["override_reason"] = _(
            "The system computed %(level)s: say why you propose another level (least restrictive first)."
        ) % {"level": selectors.level_label(proposal.level)}
    if vep:
        if vep_placement not in framework.vep_placement_options:
            errors["vep_placement"] = _("Choose how this person is placed, among the options of this prison service.")
        elif not vep_placement_reason:
            errors["vep_placement_reason"] = _(
                "Say why this placement suits this person: it is chosen for the person, never by the label alone."
            )
        elif vep_placement != VepPlacement.INTEGRATION_DISPERSAL and not selectors.has_final_vep_assessment(
            prisoner.pk
        ):
            errors["vep_placement"] = _(
                "Concentration or separation rests on an individual assessment, not on the label: a final "
                "violent extremism assessment is needed first."
            )
    elif vep_placement:
        errors["vep_placement"] = _("A placement option is chosen only for a person linked to violent extremism.")
    if (
        "proposed_level" not in errors
        and rules.needs_programme_confirmation(framework, level=proposed_level, current_level=facts.current_level)
        and not programme_confirmed
    ):
        errors["programme_confirmed"] = _("Confirm that the programme this level requires was completed.")
    if errors:
        raise ValidationError(errors)
    fields = {
        "computed_level": proposal.level,
        "computed_reasons": [reason.as_dict() for reason in proposal.reasons],
        "proposed_level": proposed_level,
        "rationale": rationale,
        "override_reason": override_reason,
        "vep_placement": vep_placement if vep else "",
        "vep_placement_reason": vep_placement_reason if vep else "",
        "programme_confirmed": bool(programme_confirmed),
        "proposed_by": actor,
        "proposed_at": timezone.now(),
        "prison": prisoner.current_prison,
    }
    if open_decision is not None:
        decision = open_decision
        before = _move(decision, DecisionStatus.PROPOSED)
        for name, value in fields.items():
            setattr(decision, name, value)
        bump_version(decision, ["status", *fields])
    else:
        rules.check_transition(rules.NONE, DecisionStatus.PROPOSED)
        before = rules.NONE
        try:
            with transaction.atomic():
                decision = ClassificationDecision.objects.create(
                    prisoner=prisoner, status=DecisionStatus.PROPOSED, **fields
                )
        except IntegrityError as exc:  # another proposal at the same moment
            raise ValidationError({"status": _("A proposal for this person is already awaiting a decision.")}) from exc
    audit.record(
        actor=actor,
        action="classification.propose",
        obj=decision,
        changes=audit.changes_of(
            status=(before or None, decision.status),
            computed_level=(None, decision.computed_level),
            proposed_level=(None, decision.proposed_level),
            vep_placement=(None, decision.vep_placement or None),
        ),
        reason="\n".join(filter(None, (rationale, override_reason, vep_placement_reason))),
    )
    return decision


# --- deciding -------------------------------------------------------------------------------------


@transaction.atomic
def classification_approve(
    *, actor, decision: ClassificationDecision, level: str | None = None, reason: str = "", version: int | None = None
) -> ClassificationDecision:
    """Approve a proposal at its level, or decide another level with a reason. The decision in
    force before it is superseded; the next review falls due after the level's interval."""
    decision = _locked(decision)
    _ensure(approval_refusal(actor, decision.prisoner, is_vep=selectors.is_vep(decision.prisoner_id)))
    check_version(decision, version)  # after the right: a stale-version message names who changed what
    if actor.pk == decision.proposed_by_id:
        raise PermissionDenied(_("The one who proposed a classification cannot also approve it."))
    before = _move(decision, DecisionStatus.APPROVED)
    level = level or decision.proposed_level
    reason = reason.strip()
    if problem := _level_problem(level):
        raise ValidationError({"level": problem})
    if level != decision.proposed_level and not reason:
        raise ValidationError({"reason": _("Say why you decide another level than the one proposed.")})
    previous = (
        ClassificationDecision.objects.select_for_update(of=("self",))
        .filter(prisoner_id=decision.prisoner_id, status=DecisionStatus.APPROVED)
        .first()
    )
    if previous is not None:
        _supersede(actor, previous, by=decision)
    now = timezone.now()
    review_days = active_profile().classification.level(level).review_days
    decision.approved_level, decision.decision_reason = level, reason
    decision.decided_by, decision.decided_at = actor, now
    decision.next_review_on = rules.next_review_on(timezone.localdate(now), review_days)
    bump_version(
        decision, ["status", "approved_level", "decision_reason", "decided_by", "decided_at", "next_review_on"]
    )
    audit.record(
        actor=actor,
        action="classification.approve",
        obj=decision,
        changes=audit.changes_of(
            status=(before, decision.status),
            approved_level=(None, level),
            next_review_on=(None, decision.next_review_on),
        ),
        reason=reason,
    )
    return decision


def _supersede(actor, previous: ClassificationDecision, *, by: ClassificationDecision) -> None:
    before = _move(previous, DecisionStatus.SUPERSEDED)
    bump_version(previous, ["status"])
    audit.record(
        actor=actor,
        action="classification.supersede",
        obj=previous,
        changes=audit.changes_of(status=(before, previous.status), superseded_by=(None, by.pk)),
    )


@transaction.atomic
def classification_return(
    *, actor, decision: ClassificationDecision, comment: str, version: int | None = None
) -> ClassificationDecision:
    """Send a proposal back to the case manager with comments; they propose again."""
    decision = _locked(decision)
    _ensure(approval_refusal(actor, decision.prisoner, is_vep=selectors.is_vep(decision.prisoner_id)))
    check_version(decision, version)  # after the right: a stale-version message names who changed what
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the case manager should reconsider.")})
    before = _move(decision, DecisionStatus.RETURNED)
    decision.return_comment = comment.strip()
    bump_version(decision, ["status", "return_comment"])
    audit.record(
        actor=actor,
        action="classification.return",
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
        return _("The date cannot be before %(what)s (%(date)s).") % {"what": before_label, "date": not_before}
    return None


@transaction.atomic
def classification_record_information(
    *, actor, decision: ClassificationDecision, informed_on: date, version: int | None = None
) -> ClassificationDecision:
    """The day the person was told of the decision and of how to contest it."""
    decision = _locked(decision)
    _ensure(record_refusal(actor, decision))
    check_version(decision, version)  # after the right: a stale-version message names who changed what
    _ensure_decided(decision)
    decided_on = timezone.localdate(decision.decided_at)
    if problem := _date_problem(informed_on, not_before=decided_on, before_label=_("the decision")):
        raise ValidationError({"informed_on": problem})
    before, decision.informed_on = decision.informed_on, informed_on
    bump_version(decision, ["informed_on"])
    audit.record(
        actor=actor,
        action="classification.information",
        obj=decision,
        changes=audit.changes_of(informed_on=(before, informed_on)),
    )
    return decision


@transaction.atomic
def classification_record_appeal(
    *,
    actor,
    decision: ClassificationDecision,
    lodged_on: date,
    outcome: str = AppealOutcome.PENDING,
    decided_on: date | None = None,
    note: str = "",
    version: int | None = None,
) -> ClassificationDecision:
    """The person's appeal against the decision, and its outcome once known. An appeal that
    changed the decision makes its review due at once."""
    decision = _locked(decision)
    _ensure(record_refusal(actor, decision))
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
        action="classification.appeal",
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
    *, actor, decision: ClassificationDecision, new_date: date, reason: str, version: int | None = None
) -> ReviewDateChange:
    """Move the next review of the decision in force, with a reason; the change is kept. A review
    lies at most one interval of the level ahead: a restrictive level is never left unreviewed."""
    decision = _locked(decision)
    _ensure(approval_refusal(actor, decision.prisoner, is_vep=selectors.is_vep(decision.prisoner_id)))
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
        errors["new_date"] = _("At this level a review lies at most until %(date)s.") % {"date": latest.isoformat()}
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
        action="classification.review_date",
        obj=decision,
        changes=audit.changes_of(next_review_on=(before, new_date)),
        reason=change.reason,
    )
    return change
