"""Lists and tables as files: CSV or XLSX (openpyxl), every cell neutralised, every export a read in
the audit trail.

A list offers itself for export as an `ExportTable`: its columns and its rows, built by the same
scoped selector as the page (so a file never holds more than the page shows), with the list's
name and filters for the audit event. `download` answers a small export inside the request;
custodia.jobs writes a large one in the background (docs/exports.md) with `write`, the same code.
The figure tables of the oversight pages (core.figures) go through `figure_download`.

Each export is recorded by `record_export` as one EXPORT event: the list, its filters, the format,
how many rows and the numbers of the people in it (Mandela Rule 9: who read whose records).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from . import audit
from .actions import AuditAction
from .figures import FigureTable, neutralise

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell of an exported list: text and numbers as the figure tables have them, and dates (a
# spreadsheet's own dates in XLSX, ISO 8601 in CSV).
Cell = str | int | float | date | None
# Progress is reported every so many rows: often enough for a progress bar, rarely enough that
# writing it costs nothing against the rows.
PROGRESS_EVERY = 250


# The urgency of a worklist's row (core.workflow.urgency), in words.
URGENCY_LABELS = {"overdue": gettext_lazy("Overdue"), "due_soon": gettext_lazy("Due soon")}


@dataclass
class ExportTable:
    """A list as a file would hold it. `rows` is read once, lazily: a large list is streamed."""

    name: str  # the list, as the audit trail and the file name call it: "prisoners"
    title: str | StrPromise
    columns: Sequence[str | StrPromise]
    rows: Iterable[Sequence[Cell]]
    count: int  # how many rows `rows` yields (known before writing: it decides the background)
    filters: dict[str, Any] = field(default_factory=dict)  # what the page was asked for
    # The column naming each person (their number), listed in the audit event; None for a table of
    # figures or of things that are not people.
    person_column: int | None = None


@dataclass(frozen=True)
class Written:
    rows: int
    people: list[str]


def requested_format(request: HttpRequest) -> str | None:
    """The format the list is asked for (`?format=csv|xlsx`), None for the page itself."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in CONTENT_TYPES else None


def request_filters(request: HttpRequest) -> dict[str, list[str]]:
    """The request's parameters but the format and the page: the filters, as the audit keeps them."""
    return {key: values for key, values in request.GET.lists() if key not in ("format", "page") and any(values)}


def safe_cell(cell: Cell) -> Cell:
    """Text a spreadsheet would run as a formula written as text (core.figures.neutralise)."""
    return cell if isinstance(cell, date) else neutralise(cell)


def xlsx_cell(cell: Cell) -> Cell:
    """A cell for openpyxl: neutralised (a text beginning with = would be written as a formula),
    and without the control characters XML cannot hold."""
    value = safe_cell(cell)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write(table: ExportTable, fmt: str, out: IO[bytes], *, progress: Callable[[int], None] | None = None) -> Written:
    """Write `table` to the binary file `out` in `fmt`, calling `progress(rows so far)` now and
    then (a background job's progress bar and heartbeat). Returns what it wrote, for the audit."""
    people: list[str] = []
    header = [str(column) for column in table.columns]
    done = 0

    def rows() -> Iterable[Sequence[Cell]]:
        nonlocal done
        for row in table.rows:
            if table.person_column is not None and row[table.person_column] not in (None, ""):
                people.append(str(row[table.person_column]))
            yield row
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)

    if fmt == CSV:
        # UTF-8 with a byte order mark, so that a spreadsheet opens Arabic, Cyrillic and Kazakh
        # names as they are written.
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(header)
        for row in rows():
            writer.writerow([safe_cell(cell) for cell in row])
        text.flush()
        text.detach()
    elif fmt == XLSX:
        # Write-only: rows go to a temporary file as they come, not into memory.
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=_sheet_title(str(table.title)))
        sheet.append(header)
        for row in rows():
            sheet.append([xlsx_cell(cell) for cell in row])
        book.save(out)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    if progress is not None:
        progress(done)
    return Written(rows=done, people=people)


def _sheet_title(title: str) -> str:
    # A sheet's name: at most 31 characters, none of []:*?/\
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\").strip()
    return cleaned[:31] or "Sheet1"


def record_export(
    *, actor: Any, table: ExportTable, fmt: str, written: Written, obj: models.Model | None = None
) -> None:
    """The audit event of an export: a read of everything the file held. `obj` is the export job
    for a background export; a direct one is recorded on the reader's own account (who read it)."""
    with transaction.atomic(savepoint=False):
        audit.record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=obj if obj is not None else actor,
            changes={
                "list": [None, table.name],
                "filters": [None, table.filters],
                "format": [None, fmt],
                "rows": [None, written.rows],
                "people": [None, written.people],
            },
        )


def file_name(table: ExportTable, fmt: str) -> str:
    return f"{table.name}-{timezone.localdate().isoformat()}.{fmt}"


def download(actor: Any, table: ExportTable, fmt: str) -> HttpResponse:
    """The table as a file in the answer, its export recorded before it leaves."""
    out = io.BytesIO()
    written = write(table, fmt, out)
    record_export(actor=actor, table=table, fmt=fmt, written=written)
    response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(table, fmt)}"'
    return response


def figure_download(request: HttpRequest, tables: Sequence[FigureTable]) -> HttpResponse | None:
    """The table a figures page is asked for as a file (`?csv=<slug>` or `?xlsx=<slug>`), None when
    the page itself is asked for; 404 for a table the page has not."""
    fmt = CSV if request.GET.get(CSV) else XLSX if request.GET.get(XLSX) else None
    if fmt is None:
        return None
    slug = request.GET[fmt]
    figures = next((table for table in tables if table.slug == slug), None)
    if figures is None:
        raise Http404(_("No such table."))
    table = ExportTable(
        name=f"figures:{figures.slug}",
        title=figures.title,
        columns=figures.columns,
        rows=figures.rows,
        count=len(figures.rows),
        filters={key: values for key, values in request_filters(request).items() if key not in (CSV, XLSX)},
    )
    response = download(request.user, table, fmt)
    response["Content-Disposition"] = f'attachment; filename="{figures.slug}.{fmt}"'
    return response
