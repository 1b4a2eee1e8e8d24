"""Writes of individual sentence plans: each step in one transaction with its audit event.

Who may act: a case manager (the right `manage_sentence_plans`) working at the prison that holds
the person. A draft is worded, shaped with the person and agreed; an agreed plan is followed up
(objective statuses, progress notes, a decline) and changed only by a review, which makes the next
version and keeps this one.

Declining is the person's choice: it is recorded with their reason and changes nothing else — no
classification level, no assessment trigger, no other record (Mandela Rules 4 and 91-92).
"""

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import works_at
from custodia.assessment.choices import AssessmentStatus, NeedArea
from custodia.assessment.models import Assessment
from custodia.core import audit, workflow
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.rights import right
from custodia.core.versions import bump_version, check_version
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import rules
from .choices import Agreement, ObjectiveStatus, Origin, PlanStatus, Responsible, ReviewEvent
from .models import Objective, PlanEvent, ProgressNote, SentencePlan

MANAGE = right("manage_sentence_plans")
OBJECTIVES = workflow.Workflow(
    rules.ALLOWED_PREVIOUS,
    ObjectiveStatus,
    refused=gettext_lazy("An objective that is “%(current)s” cannot become “%(new)s”."),
)


# --- who may act ----------------------------------------------------------------------------------


def planner_refusal(actor: User, prisoner: Prisoner) -> str | None:
    """Why `actor` may not start or change the person's sentence plan, or None: a case manager at
    the prison that holds the person."""
    prison = prisoner.current_prison
    if not actor.has_perm(MANAGE) or prison is None or not works_at(actor, prison):
        return _("Only a case manager at the prison that holds this person can do this.")
    return None


def _draft(plan: SentencePlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            {"status": _("An agreed plan is changed by a review, which makes a new version and keeps this one.")}
        )


def _in_force(plan: SentencePlan) -> None:
    if plan.status == PlanStatus.SUPERSEDED:
        raise ValidationError({"status": _("This version was superseded: follow up the current one.")})


def _locked_plan(plan: SentencePlan, actor: User, version: int | None) -> SentencePlan:
    plan = workflow.locked(plan, "prisoner__current_prison")
    ensure_allowed(planner_refusal(actor, plan.prisoner))
    check_version(plan, version)
    return plan


def _locked_objective(objective: Objective, actor: User, version: int | None) -> Objective:
    objective = workflow.locked(objective, "plan__prisoner__current_prison")
    ensure_allowed(planner_refusal(actor, objective.plan.prisoner))
    check_version(objective, version)
    return objective


def _latest_finals(prisoner: Prisoner) -> list[Assessment]:
    """The latest final assessment with each instrument: what a plan is based on."""
    latest: dict[str, Assessment] = {}
    for assessment in Assessment.objects.filter(prisoner=prisoner, status=AssessmentStatus.FINAL).order_by(
        "countersigned_at", "pk"
    ):
        latest[assessment.instrument_code] = assessment
    return list(latest.values())


def _propose(plan: SentencePlan, finals: list[Assessment], *, already: set[str]) -> list[str]:
    needs = rules.proposed_needs((a.need_areas for a in finals), already=already)
    Objective.objects.bulk_create(Objective(plan=plan, need_area=need, origin=Origin.PROPOSED) for need in needs)
    plan.based_on.set(finals)
    return [str(need) for need in needs]


# --- the plan -----------------------------------------------------------------------------------


@transaction.atomic
def plan_start(*, actor: User, prisoner: Prisoner) -> SentencePlan:
    """A first draft from the latest final assessments: each need they found becomes a proposed
    objective. A person with a plan has it reviewed instead (plan_review)."""
    prisoner = (
        Prisoner.objects.select_for_update(no_key=True, of=("self",))
        .select_related("current_prison")
        .get(pk=prisoner.pk)
    )
    ensure_allowed(planner_refusal(actor, prisoner))
    if SentencePlan.objects.filter(prisoner=prisoner).exclude(status=PlanStatus.SUPERSEDED).exists():
        raise ValidationError({"status": _("This person already has a plan: open it, or review it for a new version.")})
    try:
        with transaction.atomic():
            plan = SentencePlan.objects.create(
                prisoner=prisoner, prison=cast(Prison, prisoner.current_prison), created_by=actor
            )
    except IntegrityError as exc:  # another case manager started one at the same moment
        raise ValidationError({"status": _("A plan for this person was started meanwhile.")}) from exc
    finals = _latest_finals(prisoner)
    proposed = _propose(plan, finals, already=set())
    audit.record(
        actor=actor,
        action=AuditAction.PLAN_START,
        obj=plan,
        changes=audit.changes_of(
            prisoner=(None, prisoner.pk), based_on=(None, [a.pk for a in finals]), proposed=(None, proposed)
        ),
    )
    return plan


