"""Reads of intelligence reports, need-to-know first.

Two kinds of reader. The officer who submitted a report reads what they wrote and whether it was
graded, never the grading, the sanitised versions or the sharings. A holder of
view_intelligence_section reads a report when its handling code admits their role at the report's
prison, or admits nationwide readers (intelligence.rules); an ungraded report is read as the most
restricted. To anyone else a report does not exist: left out of lists and counts, 404 for one.
Every selector here takes the reader and applies both, so that the pages, the API, the file
section and the home page cannot disagree."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet

from custodia.accounts import roles
from custodia.accounts.actor import actor_of
from custodia.accounts.selectors import prison_scope
from custodia.core.rights import right
from custodia.core.withheld import Why, Withheld
from custodia.register.models import Prisoner

from . import rules
from .choices import ReportStatus, SharingStatus, SubjectKind
from .models import IntelligenceReport, SanitisedVersion, Sharing, Subject

VIEW = right("view_intelligence_section")
SUBMIT = right("submit_intelligence")
GRADE = right("grade_intelligence")
SHARE = right("share_intelligence")
APPROVE = right("approve_intelligence_sharing")

SHOW_UNGRADED = "ungraded"
SHOW_GRADED = "graded"
SHOW_SHARING = "sharing_requested"
SHOWS = (SHOW_UNGRADED, SHOW_GRADED, SHOW_SHARING)

WITHHELD_GRADING = "grading"


def reader_of(user: User) -> rules.Reader:
    actor = actor_of(user)
    held = frozenset(roles.LABELS) if user.is_superuser else (actor.roles if actor else frozenset())
    return rules.Reader(roles=held, nationwide=prison_scope(user) is None, may_read_intelligence=user.has_perm(VIEW))


def _readable(user: User) -> Q:
    """The reports the user may read in full: by their handling code, at the prisons in scope."""
    reader = reader_of(user)
    if not reader.may_read_intelligence:
        return Q(pk__in=[])
    by_code = Q(pk__in=[])
    for system, codes in rules.readable_codes(reader).items():
        if codes:
            by_code |= Q(status=ReportStatus.GRADED, grading_system=system, handling_code__in=sorted(codes))
    if rules.may_read_ungraded(reader):
        by_code |= Q(status=ReportStatus.SUBMITTED)
    scope = prison_scope(user)
    return by_code if scope is None else by_code & Q(prison__in=scope)


def reports_readable(*, user: User) -> QuerySet[IntelligenceReport]:
    """The reports the user may read in full, grading, sanitised versions and sharings included."""
    return IntelligenceReport.objects.filter(_readable(user)).select_related("prison", "submitted_by", "graded_by")


def reports_submitted(*, user: User) -> QuerySet[IntelligenceReport]:
    """The reports the user submitted: what they wrote, and whether it was graded."""
    if not user.has_perm(SUBMIT) and not user.has_perm(VIEW):
        return IntelligenceReport.objects.none()
    return IntelligenceReport.objects.filter(submitted_by=user.pk).select_related("prison", "submitted_by")


def reports_visible(*, user: User) -> QuerySet[IntelligenceReport]:
    """Every report the user may know of: those they may read, and those they submitted."""
    return IntelligenceReport.objects.filter(_readable(user) | Q(submitted_by=user.pk)).select_related(
        "prison", "submitted_by", "graded_by"
    )


def may_read(user: User, report: IntelligenceReport) -> bool:
    """Whether the user reads the report in full (the same rule as reports_readable, on one report)."""
    reader = reader_of(user)
    scope = prison_scope(user)
    readers = (
        rules.readers_of(report.grading_system, report.handling_code)
        if report.status == ReportStatus.GRADED
        else rules.UNGRADED
    )
    return rules.may_read(reader, readers, at_reports_prison=scope is None or report.prison_id in scope)


@dataclass(frozen=True)
class Filters:
    prison_id: int | None = None
    show: str = ""


def report_rows(*, user: User, filters: Filters) -> QuerySet[IntelligenceReport]:
    qs = reports_readable(user=user).annotate(subject_count=Count("subjects")).order_by("-submitted_at", "-id")
    if filters.prison_id is not None:
        qs = qs.filter(prison_id=filters.prison_id)
    if filters.show == SHOW_UNGRADED:
        qs = qs.filter(status=ReportStatus.SUBMITTED)
    elif filters.show == SHOW_GRADED:
        qs = qs.filter(status=ReportStatus.GRADED)
    elif filters.show == SHOW_SHARING:
        qs = qs.filter(pk__in=sharings_to_decide(user=user).values("report_id"))
    return qs


def _subjects() -> "Prefetch[Any]":
    return Prefetch("subjects", Subject.objects.select_related("prisoner").order_by("id"))


@dataclass(frozen=True)
class Grading:
    system: rules.System
    source: str
    information: str
    handling: str
    reliable: bool

    @property
    def source_label(self) -> str:
        return self.system.source_label(self.source)

    @property
    def information_label(self) -> str:
        return self.system.information_label(self.information)

    @property
    def handling_label(self) -> str:
        return self.system.handling_label(self.handling)


@dataclass(frozen=True)
class ReportOpened:
    """One report as its reader may see it: the grading, the security officer's assessment, the
    sanitised versions and the sharings, or a Withheld in their place for the officer who only
    submitted it."""

    report: IntelligenceReport
    subjects: list[Subject]
    read_in_full: bool
    grading: Grading | None | Withheld
    assessment: str | Withheld
    sanitised: list[SanitisedVersion] | Withheld
    sharings: list[Sharing] | Withheld

    @property
    def withheld(self) -> list[str]:
        return [WITHHELD_GRADING] if not self.read_in_full else []


def grading_of(report: IntelligenceReport) -> Grading | None:
    if report.status != ReportStatus.GRADED or report.grading_system not in rules.SYSTEMS:
        return None
    return Grading(
        rules.system(report.grading_system),
        report.source_grade,
        report.information_grade,
        report.handling_code,
        rules.is_reliable(report.grading_system, source=report.source_grade, information=report.information_grade),
    )


def report_open(*, user: User, report_id: int) -> ReportOpened:
    """A report the user may read in full; IntelligenceReport.DoesNotExist otherwise."""
    report = (
        reports_readable(user=user)
        .prefetch_related(
            _subjects(),
            Prefetch("sanitised_versions", SanitisedVersion.objects.select_related("made_by")),
            Prefetch(
                "sharings",
                Sharing.objects.select_related("requested_by", "decided_by", "shared_by", "sanitised"),
            ),
        )
        .get(pk=report_id)
    )
    return ReportOpened(
        report,
        list(report.subjects.all()),
        True,
        grading_of(report),
        report.assessment,
        list(report.sanitised_versions.all()),
        list(report.sharings.all()),
    )


def submission_open(*, user: User, report_id: int) -> ReportOpened:
    """A report the user submitted, as its submitter reads it: what they wrote and whether it was
    graded, the rest withheld (even when they could read it in full: this is the submitter's view)."""
    report = reports_submitted(user=user).prefetch_related(_subjects()).get(pk=report_id)
    withheld = Withheld("intelligence", Why.NO_RIGHT)
    return ReportOpened(report, list(report.subjects.all()), False, withheld, withheld, withheld, withheld)


def people_named(opened: ReportOpened) -> list[Prisoner]:
    """The people in custody a report is about: each reading of it is in their file's log."""
    return [s.prisoner for s in opened.subjects if s.kind == SubjectKind.IN_CUSTODY and s.prisoner is not None]


def prisoner_reports(*, user: User, prisoner: Prisoner) -> list[IntelligenceReport]:
    """The reports about the person that the reader may read in full, newest first."""
    return list(
        reports_readable(user=user).filter(subjects__prisoner=prisoner).distinct().order_by("-observed_at", "-id")
    )


def sharings_visible(*, user: User) -> QuerySet[Sharing]:
    return Sharing.objects.filter(report__in=reports_readable(user=user).values("pk"))


def sharings_to_decide(*, user: User) -> QuerySet[Sharing]:
    """The sharings awaiting an approval the user may give: of reports they may read, not asked by them."""
    if not user.has_perm(APPROVE):
        return Sharing.objects.none()
    return sharings_visible(user=user).filter(status=SharingStatus.REQUESTED).exclude(requested_by=user.pk)


@dataclass(frozen=True)
class Counts:
    to_grade: int
    sharing_to_decide: int


def counts(*, user: User, prison_id: int | None) -> Counts:
    """The figures of the home page, of what the user may read."""
    reports = reports_readable(user=user)
    sharings = sharings_to_decide(user=user)
    if prison_id is not None:
        reports, sharings = reports.filter(prison_id=prison_id), sharings.filter(report__prison_id=prison_id)
    to_grade = reports.filter(status=ReportStatus.SUBMITTED).count() if user.has_perm(GRADE) else 0
    return Counts(to_grade, sharings.count())
