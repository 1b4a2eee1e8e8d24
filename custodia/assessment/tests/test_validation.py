"""Local validation metrics against values worked out by hand on a small table (no database)."""

import csv
import io
from math import sqrt

import pytest

from custodia.assessment.validation import (
    ExclusionReason,
    MissingColumnError,
    ValidationInputError,
    read_csv,
    report_to_csv,
    validate,
)

# Ten assessments. Outcome 1 = a serious incident followed.
#
#   row  score  outcome  sex  age
#     2      1        0    F  juvenile
#     3      1        0    M  adult
#     4      2        0    M  juvenile
#     5      2        1    F  adult
#     6      3        0    M  adult
#     7      3        1    M  adult
#     8      4        0    F  adult
#     9      4        1    M  adult
#    10      5        1    M  adult
#    11      5        1    F  adult
#
# Positives (outcome 1) x = 2, 3, 4, 5, 5 (n1 = 5); negatives y = 1, 1, 2, 3, 4 (n0 = 5).
#
# AUC: over the 25 (x, y) pairs, psi = 1 when x > y, 1/2 when tied, 0 when x < y.
#   x=2: beats 1, 1; ties 2            -> 2.5
#   x=3: beats 1, 1, 2; ties 3         -> 3.5
#   x=4: beats 1, 1, 2, 3; ties 4      -> 4.5
#   x=5: beats all five                -> 5
#   x=5: beats all five                -> 5
#   AUC = 20.5 / 25 = 0.82
#
# DeLong structural components:
#   V10 (per positive, sum / n0) = 0.5, 0.7, 0.9, 1.0, 1.0
#   V01 (per negative, share of positives above it, ties 1/2):
#     y=1: 5/5 = 1.0; y=1: 1.0; y=2: 4.5/5 = 0.9; y=3: 3.5/5 = 0.7; y=4: 2.5/5 = 0.5
#   Both average 0.82. Deviations -0.32, -0.12, 0.08, 0.18, 0.18: squares sum to 0.188,
#   so S10 = S01 = 0.188 / 4 = 0.047 (sample variance).
#   Var(AUC) = S10 / n1 + S01 / n0 = 0.047/5 + 0.047/5 = 0.0188; SE = sqrt(0.0188) = 0.137113
#   95% CI = 0.82 -+ 1.959964 * 0.137113 = 0.82 -+ 0.268737 = (0.551263, 1.088737) -> upper clipped to 1.
#
# Calibration (5 distinct scores: one row each, two rows per score):
#   score 1: 0/2 = 0.0; score 2: 1/2; score 3: 1/2; score 4: 1/2; score 5: 2/2 = 1.0
#   Wilson, z = 1.959964, n = 2: centre = (p + z²/2n) / (1 + z²/n), half width
#   = z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²); z²/n = 1.920729, 1 + z²/n = 2.920729.
#   p = 1/2: centre 1.460365/2.920729 = 0.5, half = 0.671060 * sqrt(0.125 + 0.240091) = 0.405469
#            -> (0.094531, 0.905469)
#   p = 0:   centre = half = 0.960365/2.920729 = 0.328810 -> (0, 0.657620)
#   p = 1:   by symmetry (0.342380, 1)
#
# Threshold 3 (score >= 3 predicts the outcome): rows 6-11 flagged.
#   all:  TP rows 7,9,10,11 = 4; FP rows 6,8 = 2; TN rows 2,3,4 = 3; FN row 5 = 1
#         base rate 5/10 = 0.5; FPR = 2/(2+3) = 0.4; FNR = 1/(1+4) = 0.2; PPV = 4/(4+2) = 2/3
#   F (rows 2,5,8,11): TP 11; FP 8; TN 2; FN 5 -> n 4, base 0.5, FPR 1/2, FNR 1/2, PPV 1/2
#   M (rows 3,4,6,7,9,10): TP 7,9,10 = 3; FP 6 = 1; TN 3,4 = 2; FN 0
#         -> n 6, base 0.5, FPR 1/3, FNR 0, PPV 3/4
#   adult (8 rows): TP 4, FP 2, TN 1 (row 3), FN 1 -> base 5/8, FPR 2/3, FNR 1/5, PPV 2/3
#   juvenile (rows 2,4: scores 1, 2, no outcome): TN 2 -> base 0, FPR 0,
#         FNR undefined (no positives), PPV undefined (nobody flagged)
#
# ROC (threshold from the top): (0,0); >=5: (0, 0.4); >=4: (0.2, 0.6); >=3: (0.4, 0.8);
#   >=2: (0.6, 1); >=1: (1, 1). Its trapezoids add up to 0 + 0.1 + 0.14 + 0.18 + 0.4 = 0.82.

