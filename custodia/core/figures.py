"""A table of figures for an oversight page: what a module counts (plans, programmes, release
planning) handed to the page that shows it as a table, draws it as a chart and offers it as CSV.

Modules fill these from their scoped selectors (aggregates only, never names); the oversight page
(custodia.oversight) renders any list of them the same way, so a new module adds figures, not
a page."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django_stubs_ext import StrPromise

Cell = str | int | float | None


@dataclass(frozen=True)
class FigureTable:
    slug: str  # the table's anchor on the page and the name of its CSV file
    title: str | StrPromise
    columns: list[str | StrPromise]  # the first column labels the rows
    rows: list[list[Cell]]
    # How the chart draws the first numeric column(s) against the row labels: "bar",
    # "horizontal", "doughnut", or "" for a table that is better read than looked at.
    chart: str = "bar"
    note: str | StrPromise = ""  # what the figures count and leave out, shown under the title
    charted_columns: list[int] = field(default_factory=lambda: [1])


# A spreadsheet runs a cell that begins with one of these as a formula: a prison or programme name
# typed that way must reach the analyst as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_csv(table: FigureTable) -> str:
    """The table as CSV (UTF-8 text, header first), each text cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


def csv_download(tables: Sequence[FigureTable], slug: str) -> HttpResponse:
    """The table `slug` of a page as a CSV file to download (404 for a table the page has not)."""
    table = next((table for table in tables if table.slug == slug), None)
    if table is None:
        raise Http404(_("No such table."))
    response = HttpResponse(as_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.slug}.csv"'
    return response


def _safe(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return "" if cell is None else cell
