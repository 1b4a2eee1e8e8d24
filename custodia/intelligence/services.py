"""Writes of intelligence reports, each in one transaction with its audit event.

Any officer with submit_intelligence passes information on at a prison where they work; the
security officer of that prison grades it with the country profile's system and sets its handling
code; a report graded reliable about people in custody makes their reassessment due and brings
their classification review forward (the trigger "reliable_intelligence", whose note names the
report's number, never its content). The security officer writes a sanitised version for wider
sharing and asks to share the report, or that version, with an agency outside the service: the
handling code says whether that kind of agency may have it, and whether the director or
headquarters approve first (someone other than who asked, who may read the report).

Audit events are recorded against the report, never against a person's file: a file's history
must not tell a reader that intelligence about the person exists. They are restricted
(IntelligenceConfig.ready) all the same."""

from collections.abc import Sequence
from dataclasses import dataclass, field
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
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import rules, selectors
from .choices import AgencyKind, ReportStatus, SharingStatus, SubjectKind
from .models import IntelligenceReport, SanitisedVersion, Sharing, Subject

WORKFLOW = Workflow(
    allowed_previous=rules.ALLOWED_PREVIOUS,
    statuses=ReportStatus,
    refused=gettext_lazy("A report “%(current)s” cannot become “%(new)s”."),
)
SHARING_WORKFLOW = Workflow(
    allowed_previous=rules.SHARING_ALLOWED_PREVIOUS,
    statuses=SharingStatus,
    refused=gettext_lazy("A sharing “%(current)s” cannot become “%(new)s”."),
    before_first=gettext_lazy("not yet requested"),
)


def _works_at(actor: User, permission: str, prison_id: int) -> bool:
    scope = prison_scope(actor)
    return actor.has_perm(permission) and (scope is None or prison_id in scope)


# -- refusals: the services and the pages ask the same ------------------------------------------------


def submit_refusal(actor: User, prison: Prison) -> str | None:
    if _works_at(actor, selectors.SUBMIT, prison.pk):
        return None
    return _("Only staff of this prison can pass on information about it.")


def grade_refusal(actor: User, report: IntelligenceReport) -> str | None:
    if not _works_at(actor, selectors.GRADE, report.prison_id):
        return _("Only a security officer of the report's prison can grade it.")
    return None


def share_refusal(actor: User, report: IntelligenceReport) -> str | None:
    if not _works_at(actor, selectors.SHARE, report.prison_id) or not selectors.may_read(actor, report):
        return _("Only a security officer of the report's prison can sanitise or share it.")
    if report.status != ReportStatus.GRADED:
        return _("A report is graded before it is sanitised or shared.")
    return None


def decide_refusal(actor: User, sharing: Sharing) -> str | None:
    report = sharing.report
    if not _works_at(actor, selectors.APPROVE, report.prison_id):
        return _("Only the director of the report's prison or headquarters approve the sharing of intelligence.")
    if not selectors.may_read(actor, report):
        return _("Its handling code lets only headquarters approve the sharing of this report.")
    if actor.pk == sharing.requested_by_id:
        return _("A sharing is approved by someone other than who asked for it.")
    return None


def mark_shared_refusal(actor: User, sharing: Sharing) -> str | None:
    return share_refusal(actor, sharing.report)


# -- submitting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectData:
    kind: str
    prisoner_id: int | None = None
    name: str = ""
    role: str = ""


@dataclass(frozen=True)
class ReportData:
    observed_at: datetime
    content: str
    subjects: Sequence[SubjectData] = field(default_factory=tuple)
    submitter_assessment: str = ""


def _subject_problems(actor: User, data: ReportData) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not data.subjects:
        problems["subjects"] = _("Say who or what the information is about: at least one person, place or group.")
    scope = prison_scope(actor)
    held = Prisoner.objects.filter(current_prison__isnull=False)
    if scope is not None:
        held = held.filter(current_prison__in=scope)
    wanted = {s.prisoner_id for s in data.subjects if s.kind == SubjectKind.IN_CUSTODY and s.prisoner_id}
    found = set(held.filter(pk__in=wanted).values_list("pk", flat=True))
    seen: set[int] = set()
    for i, subject in enumerate(data.subjects):
        where = f"subjects.{i}"
        if subject.kind not in SubjectKind.values:
            problems[f"{where}.kind"] = _(
                "Choose what the subject is: a person in custody, a person outside, a place or a group."
            )
        elif subject.kind == SubjectKind.IN_CUSTODY:
            # One answer for unknown and held elsewhere: a refusal tells nothing of people elsewhere.
            if subject.prisoner_id is None or subject.prisoner_id not in found:
                problems[f"{where}.prisoner_id"] = _("No person in custody at your prisons has this number.")
            elif subject.prisoner_id in seen:
                problems[f"{where}.prisoner_id"] = _("This person is already a subject of the report.")
            else:
                seen.add(subject.prisoner_id)
        elif not subject.name.strip():
            problems[f"{where}.name"] = _("Give the name, the place or the group.")
    return problems


