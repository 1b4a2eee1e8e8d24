"""manage.py validate_instrument: how well an instrument's scores predicted recorded outcomes
in the service's own population (local validation), from a CSV export.

    manage.py validate_instrument --csv results.csv --score total --outcome incident \\
        --group sex --group age_group --threshold 12 --output validation.csv
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodia.assessment import validation
from custodia.assessment.validation import ValidationReport, format_score


class Command(BaseCommand):
    help = (
        "Local validation of a risk assessment instrument: AUC with DeLong's 95% confidence interval, "
        "calibration, and per group the error rates at a threshold."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True, type=Path, help="CSV file (UTF-8, comma or semicolon separated).")
        parser.add_argument("--score", required=True, help="Column holding the instrument's score.")
        parser.add_argument("--outcome", required=True, help="Column holding the outcome: 1/0, yes/no or true/false.")
        parser.add_argument(
            "--group",
            action="append",
            default=[],
            dest="groups",
            help="Column to break the error rates down by (sex, age group...); repeat for several.",
        )
        parser.add_argument(
            "--threshold",
            type=float,
            help="Score from which the instrument predicts the outcome (score >= threshold); the median if omitted.",
        )
        parser.add_argument("--output", type=Path, help="Also write every table to this CSV file.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            # utf-8-sig drops the byte order mark Excel puts before "CSV UTF-8" files.
            with options["csv"].open(encoding="utf-8-sig", newline="") as stream:
                dataset = validation.read_csv(
                    stream, score=options["score"], outcome=options["outcome"], groups=options["groups"]
                )
            report = validation.validate(dataset, threshold=options["threshold"])
        except OSError as exc:
            raise CommandError(f"Cannot read {options['csv']}: {exc.strerror or exc}") from exc
        except validation.ValidationInputError as exc:
            raise CommandError(f"{options['csv']}: {exc}") from exc
        self.stdout.write(render_report(report))
        if options["output"]:
            try:
                # With the byte order mark, Excel reads the file as UTF-8 (Arabic, Cyrillic group values).
                options["output"].write_text(validation.report_to_csv(report), encoding="utf-8-sig", newline="")
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror or exc}") from exc
            self.stdout.write(f"Tables written to {options['output']}")


def render_report(report: ValidationReport) -> str:
    return "\n".join(
        [_summary(report), _excluded(report), _calibration(report), _groups(report)],
    )


def _summary(report: ValidationReport) -> str:
    auc = "not defined: every row has the same outcome"
    if report.auc is not None:
        auc = _number(report.auc)
        if report.auc_ci_low is not None and report.auc_ci_high is not None:
            auc += f" (95% CI {_number(report.auc_ci_low)} to {_number(report.auc_ci_high)}, DeLong)"
        else:
            auc += " (no confidence interval: one outcome class has a single row)"
    rule = "median score" if report.threshold_is_median else "given"
    return _table(
        "Summary",
        ["Measure", "Value"],
        [
            ["Score column", report.score_column],
            ["Outcome column", report.outcome_column],
            ["Rows read", report.rows_read],
            ["Rows used", report.n],
            ["Rows excluded", report.rows_excluded],
            ["Outcomes", report.positives],
            ["Base rate", _number(report.base_rate)],
            ["AUC", auc],
            ["Threshold", f"score >= {format_score(report.threshold)} predicts the outcome ({rule})"],
        ],
    )


def _excluded(report: ValidationReport) -> str:
    return _table(
        "Excluded rows, by reason (a row lacking several values is counted under each)",
        ["Reason", "Rows", "Row numbers"],
        [
            [validation.exclusion_label(exclusion), exclusion.count, _row_numbers(exclusion.rows)]
            for exclusion in report.excluded
        ],
        empty="No row was excluded.",
    )


def _calibration(report: ValidationReport) -> str:
    return _table(
        "Calibration" + (" (quantile bins)" if report.calibration_binned else ""),
        ["Score", "n", "Outcomes", "Observed rate", "Wilson 95% CI"],
        [
            [
                row.label,
                row.n,
                row.outcomes,
                _number(row.observed_rate),
                f"{_number(row.ci_low)} to {_number(row.ci_high)}",
            ]
            for row in report.calibration
        ],
    )


def _groups(report: ValidationReport) -> str:
    return _table(
        f"Groups, at threshold {format_score(report.threshold)}",
        ["Group", "Value", "n", "Base rate", "FPR", "FNR", "PPV", "TP", "FP", "TN", "FN"],
        [
            [
                row.column or "all",
                row.value or "all",
                row.n,
                _number(row.base_rate),
                _number(row.false_positive_rate),
                _number(row.false_negative_rate),
                _number(row.positive_predictive_value),
                row.tp,
                row.fp,
                row.tn,
                row.fn,
            ]
            for row in report.groups
        ],
    )


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _row_numbers(rows: Sequence[int], shown: int = 10) -> str:
    listed = ", ".join(map(str, rows[:shown]))
    return f"{listed}, … ({len(rows) - shown} more)" if len(rows) > shown else listed


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text == "n/a"
    return True


def _table(title: str, header: list[str], rows: list[list[Any]], empty: str = "") -> str:
    """A plain-text table: text columns aligned left, numbers right."""
    if not rows:
        return f"{title}\n{empty}\n"
    cells = [[str(value) for value in row] for row in rows]
    numeric = [all(_is_number(row[i]) for row in cells) for i in range(len(header))]
    widths = [max(len(text) for text in column) for column in zip(header, *cells, strict=True)]

    def line(values: list[str]) -> str:
        return "  ".join(
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([title, line(header), line(["-" * width for width in widths]), *map(line, cells)]) + "\n"
