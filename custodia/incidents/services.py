"""Writes of incident reports, each in one transaction with its audit event.

A report is written by an officer of the prison, submitted, and reviewed by someone else with the
right (the security officer or the director): closed, returned for more information, or set
aside as a duplicate or as not reportable. Closing a report of a serious kind makes the
perpetrators' reassessment due; submitting one opens a medical examination for each person on
whom force was used or an injury was seen."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prison_scope
from custodia.assessment.services import reassessment_trigger_from_file
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.versions import bump_version, check_version
from custodia.core.workflow import Workflow
from custodia.estate.models import Prison, Unit
from custodia.register.models import Prisoner

from . import catalogue, rules, selectors
from .choices import IncidentStatus, InvolvementRole
from .models import Incident, Involvement, MedicalExamination

WORKFLOW = Workflow(
    allowed_previous=rules.ALLOWED_PREVIOUS,
    statuses=IncidentStatus,
    refused=gettext_lazy("A report “%(current)s” cannot become “%(new)s”."),
)

PROBLEMS = {
    "not_a_number": gettext_lazy("Give a whole number, 0 or more."),
    "not_an_option": gettext_lazy("Choose one of the answers offered."),
    "not_yes_or_no": gettext_lazy("Answer yes or no."),
    "unknown_question": gettext_lazy("This kind of incident does not ask this question."),
}


def _works_at(actor: User, permission: str, prison_id: int) -> bool:
    scope = prison_scope(actor)
    return actor.has_perm(permission) and (scope is None or prison_id in scope)


def report_refusal(actor: User, prison: Prison) -> str | None:
    if _works_at(actor, selectors.REPORT, prison.pk):
        return None
    return _("Only staff of this prison can write an incident report about it.")


def edit_refusal(actor: User, incident: Incident) -> str | None:
    """Who may change a report (its writer); whether it may still change is `_editable`'s."""
    if actor.pk != incident.reported_by_id:
        return _("Only the officer who wrote this report can change it.")
    return None


def _editable(incident: Incident) -> None:
    # A state of the report, not a right of the user: refused as bad input, under "status".
    if incident.status not in rules.EDITABLE:
        raise ValidationError({"status": _("This report has been submitted: only its reviewer can act on it now.")})


def review_refusal(actor: User, incident: Incident) -> str | None:
    if not _works_at(actor, selectors.REVIEW, incident.prison_id):
        return _("You do not have the right to review incident reports at this prison.")
    if actor.pk == incident.reported_by_id:
        return _("A report is reviewed by someone other than who wrote it.")
    return None


def examination_refusal(actor: User, examination: MedicalExamination) -> str | None:
    if _works_at(actor, selectors.EXAMINE, examination.involvement.incident.prison_id):
        return None
    return _("Only health-care staff of the prison where the incident took place can record the examination.")


@dataclass(frozen=True)
class IncidentData:
    type_code: str
    occurred_at: datetime
    place: str
    summary: str
    unit_id: int | None = None
    answers: dict[str, object] | None = None


def _checked(prison: Prison, data: IncidentData, version: int) -> tuple[catalogue.IncidentType, dict[str, object]]:
    problems: dict[str, str] = {}
    kind = catalogue.type_of(version, data.type_code)
    if kind is None:
        raise ValidationError({"type_code": _("Choose a kind of incident from the list.")})
    if data.occurred_at > timezone.now():
        problems["occurred_at"] = _("An incident is reported once it has happened: the time cannot be in the future.")
    if not data.place.strip():
        problems["place"] = _("Say where it happened.")
    if not data.summary.strip():
        problems["summary"] = _("Say what happened.")
    if data.unit_id is not None and not Unit.objects.filter(pk=data.unit_id, prison=prison).exists():
        problems["unit_id"] = _("Choose a unit of this prison.")
    asked = [rules.Asked(q.code, q.kind, tuple(o.code for o in q.options)) for q in kind.questions]
    answers, wrong = rules.clean_answers(asked, data.answers or {})
    problems.update({f"answer_{code}": str(PROBLEMS[problem]) for code, problem in wrong.items()})
    if problems:
        raise ValidationError(problems)
    return kind, answers