TABLE = """score,outcome,sex,age
1,0,F,juvenile
1,0,M,adult
2,0,M,juvenile
2,1,F,adult
3,0,M,adult
3,1,M,adult
4,0,F,adult
4,1,M,adult
5,1,M,adult
5,1,F,adult
"""

Z = 1.959964


def report_of(text: str, *, score: str = "score", outcome: str = "outcome", groups=(), threshold=None):
    return validate(read_csv(io.StringIO(text), score=score, outcome=outcome, groups=groups), threshold=threshold)


@pytest.fixture
def report():
    return report_of(TABLE, groups=["sex", "age"], threshold=3)


def test_auc_and_delong_interval_by_hand(report):
    assert report.n == 10 and report.rows_read == 10 and report.positives == 5
    assert report.base_rate == pytest.approx(0.5)
    assert report.auc == pytest.approx(0.82)
    assert report.auc_se == pytest.approx(sqrt(0.0188))
    assert report.auc_ci_low == pytest.approx(0.82 - Z * sqrt(0.0188), abs=1e-6)
    assert report.auc_ci_low == pytest.approx(0.551263, abs=1e-6)
    assert report.auc_ci_high == 1.0  # 1.088737 clipped


def test_roc_points_by_hand(report):
    points = [(p.false_positive_rate, p.true_positive_rate) for p in report.roc]
    assert [p.false_positive_rate for p in report.roc] == pytest.approx([0, 0, 0.2, 0.4, 0.6, 1])
    assert [p.true_positive_rate for p in report.roc] == pytest.approx([0, 0.4, 0.6, 0.8, 1, 1])
    assert [p.threshold for p in report.roc] == [None, 5, 4, 3, 2, 1]
    area = sum((b[0] - a[0]) * (a[1] + b[1]) / 2 for a, b in zip(points, points[1:], strict=False))
    assert area == pytest.approx(report.auc)


def test_calibration_by_hand(report):
    assert not report.calibration_binned
    rows = [(r.label, r.n, r.outcomes, r.observed_rate) for r in report.calibration]
    assert rows == [("1", 2, 0, 0.0), ("2", 2, 1, 0.5), ("3", 2, 1, 0.5), ("4", 2, 1, 0.5), ("5", 2, 2, 1.0)]
    assert [r.ci_low for r in report.calibration] == pytest.approx(
        [0, 0.094531, 0.094531, 0.094531, 0.342380], abs=1e-6
    )
    assert [r.ci_high for r in report.calibration] == pytest.approx(
        [0.657620, 0.905469, 0.905469, 0.905469, 1], abs=1e-6
    )