@dataclass(frozen=True)
class PersonsView:
    own_goals: str
    agreement: str
    comment: str
    explained_in: str
    explained_by: str


@transaction.atomic
def plan_view_record(*, actor: User, plan: SentencePlan, view: PersonsView, version: int | None = None) -> SentencePlan:
    """The person's own view of the draft (Rules 54-55): their goals in their words, whether they
    agree, and in which language and by whom the plan was explained to them."""
    plan = _locked_plan(plan, actor, version)
    _draft(plan)
    errors = {}
    if view.agreement not in ("", *Agreement.values):
        errors["agreement"] = _("Choose one of the answers.")
    if view.agreement and not view.explained_in.strip():
        errors["explained_in"] = _("Say in which language the plan was explained.")
    if errors:
        raise ValidationError(errors)
    changes = {}
    for field, value in (
        ("own_goals", view.own_goals.strip()),
        ("agreement", view.agreement),
        ("person_comment", view.comment.strip()),
        ("explained_in", view.explained_in.strip()),
        ("explained_by", view.explained_by.strip()),
    ):
        if getattr(plan, field) != value:
            changes[field] = (getattr(plan, field), value)
            setattr(plan, field, value)
    if changes:
        bump_version(plan, list(changes))
        audit.record(actor=actor, action=AuditAction.PLAN_VIEW, obj=plan, changes=audit.changes_of(**changes))
    return plan


def agree_problems(plan: SentencePlan) -> dict[str, str]:
    """What keeps a draft from being agreed: every proposal decided, and the person's view heard."""
    problems = {}
    if plan.objectives.filter(status=ObjectiveStatus.PROPOSED).exists():
        problems["objectives"] = _("Accept or set aside each proposed objective first.")
    if not plan.agreement or not plan.explained_in:
        problems["agreement"] = _(
            "Record the person's view of the plan and the language it was explained in (Mandela Rules 54-55)."
        )
    return problems


def _release_on(prisoner: Prisoner) -> date | None:
    return cast(date | None, prisoner.sentences.aggregate(on=Max("earliest_release_on"))["on"])


@transaction.atomic
def plan_agree(*, actor: User, plan: SentencePlan, version: int | None = None) -> SentencePlan:
    """The draft comes into force; the version it replaces is superseded and kept."""
    plan = _locked_plan(plan, actor, version)
    _draft(plan)
    if problems := agree_problems(plan):
        raise ValidationError(problems)
    today = timezone.localdate()
    rule = active_profile().sentence_plan
    previous = (
        SentencePlan.objects.select_for_update(no_key=True)
        .filter(prisoner=plan.prisoner, status=PlanStatus.AGREED)
        .first()
    )
    if previous is not None:
        previous.status = PlanStatus.SUPERSEDED
        previous.superseded_by = plan
        bump_version(previous, ["status", "superseded_by"])
    plan.status, plan.agreed_by, plan.agreed_at = PlanStatus.AGREED, actor, timezone.now()
    plan.next_review_on = rules.review_due(
        agreed_on=today,
        review_months=rule.review_months,
        event_review_days=rule.event_review_days,
        release_on=_release_on(plan.prisoner),
        pre_release_months=rule.pre_release_months,
    ).on
    bump_version(plan, ["status", "agreed_by", "agreed_at", "next_review_on"])
    audit.record(
        actor=actor,
        action=AuditAction.PLAN_AGREE,
        obj=plan,
        changes=audit.changes_of(
            status=(PlanStatus.DRAFT, plan.status),
            next_review_on=(None, plan.next_review_on),
            supersedes=(None, previous.pk if previous else None),
        ),
    )
    return plan


