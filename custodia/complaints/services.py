"""Writes of requests and complaints, each in one transaction with its audit event.

Staff of the prison that holds the person record a request or complaint for them, addressed to
the director or to headquarters; the inspection body records one made to it through the
confidential route. Each step (answer, appeal, answer on appeal, referral of an allegation,
closing) is refused with the reason rules.py gives. The audit trail records a complaint on the
person's history (read only by holders of view_complaints), except a confidential one: that is
recorded on the complaint itself under one restricted action, without its content, so that it
reaches no one but the inspection body."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import works_at
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.versions import bump_version, check_version
from custodia.core.workflow import locked
from custodia.estate.selectors import active_profile
from custodia.register.models import Admission, Prisoner

from . import rules, selectors
from .choices import Addressee, Category, Kind, MadeBy, Status
from .models import Complaint

REFUSALS = {
    "not_inspection_body": gettext_lazy("Only the inspection body deals with a complaint made to it in confidence."),
    "not_director": gettext_lazy(
        "Only the director of the prison it concerns answers what is addressed to the director."
    ),
    "not_headquarters": gettext_lazy("Only the headquarters complaints officer answers this."),
    "not_open": gettext_lazy("This has already been answered."),
    "not_appealable": gettext_lazy("Only an answer of the director can be appealed to headquarters."),
    "not_answered": gettext_lazy("It has not been answered yet."),
    "not_recorder": gettext_lazy("Only staff of the prison it concerns record an appeal for the person."),
    "not_appealed": gettext_lazy("There is no appeal awaiting an answer."),
    "not_allegation": gettext_lazy("Only an allegation of torture or ill-treatment is referred."),
    "already_referred": gettext_lazy("The referral is already recorded."),
    "closed": gettext_lazy("This is closed."),
    "not_referrer": gettext_lazy(
        "Only the director of the prison, headquarters or the inspection body refers an allegation."
    ),
    "not_by_prison": gettext_lazy(
        "An allegation of torture or ill-treatment is never closed by the prison it concerns: headquarters "
        "or the inspection body closes it (Mandela Rule 57(3))."
    ),
    "no_referral": gettext_lazy(
        "Record the referral to an independent authority before closing an allegation of ill-treatment "
        "(Mandela Rule 71)."
    ),
}
# Refusals that concern the state of the record, not who acts: said as bad input under `status`.
STATE_PROBLEMS = {
    "not_open",
    "not_appealable",
    "not_answered",
    "not_appealed",
    "not_allegation",
    "already_referred",
    "closed",
    "no_referral",
}


def _refuse(code: str | None) -> None:
    if code is None:
        return
    if code in STATE_PROBLEMS:
        raise ValidationError({"status": str(REFUSALS[code])})
    ensure_allowed(str(REFUSALS[code]))


def _refusal_text(code: str | None) -> str | None:
    return None if code is None else str(REFUSALS[code])


def step_refusals(user: User, complaint: Complaint) -> dict[str, str | None]:
    """For the page: why each step is refused to `user` now (None: offered)."""
    actor, facts = selectors.actor_of(user, complaint), selectors.facts_of(complaint)
    return {
        "answer": _refusal_text(rules.answer_refusal(actor, facts)),
        "appeal": _refusal_text(rules.appeal_refusal(actor, facts)),
        "appeal_answer": _refusal_text(rules.appeal_answer_refusal(actor, facts)),
        "refer": _refusal_text(rules.refer_refusal(actor, facts)),
        "close": _refusal_text(rules.close_refusal(actor, facts)),
    }


def _audit(actor: User | None, complaint: Complaint, action: AuditAction, **changes: tuple[Any, Any]) -> None:
    if complaint.confidential:
        audit.record(
            actor=actor,
            action=AuditAction.COMPLAINT_CONFIDENTIAL,
            obj=complaint,
            changes=audit.changes_of(step=(None, action.value)),
        )
    else:
        audit.record(
            actor=actor,
            action=action,
            obj=complaint.prisoner,
            changes=audit.changes_of(complaint=(None, complaint.pk), **changes),
        )


def record_refusal(actor: User | None, prisoner: Prisoner, addressee: str) -> str | None:
    if actor is None:
        return None
    if addressee == Addressee.INSPECTION:
        return None if actor.has_perm(selectors.CONFIDENTIAL) else str(REFUSALS["not_inspection_body"])
    prison = prisoner.current_prison
    if actor.has_perm(selectors.RECORD) and prison is not None and works_at(actor, prison):
        return None
    return _("Only staff of the prison that holds the person record a request or complaint for them.")


@dataclass(frozen=True)
class ComplaintData:
    kind: str
    category: str
    made_by: str
    addressee: str
    text: str
    made_on: date
    allegation: bool = False


def _checked(data: ComplaintData, prisoner: Prisoner) -> None:
    problems: dict[str, str] = {}
    if data.kind not in Kind.values:
        problems["kind"] = _("Choose a request or a complaint.")
    if data.category not in Category.values:
        problems["category"] = _("Choose the category.")
    if data.made_by not in MadeBy.values:
        problems["made_by"] = _("Say who makes it.")
    if data.addressee not in Addressee.values:
        problems["addressee"] = _("Choose to whom it is addressed.")
    if not data.text.strip():
        problems["text"] = _("Write what the person asks or complains of.")
    if data.made_on > timezone.localdate():
        problems["made_on"] = _("The day it was made cannot be in the future.")
    if data.allegation and data.kind != Kind.COMPLAINT:
        problems["allegation"] = _("An allegation of torture or ill-treatment is a complaint, not a request.")
    if prisoner.current_prison_id is None:
        problems["prisoner"] = _("This person is not in custody.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def complaint_add(*, actor: User | None, prisoner: Prisoner, data: ComplaintData) -> Complaint:
    ensure_allowed(record_refusal(actor, prisoner, data.addressee))
    _checked(data, prisoner)
    return _create(actor, prisoner, data)


def _create(
    actor: User | None, prisoner: Prisoner, data: ComplaintData, admission: Admission | None = None
) -> Complaint:
    prison_id = prisoner.current_prison_id
    if prison_id is None:
        raise ValidationError({"prisoner": _("This person is not in custody.")})
    complaint = Complaint.objects.create(
        prisoner=prisoner,
        prison_id=prison_id,
        kind=data.kind,
        category=data.category,
        made_by=data.made_by,
        addressee=data.addressee,
        allegation=data.allegation,
        text=data.text.strip(),
        made_on=data.made_on,
        due_on=rules.answer_due(data.made_on, active_profile().complaints.answer_days),
        admission=admission,
        recorded_by=actor,
    )
    _audit(
        actor,
        complaint,
        AuditAction.COMPLAINT_ADD,
        kind=(None, complaint.kind),
        addressee=(None, complaint.addressee),
        allegation=(None, complaint.allegation),
    )
    return complaint


def _admission_data(admission: Admission) -> ComplaintData:
    return ComplaintData(
        Kind.COMPLAINT,
        Category.STAFF,
        MadeBy.PERSON,
        Addressee.DIRECTOR,
        # Its words stay in the admission's health section (register): the allegation refers to them.
        "",
        timezone.localdate(admission.admitted_at),
        allegation=True,
    )


def allegation_from_admission(*, actor: User | None, admission: Admission) -> Complaint | None:
    """The allegation of ill-treatment that an admission's complaint of prior ill-treatment opens
    (register.signals.file_event "ill_treatment_complaint", inside the admission's transaction):
    made by the person on arrival, to the director of the prison that received them, recorded by
    the officer who admitted them. Once per admission; the admission itself was the authorised act."""
    if not admission.ill_treatment_complaint.strip() or Complaint.objects.filter(admission=admission).exists():
        return None
    return _create(actor, admission.prisoner, _admission_data(admission), admission)


@transaction.atomic
def allegations_from_admissions() -> int:
    """For files written without the admission service (the demo's batches, data brought over
    from an earlier system): an allegation for each admission of a person still in custody there
    whose complaint of prior ill-treatment awaits action and has no allegation yet (one on which
    the director recorded an action keeps that as its record). Returns how many were opened."""
    admissions = (
        Admission.objects.exclude(ill_treatment_complaint="")
        .filter(ill_treatment_action_at__isnull=True)
        .filter(prisoner__current_prison_id=models.F("prison_id"))
        .exclude(pk__in=Complaint.objects.filter(admission__isnull=False).values("admission_id"))
        .select_related("prisoner")
        .order_by("id")
    )
    opened = 0
    for admission in admissions:
        opened += allegation_from_admission(actor=None, admission=admission) is not None
    return opened


def _answer_checked(kind: str, outcome: str, answer: str) -> None:
    problems = {}
    if not rules.outcome_fits(kind, outcome):
        problems["outcome"] = (
            _("A request is granted or not granted.")
            if kind == Kind.REQUEST
            else _("A complaint is upheld, partly upheld or not upheld.")
        )
    if not answer.strip():
        problems["answer"] = _("Give the reasons of the answer.")
    if problems:
        raise ValidationError(problems)


def _locked(complaint: Complaint, version: int | None) -> Complaint:
    complaint = locked(complaint, "prisoner", "prison")
    check_version(complaint, version)
    return complaint


@transaction.atomic
def complaint_answer(
    *, actor: User, complaint: Complaint, outcome: str, answer: str, version: int | None = None
) -> Complaint:
    complaint = _locked(complaint, version)
    _refuse(rules.answer_refusal(selectors.actor_of(actor, complaint), selectors.facts_of(complaint)))
    _answer_checked(complaint.kind, outcome, answer)
    complaint.status, complaint.outcome, complaint.answer = Status.ANSWERED, outcome, answer.strip()
    complaint.answered_on, complaint.answered_by = timezone.localdate(), actor
    bump_version(complaint, ["status", "outcome", "answer", "answered_on", "answered_by"])
    _audit(actor, complaint, AuditAction.COMPLAINT_ANSWER, outcome=(None, outcome))
    return complaint


@transaction.atomic
def complaint_appeal(*, actor: User, complaint: Complaint, grounds: str, version: int | None = None) -> Complaint:
    complaint = _locked(complaint, version)
    _refuse(rules.appeal_refusal(selectors.actor_of(actor, complaint), selectors.facts_of(complaint)))
    if not grounds.strip():
        raise ValidationError({"grounds": _("Say why the person appeals.")})
    today = timezone.localdate()
    complaint.status, complaint.appealed_on, complaint.appeal_grounds = Status.APPEALED, today, grounds.strip()
    complaint.appeal_due_on = rules.answer_due(today, active_profile().complaints.appeal_answer_days)
    bump_version(complaint, ["status", "appealed_on", "appeal_grounds", "appeal_due_on"])
    _audit(actor, complaint, AuditAction.COMPLAINT_APPEAL, appeal_due_on=(None, complaint.appeal_due_on))
    return complaint


@transaction.atomic
def complaint_appeal_answer(
    *, actor: User, complaint: Complaint, outcome: str, answer: str, version: int | None = None
) -> Complaint:
    """Headquarters' answer on appeal is the last word within the service: it closes the
    complaint (an allegation stays open until referred and closed by headquarters)."""
    complaint = _locked(complaint, version)
    _refuse(rules.appeal_answer_refusal(selectors.actor_of(actor, complaint), selectors.facts_of(complaint)))
    _answer_checked(complaint.kind, outcome, answer)
    today = timezone.localdate()
    complaint.appeal_outcome, complaint.appeal_answer = outcome, answer.strip()
    complaint.appeal_answered_on, complaint.appeal_answered_by = today, actor
    fields = ["appeal_outcome", "appeal_answer", "appeal_answered_on", "appeal_answered_by", "status"]
    if complaint.allegation:
        complaint.status = Status.ANSWERED
    else:
        complaint.status, complaint.closed_on, complaint.closed_by = Status.CLOSED, today, actor
        complaint.close_note = complaint.appeal_answer
        fields += ["closed_on", "closed_by", "close_note"]
    bump_version(complaint, fields)
    _audit(actor, complaint, AuditAction.COMPLAINT_APPEAL_ANSWER, appeal_outcome=(None, outcome))
    return complaint


@dataclass(frozen=True)
class ReferralData:
    referred_to: str
    referred_on: date
    reference: str = ""


@transaction.atomic
def complaint_refer(*, actor: User, complaint: Complaint, data: ReferralData, version: int | None = None) -> Complaint:
    complaint = _locked(complaint, version)
    _refuse(rules.refer_refusal(selectors.actor_of(actor, complaint), selectors.facts_of(complaint)))
    problems = {}
    if not data.referred_to.strip():
        problems["referred_to"] = _("Name the independent authority.")
    if data.referred_on > timezone.localdate():
        problems["referred_on"] = _("The day of the referral cannot be in the future.")
    elif data.referred_on < complaint.made_on:
        problems["referred_on"] = _("The referral cannot be before the allegation was made.")
    if problems:
        raise ValidationError(problems)
    complaint.referred_to, complaint.referred_on = data.referred_to.strip(), data.referred_on
    complaint.referral_reference, complaint.referred_by = data.reference.strip(), actor
    bump_version(complaint, ["referred_to", "referred_on", "referral_reference", "referred_by"])
    _audit(actor, complaint, AuditAction.COMPLAINT_REFER, referred_on=(None, data.referred_on))
    return complaint


@transaction.atomic
def complaint_close(*, actor: User, complaint: Complaint, note: str, version: int | None = None) -> Complaint:
    complaint = _locked(complaint, version)
    _refuse(rules.close_refusal(selectors.actor_of(actor, complaint), selectors.facts_of(complaint)))
    if not note.strip():
        raise ValidationError({"note": _("Say why it is closed.")})
    complaint.status, complaint.closed_on = Status.CLOSED, timezone.localdate()
    complaint.closed_by, complaint.close_note = actor, note.strip()
    bump_version(complaint, ["status", "closed_on", "closed_by", "close_note"])
    _audit(actor, complaint, AuditAction.COMPLAINT_CLOSE)
    return complaint


def on_file_event(*, actor: User | None = None, event: str = "", admission: Admission | None = None, **_: Any) -> None:
    """Receiver of register.signals.file_event: an admission with a complaint of prior
    ill-treatment opens an allegation (inside the admission's transaction)."""
    if event == "ill_treatment_complaint" and admission is not None:
        allegation_from_admission(actor=actor, admission=admission)
