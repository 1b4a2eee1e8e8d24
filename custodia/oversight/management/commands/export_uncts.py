"""manage.py export_uncts --year YYYY --output FILE: the prison section of the UN Survey of Crime
Trends and Operations of Criminal Justice Systems for the year (oversight.uncts_counts, as the page
/statistics/uncts/ shows it for every prison), with the definition beside each figure, and the
trends by month, nationally and for each prison: CSV or XLSX by the file's extension. Every prison
is counted; no names are written. A cell that a spreadsheet would run as a formula is written as
text (core.figures.neutralise). The counts are read from the replica where there is one (core.replica)."""

import csv
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from openpyxl import Workbook

from custodia.core.figures import Cell, FigureTable, neutralise
from custodia.core.replica import reads_from_replica
from custodia.oversight import rules, uncts_counts

FORMATS = (".csv", ".xlsx")
FIRST_YEAR = 1900  # no prison service keeps files from before it: an earlier year is a typing slip


def blocks(tables: list[FigureTable]) -> list[list[Cell]]:
    """The tables one under another: the title, the header, the rows, the definition, a blank line."""
    lines: list[list[Cell]] = []
    for table in tables:
        lines.append([str(table.title)])
        lines.append([str(column) for column in table.columns])
        lines.extend([neutralise(cell) for cell in row] for row in table.rows)
        if table.note:
            lines.append([str(table.note)])
        lines.append([])
    return lines


class Command(BaseCommand):
    help = "Export the prison section of UN-CTS for a year (CSV or XLSX, by the output file's extension)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the year; its reference date is 31 December")
        parser.add_argument("--output", type=Path, required=True, help="the file to write: .csv or .xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        year, output = options["year"], options["output"]
        suffix = output.suffix.lower()
        if suffix not in FORMATS:
            raise CommandError(f"The output must be a .csv or .xlsx file, not {output.name}.")
        today = timezone.localdate()
        if year > today.year:
            raise CommandError(f"{year} has not begun: there is nothing to count yet.")
        if year < FIRST_YEAR:
            raise CommandError(f"Give a year from {FIRST_YEAR} to {today.year}.")
        day = rules.reference_date(year, today)
        started = time.perf_counter()
        with reads_from_replica():
            counts = uncts_counts.reference_counts(user=None, day=day)
            months = uncts_counts.monthly_trends(
                user=None, first=uncts_counts.trend_start(day), last=day, per_prison=True
            )
        reference = uncts_counts.reference_tables(counts)
        trends = [*uncts_counts.trend_tables(months.national), uncts_counts.prison_trend_table(months.by_prison)]
        if suffix == ".csv":
            with output.open("w", newline="", encoding="utf-8") as out:
                csv.writer(out).writerows(blocks(reference + trends))
        else:
            self.write_xlsx(output, blocks(reference), blocks(trends))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"UN-CTS {year}, reference date {day.isoformat()}"
            f"{' (today: the year is under way)' if counts.today else ''}: "
            f"{counts.held} persons held, {counts.by_status['unsentenced']} unsentenced "
            f"({counts.awaiting_trial} awaiting trial), {counts.by_status['sentenced']} sentenced, "
            f"official capacity {counts.capacity}. Written to {output} in {seconds:.1f} s."
        )

    @staticmethod
    def write_xlsx(output: Path, reference: list[list[Cell]], trends: list[list[Cell]]) -> None:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "UN-CTS"
        for line in reference:
            sheet.append(line)
        monthly = book.create_sheet("Trends")
        for line in trends:
            monthly.append(line)
        book.save(output)