@transaction.atomic
def plan_review(*, actor: User, plan: SentencePlan, version: int | None = None) -> SentencePlan:
    """The next version of an agreed plan, as a draft: its objectives copied as they stand, new
    needs of later final assessments proposed, the person's goals carried over to be heard again.
    The agreed plan stays in force until the new version is agreed."""
    plan = _locked_plan(plan, actor, version)
    if plan.status != PlanStatus.AGREED:
        raise ValidationError({"status": _("Only the plan in force is reviewed.")})
    if SentencePlan.objects.filter(prisoner=plan.prisoner, status=PlanStatus.DRAFT).exists():
        raise ValidationError({"status": _("A review of this plan is already under way.")})
    new = SentencePlan.objects.create(
        prisoner=plan.prisoner,
        prison=cast(Prison, plan.prisoner.current_prison),
        number=plan.number + 1,
        own_goals=plan.own_goals,
        created_by=actor,
    )
    copied = list(plan.objectives.all())
    Objective.objects.bulk_create(
        Objective(
            plan=new,
            need_area=o.need_area,
            origin=o.origin,
            wording=o.wording,
            actions=o.actions,
            responsible=o.responsible,
            responsible_staff_id=o.responsible_staff_id,
            responsible_agency=o.responsible_agency,
            target_on=o.target_on,
            status=o.status,
            status_reason=o.status_reason,
            copied_from=o,
        )
        for o in copied
    )
    proposed = _propose(new, _latest_finals(plan.prisoner), already={o.need_area for o in copied})
    audit.record(
        actor=actor,
        action=AuditAction.PLAN_REVIEW,
        obj=new,
        changes=audit.changes_of(reviews=(None, plan.pk), number=(plan.number, new.number), proposed=(None, proposed)),
    )
    return new


# --- objectives ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    wording: str
    actions: str
    responsible: str
    responsible_staff: User | None = None
    responsible_agency: str = ""
    target_on: date | None = None


def _wording_problems(w: Wording, *, target_was: date | None = None) -> dict[str, str]:
    problems = {}
    if rules.target_refused(w.target_on, was=target_was, today=timezone.localdate()):
        problems["target_on"] = _("The target date is in the past: choose today or a later day.")
    if not w.wording.strip():
        problems["wording"] = _("Word the objective for the person.")
    if w.responsible not in Responsible.values:
        problems["responsible"] = _("Say who is responsible.")
    elif w.responsible == Responsible.STAFF and w.responsible_staff is None:
        problems["responsible_staff"] = _("Name the member of staff responsible.")
    elif w.responsible == Responsible.AGENCY and not w.responsible_agency.strip():
        problems["responsible_agency"] = _("Name the outside agency responsible.")
    return problems


def _apply(objective: Objective, w: Wording) -> dict[str, tuple[object, object]]:
    values = {
        "wording": w.wording.strip(),
        "actions": w.actions.strip(),
        "responsible": w.responsible,
        "responsible_staff_id": w.responsible_staff.pk
        if w.responsible == Responsible.STAFF and w.responsible_staff
        else None,
        "responsible_agency": w.responsible_agency.strip() if w.responsible == Responsible.AGENCY else "",
        "target_on": w.target_on,
    }
    changes: dict[str, tuple[object, object]] = {}
    for field, value in values.items():
        if getattr(objective, field) != value:
            changes[field] = (getattr(objective, field), value)
            setattr(objective, field, value)
    return changes


@transaction.atomic
def objective_word(*, actor: User, objective: Objective, wording: Wording, version: int | None = None) -> Objective:
    """Accept a proposed objective worded for the person, or reword one of the draft."""
    objective = _locked_objective(objective, actor, version)
    _draft(objective.plan)
    if problems := _wording_problems(wording, target_was=objective.target_on):
        raise ValidationError(problems)
    changes = _apply(objective, wording)
    accepting = objective.status == ObjectiveStatus.PROPOSED
    if accepting:
        changes["status"] = (objective.status, ObjectiveStatus.NOT_STARTED)
        OBJECTIVES.move(objective, ObjectiveStatus.NOT_STARTED)
    if not changes:
        return objective
    bump_version(objective, list(changes))
    audit.record(
        actor=actor,
        action=AuditAction.OBJECTIVE_ACCEPT if accepting else AuditAction.OBJECTIVE_REWORD,
        obj=objective,
        changes=audit.changes_of(**changes),
    )
    return objective


