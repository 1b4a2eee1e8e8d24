"""Local validation of a risk assessment instrument: how well its scores predicted recorded
outcomes (serious incidents, reconviction) in the service's own population.

Pure logic, no database: the management command `validate_instrument` and the headquarters
page both read a CSV export with `read_csv` and compute the report with `validate`.
The statistics come from numpy and scipy (ranks, Mann-Whitney U, normal and binomial
distributions); only DeLong's variance, which scipy does not offer, is assembled here from ranks.

A row with an empty cell is never silently dropped: it is left out of the metrics that need
the missing value and counted, with its row number, under the reason it was left out.
"""

import csv
import enum
import io
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TextIO

import numpy as np
from django.utils.translation import gettext as _

CONFIDENCE = 0.95
# Up to this many distinct scores the calibration table keeps one row per score; beyond it
# (a continuous score, a sum of many items) single levels hold too few people to read.
MAX_LEVELS = 20
QUANTILE_BINS = 10

_TRUE = frozenset({"1", "true", "yes"})
_FALSE = frozenset({"0", "false", "no"})


def _stats() -> ModuleType:
    """scipy.stats, imported when a report is first computed: the import takes a second or more,
    and every process that starts Django imports this module (the assessment selectors build its
    records), the test run's workers and each manage.py command included."""
    from scipy import stats

    return stats


class ValidationInputError(ValueError):
    """The file or the columns asked for cannot be used; the message says where and why."""


class MissingColumnError(ValidationInputError):
    """A column named by the user is not in the header: the message lists the ones that are."""

    def __init__(self, column: str, available: Sequence[str]) -> None:
        self.column = column
        super().__init__(
            _("The file has no column “%(column)s”. Its columns are: %(available)s.")
            % {"column": column, "available": ", ".join(f"“{name}”" for name in available) or "—"}
        )


class ExclusionReason(enum.StrEnum):
    MISSING_SCORE = "missing_score"
    MISSING_OUTCOME = "missing_outcome"
    MISSING_GROUP = "missing_group"


@dataclass(frozen=True)
class Record:
    """One data row; None marks an empty cell."""

    row: int  # as a spreadsheet numbers it: the header is row 1
    score: float | None
    outcome: bool | None
    groups: tuple[str | None, ...]  # in the order of Dataset.group_columns


@dataclass(frozen=True)
class Dataset:
    score_column: str
    outcome_column: str
    group_columns: tuple[str, ...]
    records: tuple[Record, ...]


@dataclass(frozen=True)
class Exclusion:
    reason: ExclusionReason
    column: str
    rows: tuple[int, ...]  # row numbers in the file, so that the data can be corrected

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class RocPoint:
    threshold: float | None  # None for the origin, where nobody is predicted positive
    false_positive_rate: float
    true_positive_rate: float


@dataclass(frozen=True)
class CalibrationRow:
    label: str
    low: float  # lowest and highest score in the row (equal when a row is one score level)
    high: float
    n: int
    outcomes: int
    observed_rate: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class GroupRow:
    column: str | None  # None and None: the "all" row, every row used
    value: str | None
    n: int
    tp: int
    fp: int
    tn: int
    fn: int
    base_rate: float
    false_positive_rate: float | None  # None where undefined: no negatives, no positives, nobody flagged
    false_negative_rate: float | None
    positive_predictive_value: float | None


@dataclass(frozen=True)
class ValidationReport:
    score_column: str
    outcome_column: str
    group_columns: tuple[str, ...]
    rows_read: int
    n: int  # rows with both a score and an outcome: the rows every metric is computed on
    positives: int
    base_rate: float
    auc: float | None  # None when only one outcome class is present
    auc_se: float | None  # None also when a class has a single row: its variance cannot be estimated
    auc_ci_low: float | None
    auc_ci_high: float | None
    threshold: float
    threshold_is_median: bool
    roc: tuple[RocPoint, ...]
    calibration: tuple[CalibrationRow, ...]
    calibration_binned: bool
    groups: tuple[GroupRow, ...]  # the "all" row first, then each group column's values
    excluded: tuple[Exclusion, ...]

    @property
    def rows_excluded(self) -> int:
        return self.rows_read - self.n


