"""The intelligence reports list as a file (core.exports): the same selection as the page, which
reads it from here too (`reports_selection`), so the file holds exactly what the page shows to its
reader: the reports their handling code lets them read (selectors.reports_readable), each with its
number, when it was seen or heard, its prison, how many subjects, its grading and status. Neither
names a subject nor holds a word of a report; those are read one report at a time, and each such
read is recorded in the subjects' files."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prison_chosen
from custodia.core.exports import Cell, ExportTable
from custodia.estate.models import Prison
from custodia.jobs.exporters import as_query

from . import selectors
from .choices import ReportStatus
from .models import IntelligenceReport


@dataclass
class ReportsSelection:
    prisons: list[Prison]
    prison: Prison | None  # None: all the user's prisons (a Prison column on the page)
    several: bool
    show: str
    reports: QuerySet[IntelligenceReport]


def reports_selection(user: Any, query: QueryDict) -> ReportsSelection:
    prisons, prison, several = prison_chosen(user=user, chosen=query.get("prison"))
    show = query.get("show", "")
    show = show if show in selectors.SHOWS else ""
    filters = selectors.Filters(prison_id=prison.pk if prison else None, show=show)
    reports = selectors.report_rows(user=user, filters=filters) if prisons else IntelligenceReport.objects.none()
    return ReportsSelection(prisons, prison, several, show, reports)


def _row(report: Any, *, with_prison: bool) -> list[Cell]:
    graded = report.status == ReportStatus.GRADED
    return [
        report.pk,
        # A spreadsheet holds no time zone: the local time the page shows.
        timezone.localtime(report.observed_at).replace(tzinfo=None),
        *([report.prison.name] if with_prison else []),
        report.subject_count,
        f"{report.source_grade}{report.information_grade}{report.handling_code}" if graded else "",
        report.get_status_display(),
    ]


def reports_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    chosen = reports_selection(user, as_query(params))
    with_prison = chosen.prison is None
    return ExportTable(
        name="intelligence",
        title=gettext_lazy("Intelligence"),
        columns=[
            _("Report"),
            _("Seen or heard"),
            *([_("Prison")] if with_prison else []),
            _("Subjects"),
            _("Grading"),
            _("Status"),
        ],
        rows=(_row(report, with_prison=with_prison) for report in chosen.reports.iterator()),
        count=chosen.reports.count(),
        filters=params,
    )