@transaction.atomic
def objective_add(*, actor: User, plan: SentencePlan, need_area: str, wording: Wording) -> Objective:
    """An objective the case manager and the person add to the draft, beyond the proposals."""
    plan = _locked_plan(plan, actor, None)
    _draft(plan)
    problems = _wording_problems(wording)
    if need_area not in NeedArea.values:
        problems["need_area"] = _("Choose the need this objective addresses.")
    if problems:
        raise ValidationError(problems)
    objective = Objective(plan=plan, need_area=need_area, origin=Origin.ADDED, status=ObjectiveStatus.NOT_STARTED)
    changes = _apply(objective, wording)
    objective.save()
    audit.record(
        actor=actor,
        action=AuditAction.OBJECTIVE_ADD,
        obj=objective,
        changes=audit.changes_of(plan=(None, plan.pk), need_area=(None, need_area), **changes),
    )
    return objective


def _move(*, actor: User, objective: Objective, status: str, reason: str, action: AuditAction) -> Objective:
    before = OBJECTIVES.move(objective, status)
    objective.status_reason = reason.strip()
    bump_version(objective, ["status", "status_reason"])
    audit.record(
        actor=actor,
        action=action,
        obj=objective,
        changes=audit.changes_of(status=(before, status)),
        reason=objective.status_reason,
    )
    return objective


@transaction.atomic
def objective_set_aside(*, actor: User, objective: Objective, reason: str, version: int | None = None) -> Objective:
    """A proposal the case manager does not take into the plan, with the reason."""
    objective = _locked_objective(objective, actor, version)
    _draft(objective.plan)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this proposal is set aside.")})
    return _move(
        actor=actor,
        objective=objective,
        status=ObjectiveStatus.SET_ASIDE,
        reason=reason,
        action=AuditAction.OBJECTIVE_SET_ASIDE,
    )


@transaction.atomic
def objective_status_change(
    *, actor: User, objective: Objective, status: str, reason: str = "", version: int | None = None
) -> Objective:
    """The follow-up of an objective: in progress, achieved, not achieved or withdrawn; or, once
    declined, taken up again (not started)."""
    objective = _locked_objective(objective, actor, version)
    _in_force(objective.plan)
    if status not in rules.FOLLOW_UP:
        raise ValidationError({"status": _("Choose not started, in progress, achieved, not achieved or withdrawn.")})
    if objective.status == ObjectiveStatus.PROPOSED:
        raise ValidationError({"status": _("Accept the proposed objective, worded for the person, first.")})
    return _move(
        actor=actor,
        objective=objective,
        status=status,
        reason=reason,
        action=AuditAction.OBJECTIVE_STATUS,
    )


@transaction.atomic
def objective_decline(*, actor: User, objective: Objective, reason: str, version: int | None = None) -> Objective:
    """The person declines the objective: their choice, with their reason. Nothing else changes."""
    objective = _locked_objective(objective, actor, version)
    _in_force(objective.plan)
    if not reason.strip():
        raise ValidationError({"reason": _("Record the person's reason, in their words.")})
    return _move(
        actor=actor,
        objective=objective,
        status=ObjectiveStatus.DECLINED,
        reason=reason,
        action=AuditAction.OBJECTIVE_DECLINE,
    )


@transaction.atomic
def progress_note_add(*, actor: User, objective: Objective, text: str) -> ProgressNote:
    objective = _locked_objective(objective, actor, None)
    _in_force(objective.plan)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = ProgressNote.objects.create(objective=objective, text=text.strip(), by=actor)
    audit.record(
        actor=actor,
        action=AuditAction.OBJECTIVE_PROGRESS,
        obj=objective,
        changes=audit.changes_of(note=(None, note.pk)),
        reason=note.text,
    )
    return note


# --- events that bring a review forward ------------------------------------------------------------


@transaction.atomic
def plan_event_from_file(*, actor: User | None, prisoner: Prisoner, event: str, occurred_on: date) -> PlanEvent | None:
    """A transfer or a change of sentence recorded in the file: the plan in force is reviewed
    sooner (selectors work out when). Nothing is recorded for a person without an agreed plan."""
    if event not in ReviewEvent.values:
        return None
    plan = SentencePlan.objects.filter(prisoner=prisoner, status=PlanStatus.AGREED).first()
    if plan is None:
        return None
    recorded = PlanEvent.objects.create(prisoner=prisoner, event=event, occurred_on=occurred_on)
    audit.record(
        actor=actor,
        action=AuditAction.PLAN_REVIEW_DUE,
        obj=plan,
        changes=audit.changes_of(event=(None, event), occurred_on=(None, occurred_on)),
    )
    return recorded
