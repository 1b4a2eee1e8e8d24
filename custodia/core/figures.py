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

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

Cell = str | int | float | None


@dataclass(frozen=True)
class FigureTable:
    slug: str  # the table's anchor on the page and the name of its CSV file
    title: str | StrPromise
    columns: list[str | StrPromise]  # the first column labels the rows
    rows: list[list[Cell]]
    # How the chart draws the first numeric column(s) against the row labels: "bar",
    # "horizontal", "doughnut", "line" (a series over time), or "" for a table that is better read
    # than looked at.
    chart: str = "bar"
    note: str | StrPromise = ""  # what the figures count and leave out, shown under the title
    charted_columns: list[int] = field(default_factory=lambda: [1])


# A spreadsheet runs a cell that begins with one of these as a formula: a prison or programme name
# typed that way must reach the analyst as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_csv(table: FigureTable) -> str:
    """The table as CSV (UTF-8 text, header first), each text cell safe to open in a spreadsheet.
    A page offers its tables as files through core.exports.figure_download (CSV and XLSX)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def neutralise(cell: Cell) -> Cell:
    """The cell as a spreadsheet must read it: text that would run as a formula gets a leading
    apostrophe (shown as text by every spreadsheet), an empty cell is empty text. Every export of
    a list or a table (core.exports) writes its cells through this."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return "" if cell is None else cell
