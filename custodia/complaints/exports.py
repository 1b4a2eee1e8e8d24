"""The list of requests and complaints as a file (core.exports): the same selection as the page,
which reads it from here too (`complaints_selection`), so the file holds what the page shows and no
more. Those made in confidence to the inspection body are in neither for a reader without the right
to read them (selectors.visibility)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.core.exports import Cell, ExportTable
from custodia.jobs.exporters import as_query

from . import selectors
from .choices import Status
from .models import Complaint


@dataclass
class ComplaintsSelection:
    filters: selectors.Filters
    complaints: QuerySet[Complaint]


def complaints_selection(user: Any, query: QueryDict) -> ComplaintsSelection:
    filters = selectors.Filters(
        open=query.get("open") == "1",
        overdue=query.get("overdue") == "1",
        allegations=query.get("allegations") == "1",
    )
    return ComplaintsSelection(filters, selectors.complaint_list(user=user, filters=filters))


def _row(complaint: Complaint) -> list[Cell]:
    due = (
        complaint.appeal_due_on
        if complaint.status == Status.APPEALED
        else complaint.due_on
        if complaint.status == Status.OPEN
        else None
    )
    return [
        complaint.made_on,
        complaint.prisoner.number,
        complaint.prisoner.display_name,
        complaint.get_kind_display(),
        _("Allegation of ill-treatment") if complaint.allegation else "",
        complaint.get_category_display(),
        complaint.get_addressee_display(),
        complaint.get_status_display(),
        due,
    ]


def complaints_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    complaints = complaints_selection(user, as_query(params)).complaints
    return ExportTable(
        name="complaints",
        title=gettext_lazy("Requests and complaints"),
        columns=[
            _("Made on"),
            _("Number"),
            _("Name"),
            _("Kind"),
            _("Allegation of ill-treatment"),
            _("Category"),
            _("Addressed to"),
            _("Status"),
            _("Answer due by"),
        ],
        rows=(_row(complaint) for complaint in complaints.iterator()),
        count=complaints.count(),
        filters=params,
        # The inspection body's list holds complaints made to it in confidence: the audit trail,
        # which others read, must not tell who complained to it (Rule 57(3)), so its exports are
        # recorded by count and filters, as its reads are by complaint and not by person.
        person_column=None if user.has_perm(selectors.CONFIDENTIAL) else 1,
    )
