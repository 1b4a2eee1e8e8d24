"""Writes of release planning and after-care: each step in one transaction with its audit event.

Who may act: a case manager (the right `manage_release_plans`) working at the prison responsible
for the person — the prison that holds them, or, once they are released, the prison that opened
the plan and follows them up.

Consent is the person's: a referral shares nothing until they have agreed, section by section,
and a summary holds only what the latest consent allows beside what the law requires.
"""

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import works_at
from custodia.core import audit, workflow
from custodia.core.actions import AuditAction
from custodia.core.formats import local_date
from custodia.core.refusals import ensure_allowed
from custodia.core.rights import right
from custodia.core.versions import bump_version, check_version
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import rules, selectors
from .choices import AgencyKind, Answer, OpenedHow, Pathway, PathwayStatus, ShareSection
from .models import Consent, FollowUp, PathwayAction, PathwayRecord, Referral, ReleasePlan

MANAGE = right("manage_release_plans")
PATHWAYS = workflow.Workflow(
    rules.ALLOWED_PREVIOUS,
    PathwayStatus,
    refused=gettext_lazy("A pathway that is “%(current)s” cannot become “%(new)s”."),
)


# --- who may act ----------------------------------------------------------------------------------


def opener_refusal(actor: User, prisoner: Prisoner) -> str | None:
    """Why `actor` may not open the person's release planning, or None: a case manager at the
    prison that holds the person."""
    prison = prisoner.current_prison
    if not actor.has_perm(MANAGE) or prison is None or not works_at(actor, prison):
        return _("Only a case manager at the prison that holds this person can do this.")
    return None


def responsible_prison(plan: ReleasePlan) -> Prison:
    """The prison that holds the person, or, after release, the one that opened the plan."""
    return plan.prisoner.current_prison or plan.prison


def planner_refusal(actor: User, plan: ReleasePlan) -> str | None:
    """Why `actor` may not change the release plan, or None."""
    if not actor.has_perm(MANAGE) or not works_at(actor, responsible_prison(plan)):
        return _("Only a case manager at the prison responsible for this person can do this.")
    return None


def _locked_plan(plan: ReleasePlan, actor: User) -> ReleasePlan:
    plan = workflow.locked(plan, "prisoner__current_prison", "prison", "admission")
    ensure_allowed(planner_refusal(actor, plan))
    return plan


# --- opening ----------------------------------------------------------------------------------------


def _open(
    *, actor: User | None, prisoner: Prisoner, admission_id: int, how: str, release_on: date | None
) -> ReleasePlan:
    try:
        with transaction.atomic():
            plan = ReleasePlan.objects.create(
                prisoner=prisoner,
                admission_id=admission_id,
                prison=cast(Prison, prisoner.current_prison),
                opened_how=how,
                opened_by=actor,
                release_on=release_on,
            )
    except IntegrityError as exc:  # opened meanwhile, by a colleague or the scheduled command
        raise ValidationError({"status": _("Release planning for this stay was opened meanwhile.")}) from exc
    PathwayRecord.objects.bulk_create(PathwayRecord(plan=plan, pathway=pathway) for pathway in Pathway)
    audit.record(
        actor=actor,
        action=AuditAction.RELEASE_PLAN_OPEN,
        obj=plan,
        changes=audit.changes_of(prisoner=(None, prisoner.pk), opened_how=(None, how), release_on=(None, release_on)),
    )
    return plan


@transaction.atomic
def release_plan_open(*, actor: User, prisoner: Prisoner) -> ReleasePlan:
    """Open release planning for the person's present stay: as scheduled when it is due (release
    within the profile's months), else on request (a person on remand, or early planning)."""
    prisoner = (
        Prisoner.objects.select_for_update(no_key=True, of=("self",))
        .select_related("current_prison")
        .get(pk=prisoner.pk)
    )
    ensure_allowed(opener_refusal(actor, prisoner))
    admission = prisoner.admissions.order_by("-admitted_at").first()
    if admission is None or ReleasePlan.objects.filter(admission=admission).exists():
        raise ValidationError({"status": _("Release planning for this stay is already open.")})
    how = OpenedHow.SCHEDULE if selectors.planning_due_now(prisoner) else OpenedHow.REQUEST
    return _open(
        actor=actor, prisoner=prisoner, admission_id=admission.pk, how=how, release_on=selectors.release_on(prisoner)
    )