def test_group_metrics_at_threshold_by_hand(report):
    assert report.threshold == 3 and not report.threshold_is_median
    table = {
        (r.column, r.value): (
            r.n,
            r.tp,
            r.fp,
            r.tn,
            r.fn,
            r.base_rate,
            r.false_positive_rate,
            r.false_negative_rate,
            r.positive_predictive_value,
        )
        for r in report.groups
    }
    assert list(table) == [(None, None), ("sex", "F"), ("sex", "M"), ("age", "adult"), ("age", "juvenile")]
    assert table[None, None] == pytest.approx((10, 4, 2, 3, 1, 0.5, 0.4, 0.2, 2 / 3))
    assert table["sex", "F"] == pytest.approx((4, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5))
    assert table["sex", "M"] == pytest.approx((6, 3, 1, 2, 0, 0.5, 1 / 3, 0.0, 0.75))
    assert table["age", "adult"] == pytest.approx((8, 4, 2, 1, 1, 5 / 8, 2 / 3, 0.2, 2 / 3))
    juvenile = table["age", "juvenile"]
    assert juvenile[:7] == pytest.approx((2, 0, 0, 2, 0, 0.0, 0.0))
    assert juvenile[7] is None and juvenile[8] is None  # no positives, nobody flagged


def test_median_is_the_default_threshold_and_is_said():
    report = report_of(TABLE)
    assert report.threshold == 3 and report.threshold_is_median
    assert "median score" in report_to_csv(report)


def test_missing_values_are_counted_by_reason_never_dropped_silently():
    text = TABLE + "\n".join(
        [
            ",1,F,adult",  # row 12: no score
            "2,,M,adult",  # row 13: no outcome
            ",,F,",  # row 14: nothing but the sex
            "4,1,,adult",  # row 15: no sex: still used, but not in the breakdown by sex
        ]
    )
    report = report_of(text, groups=["sex", "age"], threshold=3)
    assert report.rows_read == 14 and report.n == 11 and report.rows_excluded == 3
    excluded = {(e.reason, e.column): e.rows for e in report.excluded}
    assert excluded == {
        (ExclusionReason.MISSING_SCORE, "score"): (12, 14),
        (ExclusionReason.MISSING_OUTCOME, "outcome"): (13, 14),
        (ExclusionReason.MISSING_GROUP, "sex"): (15,),
        (ExclusionReason.MISSING_GROUP, "age"): (14,),
    }
    groups = {(r.column, r.value): r.n for r in report.groups}
    assert groups[None, None] == 11
    assert groups["sex", "F"] + groups["sex", "M"] == 10  # row 15 left out of this breakdown only
    assert groups["age", "adult"] + groups["age", "juvenile"] == 11


def test_tied_scores_count_one_half():
    # Positives 1, 2 against negative 1: pairs (1, 1) tie = 1/2, (2, 1) = 1 -> 1.5 / 2
    assert report_of("score,outcome\n1,1\n2,1\n1,0\n").auc == pytest.approx(0.75)
    everyone_tied = report_of("score,outcome\n2,1\n2,1\n2,0\n2,0\n")
    assert everyone_tied.auc == pytest.approx(0.5)
    # Every V10 and V01 equals 1/2: no spread, so the interval closes on the AUC.
    assert (everyone_tied.auc_ci_low, everyone_tied.auc_ci_high) == pytest.approx((0.5, 0.5))


def test_single_outcome_class_has_no_auc():
    report = report_of("score,outcome\n1,0\n2,0\n3,no\n")
    assert report.auc is None and report.auc_ci_low is None and report.auc_ci_high is None
    assert report.roc == ()
    assert report.groups[0].false_negative_rate is None


def test_single_row_in_a_class_gives_auc_without_interval():
    report = report_of("score,outcome\n1,0\n2,0\n3,1\n")
    assert report.auc == pytest.approx(1.0)
    assert report.auc_se is None and report.auc_ci_low is None


def test_outcome_spellings_are_accepted():
    dataset = read_csv(
        io.StringIO("score,outcome\n1,Yes\n2,NO\n3,True\n4,false\n5, 1 \n"), score="score", outcome="outcome"
    )
    assert [r.outcome for r in dataset.records] == [True, False, True, False, True]


def test_bad_outcome_names_row_and_column():
    with pytest.raises(ValidationInputError, match=r"Row 4, column “incident”: “2” is not an outcome"):
        read_csv(io.StringIO("score,incident\n1,0\n2,1\n3,2\n"), score="score", outcome="incident")