@transaction.atomic
def incident_draft(*, actor: User, prison: Prison, data: IncidentData) -> Incident:
    ensure_allowed(report_refusal(actor, prison))
    version = catalogue.current().version
    kind, answers = _checked(prison, data, version)
    incident = Incident.objects.create(
        prison=prison,
        type_code=kind.code,
        catalogue_version=version,
        serious=kind.serious,
        occurred_at=data.occurred_at,
        unit_id=data.unit_id,
        place=data.place.strip(),
        summary=data.summary.strip(),
        answers=answers,
        reported_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.INCIDENT_DRAFT,
        obj=incident,
        changes=audit.changes_of(type_code=(None, incident.type_code), occurred_at=(None, incident.occurred_at)),
    )
    return incident


def _locked(incident: Incident, version: int | None) -> Incident:
    locked = Incident.objects.select_for_update(no_key=True, of=("self",)).get(pk=incident.pk)
    check_version(locked, version)
    return locked


@transaction.atomic
def incident_edit(*, actor: User, incident: Incident, data: IncidentData, version: int | None = None) -> Incident:
    incident = _locked(incident, version)
    _editable(incident)
    ensure_allowed(edit_refusal(actor, incident))
    kind, answers = _checked(incident.prison, data, incident.catalogue_version)
    before = {"type_code": incident.type_code, "occurred_at": incident.occurred_at, "place": incident.place}
    incident.type_code, incident.serious = kind.code, kind.serious
    incident.occurred_at, incident.unit_id = data.occurred_at, data.unit_id
    incident.place, incident.summary, incident.answers = data.place.strip(), data.summary.strip(), answers
    bump_version(incident, ["type_code", "serious", "occurred_at", "unit", "place", "summary", "answers"])
    audit.record(
        actor=actor,
        action=AuditAction.INCIDENT_EDIT,
        obj=incident,
        changes=audit.changes_of(
            **{
                field: (value, getattr(incident, field))
                for field, value in before.items()
                if value != getattr(incident, field)
            }
        ),
    )
    return incident


@dataclass(frozen=True)
class InvolvementData:
    role: str
    prisoner_id: int | None = None
    staff_name: str = ""
    injuries: str = ""
    force_technique: str = ""
    force_by: str = ""
    force_reason: str = ""


def _involvement_problems(incident: Incident, data: InvolvementData) -> dict[str, str]:
    problems: dict[str, str] = {}
    if data.role not in InvolvementRole.values:
        problems["role"] = _("Choose the person's part in the incident.")
    elif data.role == InvolvementRole.STAFF:
        if data.prisoner_id is not None or not data.staff_name.strip():
            problems["staff_name"] = _("Name the member of staff (and choose no person in custody).")
        if data.force_technique:
            problems["force_technique"] = _("Force is recorded on the person in custody it was used on.")
    elif data.prisoner_id is None:
        problems["prisoner_id"] = _("Choose the person in custody.")
    elif not Prisoner.objects.filter(pk=data.prisoner_id, current_prison_id=incident.prison_id).exists():
        problems["prisoner_id"] = _("This person is not held at the prison where the incident took place.")
    elif incident.involvements.filter(prisoner_id=data.prisoner_id).exists():
        problems["prisoner_id"] = _("This person is already on the report: change their part there.")
    if data.force_technique and not (data.force_by.strip() and data.force_reason.strip()):
        problems["force_reason"] = _("Say who used force and why it was needed (Mandela Rule 82).")
    return problems