def release_plans_open_due(*, today: date | None = None) -> list[ReleasePlan]:
    """Open every release plan that is due (the scheduled command and the demo): idempotent, each
    in its own transaction, so that one refused person does not hold back the others."""
    today = today or timezone.localdate()
    opened = []
    for due in selectors.openings_due(Prisoner.objects.all(), until=today, today=today):
        with transaction.atomic():
            prisoner = (
                Prisoner.objects.select_for_update(no_key=True, of=("self",))
                .select_related("current_prison")
                .get(pk=due.prisoner.pk)
            )
            if ReleasePlan.objects.filter(admission_id=due.admission_id).exists():
                continue
            opened.append(
                _open(
                    actor=None,
                    prisoner=prisoner,
                    admission_id=due.admission_id,
                    how=OpenedHow.SCHEDULE,
                    release_on=due.release_on,
                )
            )
    return opened


# --- pathways and their actions ---------------------------------------------------------------------


@transaction.atomic
def pathway_status_change(
    *, actor: User, pathway: PathwayRecord, status: str, note: str = "", version: int | None = None
) -> PathwayRecord:
    pathway = workflow.locked(pathway, "plan")
    _locked_plan(pathway.plan, actor)
    check_version(pathway, version)
    if status not in PathwayStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    before = PATHWAYS.move(pathway, status)
    pathway.note = note.strip() or pathway.note
    bump_version(pathway, ["status", "note"])
    audit.record(
        actor=actor,
        action=AuditAction.PATHWAY_STATUS,
        obj=pathway,
        changes=audit.changes_of(pathway=(None, pathway.pathway), status=(before, status)),
        reason=note.strip(),
    )
    return pathway


@transaction.atomic
def action_add(
    *, actor: User, pathway: PathwayRecord, text: str, responsible: str, target_on: date | None = None
) -> PathwayAction:
    _locked_plan(pathway.plan, actor)
    problems = {}
    if not text.strip():
        problems["text"] = _("Say what is to be done.")
    if not responsible.strip():
        problems["responsible"] = _("Say who is responsible.")
    if problems:
        raise ValidationError(problems)
    action = PathwayAction.objects.create(
        pathway=pathway, text=text.strip(), responsible=responsible.strip(), target_on=target_on, added_by=actor
    )
    audit.record(
        actor=actor,
        action=AuditAction.PATHWAY_ACTION_ADD,
        obj=action,
        changes=audit.changes_of(
            pathway=(None, pathway.pathway), text=(None, action.text), target_on=(None, target_on)
        ),
    )
    return action


@transaction.atomic
def action_done(*, actor: User, action: PathwayAction, done_on: date | None = None) -> PathwayAction:
    action = workflow.locked(action, "pathway__plan")
    _locked_plan(action.pathway.plan, actor)
    if action.done_on is not None:
        raise ValidationError({"done_on": _("This action is already done.")})
    action.done_on = done_on or timezone.localdate()
    if action.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("An action cannot be done in the future.")})
    action.save(update_fields=["done_on"])
    audit.record(
        actor=actor,
        action=AuditAction.PATHWAY_ACTION_DONE,
        obj=action,
        changes=audit.changes_of(done_on=(None, action.done_on)),
    )
    return action


# --- referrals, consent and answers -------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralData:
    agency_name: str
    agency_kind: str
    pathway: str = ""
    purpose: str = ""


@transaction.atomic
def referral_make(*, actor: User, plan: ReleasePlan, data: ReferralData) -> Referral:
    """A referral to an outside agency; it shares nothing until the person's consent is recorded."""
    plan = _locked_plan(plan, actor)
    problems = {}
    if not data.agency_name.strip():
        problems["agency_name"] = _("Name the agency.")
    if data.agency_kind not in AgencyKind.values:
        problems["agency_kind"] = _("Choose the kind of agency.")
    if data.pathway and data.pathway not in Pathway.values:
        problems["pathway"] = _("Choose a pathway.")
    if problems:
        raise ValidationError(problems)
    referral = Referral.objects.create(
        plan=plan,
        agency_name=data.agency_name.strip(),
        agency_kind=data.agency_kind,
        pathway=data.pathway,
        purpose=data.purpose.strip(),
        made_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.REFERRAL_MAKE,
        obj=referral,
        changes=audit.changes_of(
            plan=(None, plan.pk), agency=(None, referral.agency_name), kind=(None, referral.agency_kind)
        ),
    )
    return referral


@dataclass(frozen=True)
class ConsentData:
    sections: list[str]
    given_on: date
    explained_in: str
    explained_by: str = ""