def test_bad_score_names_row_and_column():
    with pytest.raises(ValidationInputError, match=r"Row 3, column “total”: “high” is not a number"):
        read_csv(io.StringIO("total,outcome\n1,0\nhigh,1\n"), score="total", outcome="outcome")
    with pytest.raises(ValidationInputError, match=r"Row 2"):
        read_csv(io.StringIO("total,outcome\nnan,0\n"), score="total", outcome="outcome")


def test_missing_column_names_it_and_lists_the_columns():
    with pytest.raises(MissingColumnError) as error:
        read_csv(io.StringIO(TABLE), score="score", outcome="outcome", groups=["gender"])
    assert error.value.column == "gender"
    assert isinstance(error.value, ValueError)
    assert str(error.value) == "The file has no column “gender”. Its columns are: “score”, “outcome”, “sex”, “age”."


def test_semicolon_file_with_bom_and_decimal_commas():
    text = "\ufeffscore;outcome;sex\r\n1,5;0;F\r\n2,5;1;M\r\n"
    dataset = read_csv(io.StringIO(text, newline=""), score="score", outcome="outcome", groups=["sex"])
    assert [(r.row, r.score, r.outcome, r.groups) for r in dataset.records] == [
        (2, 1.5, False, ("F",)),
        (3, 2.5, True, ("M",)),
    ]


def test_row_with_too_many_values_is_refused():
    with pytest.raises(ValidationInputError, match="Row 3 has more values"):
        read_csv(io.StringIO("score,outcome\n1,0\n1,5,1\n"), score="score", outcome="outcome")


def test_empty_file_and_no_usable_row_are_explained():
    with pytest.raises(ValidationInputError, match="empty"):
        read_csv(io.StringIO(""), score="score", outcome="outcome")
    with pytest.raises(ValidationInputError, match="No row has both a score and an outcome"):
        report_of("score,outcome\n,1\n2,\n")


def test_many_distinct_scores_are_binned_by_quantile():
    rows = "\n".join(f"{score},{int(score >= 20)}" for score in range(40))
    report = report_of("score,outcome\n" + rows + "\n")
    assert report.calibration_binned
    assert len(report.calibration) == 10
    assert sum(r.n for r in report.calibration) == 40
    assert [r.label for r in report.calibration][:2] == ["0–3", "4–7"]
    # Contiguous, non-overlapping ranges covering every score.
    assert all(a.high < b.low for a, b in zip(report.calibration, report.calibration[1:], strict=False))


def test_csv_output_has_every_section():
    report = report_of(TABLE + ",1,F,\n", groups=["sex"], threshold=3)
    rows = list(csv.reader(io.StringIO(report_to_csv(report))))
    titles = [row[0] for i, row in enumerate(rows) if len(row) == 1 and (i == 0 or rows[i - 1] == [])]
    assert titles == ["Summary", "Excluded rows", "Calibration", "Groups", "ROC curve"]
    assert ["AUC", "0.82"] in rows
    assert ["AUC 95% CI high", "1"] in rows
    assert ["Threshold chosen as", "given by the user"] in rows
    assert rows[rows.index(["Excluded rows"]) + 2][:4] == ["missing_score", "score", "1", "12"]
    assert ["1", "1", "1", "2", "0", "0", "0", "0.65762"] in rows
    assert ["all", "all", "10", "0.5", "0.4", "0.2", "0.666667", "4", "2", "3", "1"] in rows
    assert ["sex", "M", "6", "0.5", "0.333333", "0", "0.75", "3", "1", "2", "0"] in rows


def test_csv_output_defuses_formulas_in_group_values():
    report = report_of("score,outcome,unit\n1,0,=HYPERLINK()\n2,1,B\n", groups=["unit"])
    assert "'=HYPERLINK()" in report_to_csv(report)