# Reading ---------------------------------------------------------------------------------------


def read_csv(stream: TextIO, *, score: str, outcome: str, groups: Sequence[str] = ()) -> Dataset:
    """Reads the columns asked for from a CSV text stream (utf-8, with or without BOM, comma
    or semicolon separated). Empty cells become None; any other unreadable value is an error
    naming its row and column."""
    try:
        header_line = stream.readline()
        delimiter = _sniff_delimiter(header_line)
        reader = csv.reader(itertools.chain([header_line], stream), delimiter=delimiter)
        header = [name.strip() for name in next(reader, [])]
        if header:
            # A stream opened as plain utf-8 keeps Excel's byte order mark on the first name.
            header[0] = header[0].removeprefix("\ufeff").strip()
        if not any(header):
            raise ValidationInputError(_("The file is empty: the first row must name the columns."))
        positions = _positions(header, [score, outcome, *groups])
        records = tuple(
            _record(cells, row, header, positions, score, outcome, groups, decimal_comma=delimiter == ";")
            for row, cells in enumerate(reader, start=2)
        )
    except UnicodeDecodeError as exc:
        raise ValidationInputError(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")) from exc
    except csv.Error as exc:
        raise ValidationInputError(_("The file is not a readable CSV file: %(error)s") % {"error": exc}) from exc
    return Dataset(score_column=score, outcome_column=outcome, group_columns=tuple(groups), records=records)


def _sniff_delimiter(header_line: str) -> str:
    # Only the header is sniffed: data rows of a semicolon file may carry decimal commas,
    # which would make commas look like the delimiter.
    try:
        return csv.Sniffer().sniff(header_line, delimiters=",;").delimiter
    except csv.Error:
        return ","  # a single column, or no header at all: reported when the columns are looked up


def _positions(header: list[str], wanted: Iterable[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for column in wanted:
        if column not in header:
            raise MissingColumnError(column, [name for name in header if name])
        if header.count(column) > 1:
            raise ValidationInputError(
                _("The column “%(column)s” appears more than once in the first row.") % {"column": column}
            )
        positions[column] = header.index(column)
    return positions


def _record(
    cells: list[str],
    row: int,
    header: list[str],
    positions: dict[str, int],
    score: str,
    outcome: str,
    groups: Sequence[str],
    *,
    decimal_comma: bool,
) -> Record:
    if any(cell.strip() for cell in cells[len(header) :]):
        # More values than names usually means a separator inside an unquoted value, which
        # shifts every later value into the wrong column.
        raise ValidationInputError(_("Row %(row)s has more values than the first row has column names.") % {"row": row})

    def cell(column: str) -> str | None:
        position = positions[column]
        text = cells[position].strip() if position < len(cells) else ""
        return text or None

    return Record(
        row=row,
        score=_score(cell(score), row, score, decimal_comma=decimal_comma),
        outcome=_outcome(cell(outcome), row, outcome),
        groups=tuple(cell(column) for column in groups),
    )


def _score(text: str | None, row: int, column: str, *, decimal_comma: bool) -> float | None:
    if text is None:
        return None
    try:
        # Spreadsheets that separate with semicolons write decimals with a comma.
        value = float(text.replace(",", ".") if decimal_comma else text)
    except ValueError:
        value = float("nan")  # text, NaN and infinity all get the one message below
    if not np.isfinite(value):
        raise ValidationInputError(
            _(
                "Row %(row)s, column “%(column)s”: “%(value)s” is not a number. "
                "Leave the cell empty if the score is not known."
            )
            % {"row": row, "column": column, "value": text}
        )
    return value


def _outcome(text: str | None, row: int, column: str) -> bool | None:
    if text is None:
        return None
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValidationInputError(
        _(
            "Row %(row)s, column “%(column)s”: “%(value)s” is not an outcome. "
            "Use 1 or 0 (or yes/no, true/false); leave the cell empty if the outcome is not known."
        )
        % {"row": row, "column": column, "value": text}
    )


# Metrics ---------------------------------------------------------------------------------------


def validate(dataset: Dataset, *, threshold: float | None = None) -> ValidationReport:
    """Discrimination (AUC with DeLong's confidence interval, ROC), calibration and the error
    rates per group at a threshold (score >= threshold predicts the outcome; the median score
    when no threshold is given)."""
    records = dataset.records
    used = [r for r in records if r.score is not None and r.outcome is not None]
    excluded = _exclusions(dataset)
    if not used:
        raise ValidationInputError(
            _("No row has both a score and an outcome (%(read)s rows read), so nothing can be computed.")
            % {"read": len(records)}
        )
    scores = np.array([r.score for r in used], dtype=float)
    outcomes = np.array([r.outcome for r in used], dtype=bool)
    threshold_is_median = threshold is None
    cut = float(np.median(scores)) if threshold is None else float(threshold)
    auc, se = _auc_delong(scores[outcomes], scores[~outcomes])
    ci_low = ci_high = None
    if auc is not None and se is not None:
        margin = float(_stats().norm.ppf(0.5 + CONFIDENCE / 2)) * se
        ci_low, ci_high = max(0.0, auc - margin), min(1.0, auc + margin)
    calibration, binned = _calibration(scores, outcomes)
    return ValidationReport(
        score_column=dataset.score_column,
        outcome_column=dataset.outcome_column,
        group_columns=dataset.group_columns,
        rows_read=len(records),
        n=len(used),
        positives=int(outcomes.sum()),
        base_rate=float(outcomes.mean()),
        auc=auc,
        auc_se=se,
        auc_ci_low=ci_low,
        auc_ci_high=ci_high,
        threshold=cut,
        threshold_is_median=threshold_is_median,
        roc=_roc(scores, outcomes),
        calibration=calibration,
        calibration_binned=binned,
        groups=_groups(dataset.group_columns, used, scores, outcomes, cut),
        excluded=excluded,
    )


def _exclusions(dataset: Dataset) -> tuple[Exclusion, ...]:
    # Each reason counts every row whose cell is empty, so a row lacking two values is listed
    # under both: the counts say what to fix in the data, rows_excluded says how many were lost.
    records = dataset.records
    found = [
        Exclusion(
            ExclusionReason.MISSING_SCORE, dataset.score_column, tuple(r.row for r in records if r.score is None)
        ),
        Exclusion(
            ExclusionReason.MISSING_OUTCOME, dataset.outcome_column, tuple(r.row for r in records if r.outcome is None)
        ),
        *(
            Exclusion(ExclusionReason.MISSING_GROUP, column, tuple(r.row for r in records if r.groups[i] is None))
            for i, column in enumerate(dataset.group_columns)
        ),
    ]
    return tuple(exclusion for exclusion in found if exclusion.rows)


def _auc_delong(positive: np.ndarray, negative: np.ndarray) -> tuple[float | None, float | None]:
    """AUC = U / (n1 n0), ties counting one half, and its standard error by DeLong, DeLong and
    Clarke-Pearson (1988), in the rank form of Sun and Xu (2014).

    The structural components are, for each positive, the share of negatives it outranks
    (V10) and, for each negative, the share of positives that outrank it (V01);
    Var(AUC) = var(V10) / n1 + var(V01) / n0, with sample variances."""
    n1, n0 = len(positive), len(negative)
    if n1 == 0 or n0 == 0:
        return None, None
    stats = _stats()
    auc = float(stats.mannwhitneyu(positive, negative, method="asymptotic").statistic) / (n1 * n0)
    if n1 < 2 or n0 < 2:
        return auc, None
    # A positive's mid-rank among everyone minus its mid-rank among positives is the number of
    # negatives below it, ties counting one half: sum over negatives of psi(x, y).
    combined = stats.rankdata(np.concatenate([positive, negative]))
    v10 = (combined[:n1] - stats.rankdata(positive)) / n0
    v01 = 1.0 - (combined[n1:] - stats.rankdata(negative)) / n1
    variance = np.var(v10, ddof=1) / n1 + np.var(v01, ddof=1) / n0
    return auc, float(np.sqrt(variance))


def _roc(scores: np.ndarray, outcomes: np.ndarray) -> tuple[RocPoint, ...]:
    positives, negatives = int(outcomes.sum()), int((~outcomes).sum())
    if positives == 0 or negatives == 0:
        return ()
    # Sorted from the highest score down, the running counts at the last row of each score
    # level are the people flagged when that level is the threshold: one pass, not one per level.
    order = np.argsort(-scores, kind="stable")
    ordered, hits = scores[order], outcomes[order]
    true_positives, false_positives = np.cumsum(hits), np.cumsum(~hits)
    level_ends = np.flatnonzero(np.append(ordered[1:] != ordered[:-1], True))
    return (RocPoint(None, 0.0, 0.0),) + tuple(
        RocPoint(float(ordered[i]), float(false_positives[i] / negatives), float(true_positives[i] / positives))
        for i in level_ends
    )


def _calibration(scores: np.ndarray, outcomes: np.ndarray) -> tuple[tuple[CalibrationRow, ...], bool]:
    levels = np.unique(scores)
    if len(levels) <= MAX_LEVELS:
        return tuple(_calibration_row(scores == level, scores, outcomes) for level in levels), False
    # Quantile edges can repeat where many people share a score; np.unique keeps each bin
    # once, and a bin no score falls into is left out rather than shown empty.
    edges = np.unique(np.quantile(scores, np.linspace(0, 1, QUANTILE_BINS + 1)))
    bins = np.searchsorted(edges[1:-1], scores, side="left")
    return tuple(_calibration_row(bins == b, scores, outcomes) for b in np.unique(bins)), True


def _calibration_row(members: np.ndarray, scores: np.ndarray, outcomes: np.ndarray) -> CalibrationRow:
    n, hits = int(members.sum()), int(outcomes[members].sum())
    low, high = float(scores[members].min()), float(scores[members].max())
    interval = _stats().binomtest(hits, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return CalibrationRow(
        label=format_score(low) if low == high else f"{format_score(low)}–{format_score(high)}",
        low=low,
        high=high,
        n=n,
        outcomes=hits,
        observed_rate=hits / n,
        ci_low=float(interval.low),
        ci_high=float(interval.high),
    )


def _groups(
    columns: tuple[str, ...], used: list[Record], scores: np.ndarray, outcomes: np.ndarray, cut: float
) -> tuple[GroupRow, ...]:
    flagged = scores >= cut
    rows = [_group_row(None, None, flagged, outcomes)]
    for i, column in enumerate(columns):
        values = np.array([r.groups[i] for r in used], dtype=object)
        for value in sorted({v for v in values if v is not None}):
            members = values == value
            rows.append(_group_row(column, value, flagged[members], outcomes[members]))
    return tuple(rows)


def _group_row(column: str | None, value: str | None, flagged: np.ndarray, outcomes: np.ndarray) -> GroupRow:
    tp = int((flagged & outcomes).sum())
    fp = int((flagged & ~outcomes).sum())
    tn = int((~flagged & ~outcomes).sum())
    fn = int((~flagged & outcomes).sum())
    n = tp + fp + tn + fn
    return GroupRow(
        column=column,
        value=value,
        n=n,
        tp=tp,
        fp=fp,
        tn=tn,
        fn=fn,
        base_rate=(tp + fn) / n,
        false_positive_rate=_ratio(fp, fp + tn),
        false_negative_rate=_ratio(fn, fn + tp),
        positive_predictive_value=_ratio(tp, tp + fp),
    )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# Output ----------------------------------------------------------------------------------------


def format_score(value: float) -> str:
    """A score as people write it: 3 rather than 3.0, at most six decimals."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def exclusion_label(exclusion: Exclusion) -> str:
    if exclusion.reason == ExclusionReason.MISSING_SCORE:
        return _("Missing score (“%(column)s”): left out of every metric") % {"column": exclusion.column}
    if exclusion.reason == ExclusionReason.MISSING_OUTCOME:
        return _("Missing outcome (“%(column)s”): left out of every metric") % {"column": exclusion.column}
    return _("Missing group value (“%(column)s”): left out of the breakdown by this column") % {
        "column": exclusion.column
    }


CsvSection = tuple[str, list[str], Iterable[Sequence[object]]]


def report_to_csv(report: ValidationReport) -> str:
    """Every table of the report as sections of one CSV file: a title row, a header row, the
    rows, and an empty row between sections."""
    out = io.StringIO()
    writer = csv.writer(out)
    for title, header, rows in (
        _csv_summary(report),
        _csv_exclusions(report),
        _csv_calibration(report),
        _csv_groups(report),
        _csv_roc(report),
    ):
        writer.writerow([title])
        writer.writerow(header)
        writer.writerows([_cell(value) for value in row] for row in rows)
        writer.writerow([])
    return out.getvalue()


def _csv_summary(report: ValidationReport) -> CsvSection:
    chosen_as = _("median score") if report.threshold_is_median else _("given by the user")
    rows: list[list[object]] = [
        [_("Score column"), _text(report.score_column)],
        [_("Outcome column"), _text(report.outcome_column)],
        [_("Rows read"), report.rows_read],
        [_("Rows used"), report.n],
        [_("Rows excluded"), report.rows_excluded],
        [_("Outcomes"), report.positives],
        [_("Base rate"), report.base_rate],
        [_("AUC"), report.auc],
        [_("AUC standard error (DeLong)"), report.auc_se],
        [_("AUC 95% CI low"), report.auc_ci_low],
        [_("AUC 95% CI high"), report.auc_ci_high],
        [_("Threshold (score >= threshold predicts the outcome)"), report.threshold],
        [_("Threshold chosen as"), chosen_as],
    ]
    return _("Summary"), [_("Measure"), _("Value")], rows


def _csv_exclusions(report: ValidationReport) -> CsvSection:
    header = [_("Reason"), _("Column"), _("Rows"), _("Row numbers"), _("Description")]
    rows = (
        [e.reason.value, _text(e.column), e.count, " ".join(map(str, e.rows)), exclusion_label(e)]
        for e in report.excluded
    )
    return _("Excluded rows"), header, rows


def _csv_calibration(report: ValidationReport) -> CsvSection:
    header = [
        _("Score"),
        _("Lowest score"),
        _("Highest score"),
        "n",
        _("Outcomes"),
        _("Observed rate"),
        _("Wilson 95% CI low"),
        _("Wilson 95% CI high"),
    ]
    rows = (
        [row.label, row.low, row.high, row.n, row.outcomes, row.observed_rate, row.ci_low, row.ci_high]
        for row in report.calibration
    )
    return _("Calibration"), header, rows


def _csv_groups(report: ValidationReport) -> CsvSection:
    header = [
        _("Group column"),
        _("Group value"),
        "n",
        _("Base rate"),
        _("False positive rate"),
        _("False negative rate"),
        _("Positive predictive value"),
        "TP",
        "FP",
        "TN",
        "FN",
    ]
    rows = (
        [
            _text(row.column) if row.column is not None else _("all"),
            _text(row.value) if row.value is not None else _("all"),
            row.n,
            row.base_rate,
            row.false_positive_rate,
            row.false_negative_rate,
            row.positive_predictive_value,
            row.tp,
            row.fp,
            row.tn,
            row.fn,
        ]
        for row in report.groups
    )
    return _("Groups"), header, rows


def _csv_roc(report: ValidationReport) -> CsvSection:
    header = [_("Threshold"), _("False positive rate"), _("True positive rate")]
    rows = ([p.threshold, p.false_positive_rate, p.true_positive_rate] for p in report.roc)
    return _("ROC curve"), header, rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_score(value)
    return str(value)


def _text(value: str) -> str:
    # Column names and group values come from the uploaded file; a leading =, +, - or @ would
    # make a spreadsheet run the cell as a formula when the CSV is opened.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