@transaction.atomic
def involvement_add(
    *, actor: User, incident: Incident, data: InvolvementData, version: int | None = None
) -> Involvement:
    incident = _locked(incident, version)
    _editable(incident)
    ensure_allowed(edit_refusal(actor, incident))
    if problems := _involvement_problems(incident, data):
        raise ValidationError(problems)
    involvement = Involvement.objects.create(
        incident=incident,
        prisoner_id=data.prisoner_id if data.role != InvolvementRole.STAFF else None,
        staff_name=data.staff_name.strip() if data.role == InvolvementRole.STAFF else "",
        role=data.role,
        injuries=data.injuries.strip(),
        force_technique=data.force_technique,
        force_by=data.force_by.strip() if data.force_technique else "",
        force_reason=data.force_reason.strip() if data.force_technique else "",
    )
    bump_version(incident, [])
    audit.record(
        actor=actor,
        action=AuditAction.INCIDENT_INVOLVE,
        obj=involvement.prisoner or incident,
        changes=audit.changes_of(
            incident=(None, incident.pk), role=(None, involvement.role), force=(None, involvement.force_technique)
        ),
    )
    return involvement


@transaction.atomic
def involvement_remove(*, actor: User, involvement: Involvement, version: int | None = None) -> None:
    incident = _locked(involvement.incident, version)
    _editable(incident)
    ensure_allowed(edit_refusal(actor, incident))
    subject: Prisoner | Incident = involvement.prisoner or incident
    role = involvement.role
    involvement.delete()  # a draft's line: the report's history keeps that it was there
    bump_version(incident, [])
    audit.record(
        actor=actor,
        action=AuditAction.INCIDENT_UNINVOLVE,
        obj=subject,
        changes=audit.changes_of(incident=(incident.pk, None), role=(role, None)),
    )


def _involved(incident: Incident) -> list[rules.Involved]:
    return [rules.Involved(p.prisoner_id, p.role, p.injuries, p.force_technique) for p in incident.involvements.all()]


@transaction.atomic
def incident_submit(*, actor: User, incident: Incident, version: int | None = None) -> Incident:
    incident = _locked(incident, version)
    _editable(incident)
    ensure_allowed(edit_refusal(actor, incident))
    if not incident.involvements.exists():
        raise ValidationError({"status": _("Name at least one person involved before submitting the report.")})
    before = WORKFLOW.move(incident, IncidentStatus.AWAITING_REVIEW)
    incident.submitted_at = timezone.now()
    bump_version(incident, ["status", "submitted_at"])
    # The examination is owed from the moment the report is submitted, whatever the review decides.
    for involvement in incident.involvements.all():
        if involvement.needs_examination:
            MedicalExamination.objects.get_or_create(involvement=involvement)
    audit.record(
        actor=actor,
        action=AuditAction.INCIDENT_SUBMIT,
        obj=incident,
        changes=audit.changes_of(status=(before, incident.status)),
    )
    return incident


def _reviewed(actor: User, incident: Incident, version: int | None, new: str) -> tuple[Incident, str]:
    incident = _locked(incident, version)
    ensure_allowed(review_refusal(actor, incident))
    before = WORKFLOW.move(incident, new)
    incident.reviewed_by, incident.reviewed_at = actor, timezone.now()
    return incident, before


@transaction.atomic
def incident_close(*, actor: User, incident: Incident, comment: str = "", version: int | None = None) -> Incident:
    incident, before = _reviewed(actor, incident, version, IncidentStatus.CLOSED)
    incident.review_comment = comment.strip()
    bump_version(incident, ["status", "reviewed_by", "reviewed_at", "review_comment"])
    audit.record(
        actor=actor,
        action=AuditAction.INCIDENT_CLOSE,
        obj=incident,
        changes=audit.changes_of(status=(before, incident.status)),
        reason=incident.review_comment,
    )
    # The trigger the instruments and the classification read ("serious incident"), written
    # here rather than by hand, for the perpetrators still in custody.
    occurred_on = timezone.localdate(incident.occurred_at)
    due = rules.reassessment_due_for(serious=incident.serious, involved=_involved(incident))
    for prisoner in Prisoner.objects.filter(pk__in=due, current_prison__isnull=False).order_by("pk"):
        reassessment_trigger_from_file(
            actor=actor,
            prisoner=prisoner,
            event="serious_incident",
            occurred_on=occurred_on,
            note=_("Incident report #%(number)s") % {"number": incident.pk},
        )
    return incident