@transaction.atomic
def report_submit(*, actor: User, prison: Prison, data: ReportData) -> IntelligenceReport:
    ensure_allowed(submit_refusal(actor, prison))
    problems: dict[str, str] = {}
    if data.observed_at > timezone.now():
        problems["observed_at"] = _("The time cannot be in the future.")
    if not data.content.strip():
        problems["content"] = _("Write the information.")
    problems |= _subject_problems(actor, data)
    if problems:
        raise ValidationError(problems)
    report = IntelligenceReport.objects.create(
        prison=prison,
        submitted_by=actor,
        observed_at=data.observed_at,
        content=data.content.strip(),
        submitter_assessment=data.submitter_assessment.strip(),
    )
    Subject.objects.bulk_create(
        [
            Subject(
                report=report,
                kind=s.kind,
                prisoner_id=s.prisoner_id if s.kind == SubjectKind.IN_CUSTODY else None,
                name="" if s.kind == SubjectKind.IN_CUSTODY else s.name.strip(),
                role=s.role.strip(),
            )
            for s in data.subjects
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.INTELLIGENCE_SUBMIT,
        obj=report,
        changes=audit.changes_of(
            prison=(None, prison.pk),
            subjects=(None, len(data.subjects)),
            people_in_custody=(
                None,
                sorted(s.prisoner_id for s in data.subjects if s.kind == SubjectKind.IN_CUSTODY and s.prisoner_id),
            ),
        ),
    )
    return report


# -- grading ---------------------------------------------------------------------------------------


def _locked(report: IntelligenceReport, version: int | None) -> IntelligenceReport:
    locked = IntelligenceReport.objects.select_for_update(no_key=True, of=("self",)).get(pk=report.pk)
    check_version(locked, version)
    return locked


@dataclass(frozen=True)
class Graded:
    """The report graded, and the people in custody whose reassessment it made due."""

    report: IntelligenceReport
    triggered: list[Prisoner]


@transaction.atomic
def report_grade(
    *,
    actor: User,
    report: IntelligenceReport,
    source: str,
    information: str,
    handling: str,
    assessment: str,
    version: int | None = None,
) -> Graded:
    # The right before the version: someone who may not grade is refused as such, not told who
    # changed the report last.
    ensure_allowed(grade_refusal(actor, report))
    report = _locked(report, version)
    system = active_profile().intelligence.grading
    problems: dict[str, str] = {
        name: _("Choose one of the values of the %(system)s scale.") % {"system": system}
        for name in rules.grade_problems(system, source=source, information=information, handling=handling)
    }
    if not assessment.strip():
        problems["assessment"] = _("Write your assessment of the information.")
    if problems:
        raise ValidationError(problems)
    before = WORKFLOW.move(report, ReportStatus.GRADED)
    report.graded_by, report.graded_at = actor, timezone.now()
    report.grading_system, report.source_grade, report.information_grade = system, source, information
    report.handling_code, report.assessment = handling, assessment.strip()
    bump_version(
        report,
        [
            "status",
            "graded_by",
            "graded_at",
            "grading_system",
            "source_grade",
            "information_grade",
            "handling_code",
            "assessment",
        ],
    )
    reliable = rules.is_reliable(system, source=source, information=information)
    audit.record(
        actor=actor,
        action=AuditAction.INTELLIGENCE_GRADE,
        obj=report,
        changes=audit.changes_of(
            status=(before, report.status),
            grading=(None, f"{system} {source}{information}{handling}"),
            reliable=(None, reliable),
            # A security officer may grade what they submitted themselves (a small prison may have
            # one); it is recorded, and the report's page says so.
            graded_by_submitter=(None, actor.pk == report.submitted_by_id),
        ),
    )
    triggered: list[Prisoner] = []
    if reliable:
        occurred_on = min(timezone.localdate(report.observed_at), timezone.localdate())
        people = Prisoner.objects.filter(
            pk__in=report.subjects.filter(kind=SubjectKind.IN_CUSTODY).values("prisoner_id"),
            current_prison__isnull=False,
        ).order_by("pk")
        for prisoner in people:
            # The note names the report, never what it says: the trigger is read by case managers.
            reassessment_trigger_from_file(
                actor=actor,
                prisoner=prisoner,
                event="reliable_intelligence",
                occurred_on=occurred_on,
                note=_("Intelligence report #%(number)s") % {"number": report.pk},
            )
            triggered.append(prisoner)
    return Graded(report, triggered)


# -- sanitising and sharing ------------------------------------------------------------------------


@transaction.atomic
def sanitised_make(*, actor: User, report: IntelligenceReport, text: str) -> SanitisedVersion:
    ensure_allowed(share_refusal(actor, report))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the sanitised text.")})
    if text == report.content.strip():
        raise ValidationError(
            {"text": _("The sanitised version must differ from the original: leave out what would reveal the source.")}
        )
    version = SanitisedVersion.objects.create(report=report, text=text, made_by=actor)
    audit.record(
        actor=actor,
        action=AuditAction.INTELLIGENCE_SANITISE,
        obj=report,
        changes=audit.changes_of(sanitised=(None, version.pk)),
    )
    return version


@dataclass(frozen=True)
class SharingData:
    agency_name: str
    agency_kind: str
    purpose: str
    sanitised_id: int | None = None
    conditions: str = ""


@transaction.atomic
def sharing_request(*, actor: User, report: IntelligenceReport, data: SharingData) -> Sharing:
    """Asks to give the report (or one of its sanitised versions) to an agency. Where the handling
    code allows this kind of agency without approval, the sharing is approved at once."""
    ensure_allowed(share_refusal(actor, report))
    problems: dict[str, str] = {}
    if not data.agency_name.strip():
        problems["agency_name"] = _("Name the agency.")
    if not data.purpose.strip():
        problems["purpose"] = _("Say why it is shared.")
    rule = rules.NONE
    if data.agency_kind not in AgencyKind.values:
        problems["agency_kind"] = _("Choose the kind of agency.")
    else:
        rule = rules.sharing_rule(report.grading_system, report.handling_code, data.agency_kind)
        if rule == rules.NONE:
            problems["agency_kind"] = _(
                "The handling code %(code)s does not allow sharing with this kind of agency."
            ) % {"code": report.handling_code}
    if data.sanitised_id is not None and not report.sanitised_versions.filter(pk=data.sanitised_id).exists():
        problems["sanitised_id"] = _("Choose a sanitised version of this report.")
    if problems:
        raise ValidationError(problems)
    approval = rules.needs_approval(rule)
    sharing = Sharing(
        report=report,
        sanitised_id=data.sanitised_id,
        agency_name=data.agency_name.strip(),
        agency_kind=data.agency_kind,
        purpose=data.purpose.strip(),
        handling_code=report.handling_code,
        needs_approval=approval,
        conditions=data.conditions.strip(),
        requested_by=actor,
        status="",
    )
    SHARING_WORKFLOW.move(sharing, SharingStatus.REQUESTED if approval else SharingStatus.APPROVED)
    sharing.save()
    audit.record(
        actor=actor,
        action=AuditAction.INTELLIGENCE_SHARE_REQUEST,
        obj=report,
        changes=audit.changes_of(
            sharing=(None, sharing.pk),
            agency=(None, sharing.agency_name),
            agency_kind=(None, sharing.agency_kind),
            handling_code=(None, sharing.handling_code),
            sanitised=(None, sharing.sanitised_id),
            status=(None, sharing.status),
        ),
    )
    return sharing


def _locked_sharing(sharing: Sharing, version: int | None) -> Sharing:
    locked = Sharing.objects.select_for_update(no_key=True, of=("self",)).select_related("report").get(pk=sharing.pk)
    check_version(locked, version)
    return locked


@transaction.atomic
def sharing_decide(
    *,
    actor: User,
    sharing: Sharing,
    approve: bool,
    note: str = "",
    conditions: str = "",
    version: int | None = None,
) -> Sharing:
    ensure_allowed(decide_refusal(actor, sharing))
    sharing = _locked_sharing(sharing, version)
    conditions = conditions.strip() or sharing.conditions
    rule = rules.sharing_rule(sharing.report.grading_system, sharing.handling_code, sharing.agency_kind)
    if not approve and not note.strip():
        raise ValidationError({"note": _("Give the reason for refusing.")})
    if approve and rules.needs_conditions(rule) and not conditions.strip():
        raise ValidationError({"conditions": _("Its handling code allows sharing only on conditions: record them.")})
    before = SHARING_WORKFLOW.move(sharing, SharingStatus.APPROVED if approve else SharingStatus.REFUSED)
    sharing.decided_by, sharing.decided_at = actor, timezone.now()
    sharing.decision_note, sharing.conditions = note.strip(), conditions.strip()
    bump_version(sharing, ["status", "decided_by", "decided_at", "decision_note", "conditions"])
    audit.record(
        actor=actor,
        action=AuditAction.INTELLIGENCE_SHARE_APPROVE if approve else AuditAction.INTELLIGENCE_SHARE_REFUSE,
        obj=sharing.report,
        changes=audit.changes_of(sharing=(None, sharing.pk), status=(before, sharing.status)),
        reason=sharing.decision_note,
    )
    return sharing


@transaction.atomic
def sharing_mark_shared(*, actor: User, sharing: Sharing, version: int | None = None) -> Sharing:
    ensure_allowed(mark_shared_refusal(actor, sharing))
    sharing = _locked_sharing(sharing, version)
    before = SHARING_WORKFLOW.move(sharing, SharingStatus.SHARED)
    sharing.shared_by, sharing.shared_at = actor, timezone.now()
    bump_version(sharing, ["status", "shared_by", "shared_at"])
    audit.record(
        actor=actor,
        action=AuditAction.INTELLIGENCE_SHARED,
        obj=sharing.report,
        changes=audit.changes_of(sharing=(None, sharing.pk), status=(before, sharing.status)),
    )
    return sharing