@transaction.atomic
def consent_record(*, actor: User, referral: Referral, data: ConsentData) -> Consent:
    """The person's consent to share, section by section, as they gave it; it replaces the one
    before (kept). An empty choice withdraws consent: only what the law requires is shared."""
    referral = workflow.locked(referral, "plan")
    _locked_plan(referral.plan, actor)
    problems = {}
    if unknown := set(data.sections) - set(ShareSection.values):
        problems["sections"] = _("Unknown sections: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
    if not data.explained_in.strip():
        problems["explained_in"] = _("Say in which language the choice was explained to the person.")
    if data.given_on > timezone.localdate():
        problems["given_on"] = _("Consent cannot be given in the future.")
    if problems:
        raise ValidationError(problems)
    before = selectors.consent_in_force(referral)
    sections = [str(section) for section in rules.shared_sections(data.sections)]
    consent = Consent.objects.create(
        referral=referral,
        sections=sections,
        given_on=data.given_on,
        explained_in=data.explained_in.strip(),
        explained_by=data.explained_by.strip(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.REFERRAL_CONSENT,
        obj=referral,
        changes=audit.changes_of(
            sections=(before.sections if before else None, sections), explained_in=(None, consent.explained_in)
        ),
    )
    return consent


@transaction.atomic
def referral_answer(
    *, actor: User, referral: Referral, answer: str, answered_on: date, note: str = "", version: int | None = None
) -> Referral:
    referral = workflow.locked(referral, "plan")
    _locked_plan(referral.plan, actor)
    check_version(referral, version)
    problems = {}
    if answer not in (Answer.ACCEPTED, Answer.DECLINED, Answer.NO_ANSWER):
        problems["answer"] = _("Choose accepted, declined or no answer.")
    if answered_on > timezone.localdate():
        problems["answered_on"] = _("The date cannot be in the future.")
    if problems:
        raise ValidationError(problems)
    before = referral.answer
    referral.answer, referral.answered_on, referral.answer_note = answer, answered_on, note.strip()
    bump_version(referral, ["answer", "answered_on", "answer_note"])
    audit.record(
        actor=actor,
        action=AuditAction.REFERRAL_ANSWER,
        obj=referral,
        changes=audit.changes_of(answer=(before, answer), answered_on=(None, answered_on)),
        reason=referral.answer_note,
    )
    return referral


# --- follow-up after release ---------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpData:
    contact_made: bool
    housed: bool | None = None
    in_work_or_education: bool | None = None
    family_contact: bool | None = None
    new_offence: bool | None = None
    recalled: bool | None = None
    note: str = ""

    OUTCOMES = ("housed", "in_work_or_education", "family_contact", "new_offence", "recalled")


@transaction.atomic
def follow_up_record(*, actor: User, plan: ReleasePlan, months: int, data: FollowUpData) -> FollowUp:
    """What a follow-up after release found, once it is due. Without contact nothing is known:
    the outcomes stay unknown rather than "no"."""
    plan = _locked_plan(plan, actor)
    released = selectors.released_at(plan)
    if released is None:
        raise ValidationError({"months": _("The person has not been released from this stay yet.")})
    dues = {
        due.months: due
        for due in rules.follow_ups(
            released_on=timezone.localdate(released), follow_up_months=active_profile().reintegration.follow_up_months
        )
    }
    if months not in dues:
        raise ValidationError({"months": _("Choose one of the follow-up intervals.")})
    if dues[months].on > timezone.localdate():
        raise ValidationError(
            {"months": _("This follow-up falls due on %(date)s.") % {"date": local_date(dues[months].on)}}
        )
    if FollowUp.objects.filter(plan=plan, months=months).exists():
        raise ValidationError({"months": _("This follow-up is already recorded.")})
    outcomes = {name: getattr(data, name) for name in FollowUpData.OUTCOMES}
    if not data.contact_made and any(value is not None for value in outcomes.values()):
        raise ValidationError({"contact_made": _("Without contact, leave the outcomes unknown.")})
    follow_up = FollowUp.objects.create(
        plan=plan, months=months, contact_made=data.contact_made, note=data.note.strip(), recorded_by=actor, **outcomes
    )
    audit.record(
        actor=actor,
        action=AuditAction.FOLLOW_UP_RECORD,
        obj=follow_up,
        changes=audit.changes_of(
            plan=(None, plan.pk),
            months=(None, months),
            contact_made=(None, data.contact_made),
            **{name: (None, value) for name, value in outcomes.items()},
        ),
    )
    return follow_up