@transaction.atomic
def incident_return(*, actor: User, incident: Incident, comment: str, version: int | None = None) -> Incident:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the report lacks.")})
    incident, before = _reviewed(actor, incident, version, IncidentStatus.RETURNED)
    incident.review_comment = comment.strip()
    bump_version(incident, ["status", "reviewed_by", "reviewed_at", "review_comment"])
    audit.record(
        actor=actor,
        action=AuditAction.INCIDENT_RETURN,
        obj=incident,
        changes=audit.changes_of(status=(before, incident.status)),
        reason=incident.review_comment,
    )
    return incident


@transaction.atomic
def incident_set_aside(
    *,
    actor: User,
    incident: Incident,
    comment: str,
    duplicate_of: int | None = None,
    version: int | None = None,
) -> Incident:
    """A duplicate (naming the report it repeats) or a report found not reportable: kept, and left
    out of the statistics."""
    if not comment.strip():
        raise ValidationError({"comment": _("Give the reason.")})
    if duplicate_of is not None:
        if (
            duplicate_of == incident.pk
            or not Incident.objects.filter(pk=duplicate_of, prison_id=incident.prison_id)
            .exclude(status__in=(IncidentStatus.DUPLICATE, IncidentStatus.DRAFT))
            .exists()
        ):
            raise ValidationError({"duplicate_of": _("Give the number of another submitted report of this prison.")})
    new = IncidentStatus.DUPLICATE if duplicate_of is not None else IncidentStatus.NOT_REPORTABLE
    incident, before = _reviewed(actor, incident, version, new)
    incident.review_comment, incident.duplicate_of_id = comment.strip(), duplicate_of
    bump_version(incident, ["status", "reviewed_by", "reviewed_at", "review_comment", "duplicate_of"])
    audit.record(
        actor=actor,
        action=AuditAction.INCIDENT_DUPLICATE if duplicate_of else AuditAction.INCIDENT_NOT_REPORTABLE,
        obj=incident,
        changes=audit.changes_of(status=(before, incident.status), duplicate_of=(None, duplicate_of)),
        reason=incident.review_comment,
    )
    return incident


@transaction.atomic
def examination_record(
    *,
    actor: User,
    examination: MedicalExamination,
    examined_at: datetime,
    findings: str,
    signs_of_ill_treatment: bool = False,
    reported_to: str = "",
) -> MedicalExamination:
    examination = (
        MedicalExamination.objects.select_for_update(no_key=True, of=("self",))
        .select_related("involvement__incident", "involvement__prisoner")
        .get(pk=examination.pk)
    )
    ensure_allowed(examination_refusal(actor, examination))
    problems: dict[str, str] = {}
    if examination.examined_at is not None:
        problems["examined_at"] = _("This examination has already been recorded.")
    elif examined_at > timezone.now():
        problems["examined_at"] = _("The time cannot be in the future.")
    elif examined_at < examination.involvement.incident.occurred_at:
        problems["examined_at"] = _("The examination comes after the incident.")
    if not findings.strip():
        problems["findings"] = _("Record what the examination found.")
    if signs_of_ill_treatment and not reported_to.strip():
        # Mandela Rule 34: signs of torture or ill-treatment are documented and reported.
        problems["reported_to"] = _("Say to which competent authority the signs were reported, and when.")
    if problems:
        raise ValidationError(problems)
    examination.examined_at, examination.examined_by = examined_at, actor
    examination.findings, examination.signs_of_ill_treatment = findings.strip(), signs_of_ill_treatment
    examination.reported_to = reported_to.strip()
    examination.save()
    audit.record(
        actor=actor,
        action=AuditAction.MEDICAL_EXAMINATION,
        obj=examination.involvement.prisoner or examination.involvement.incident,
        changes=audit.changes_of(
            incident=(None, examination.involvement.incident_id),
            signs_of_ill_treatment=(None, signs_of_ill_treatment),
        ),
    )
    return examination
