"""The compliance monitor's pure rules: scores, capacity, Rule 7 gaps, Bangkok Rule 3."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from custodia.assessment.rules import next_due
from custodia.induction.rules import DUE_WITHIN_DAYS
from custodia.induction.rules import late as induction_late
from custodia.oversight.compliance.base import Tally
from custodia.oversight.compliance.rules import (
    AdmissionFacts,
    AdmissionGap,
    admission_gaps,
    beyond_capacity,
    child_whereabouts_missing,
    late_if_admitted_before,
    measure_past_limits,
    score,
    separated_in_breach,
)
from custodia.placement.rules import Categories
from custodia.plans.rules import first_plan_due


def test_score_is_the_share_not_short_in_percent() -> None:
    assert score(Tally(checked=8, short=2)) == 75.0
    assert score(Tally(checked=3, short=1)) == 66.7
    assert score(Tally(checked=5, short=0)) == 100.0
    assert score(Tally(checked=5, short=5)) == 0.0


def test_nothing_checked_has_no_score_rather_than_full_marks() -> None:
    assert score(Tally(checked=0, short=0)) is None


@pytest.mark.parametrize("tally", [Tally(checked=2, short=3), Tally(checked=2, short=-1)])
def test_a_check_that_counts_more_short_than_checked_fails_loudly(tally: Tally) -> None:
    with pytest.raises(ValueError):
        score(tally)


def test_beyond_capacity() -> None:
    assert beyond_capacity(held=120, capacity=100) == 20
    assert beyond_capacity(held=80, capacity=100) == 0
    assert beyond_capacity(held=3, capacity=0) == 3


@pytest.mark.parametrize("ago", range(0, 70))
def test_late_after_admission_agrees_with_the_modules_own_rules(ago: int) -> None:
    """The day before which an admission makes something late is the day the induction, the
    assessment worklist and the sentence plans worklist each make it late."""
    today = date(2026, 3, 10)
    admitted_on = today - timedelta(days=ago)
    assert (admitted_on < late_if_admitted_before(today, DUE_WITHIN_DAYS)) == induction_late(admitted_on, today)
    first = next_due(
        admitted_on=admitted_on, first_days=30, interval_days=365, last_final_on=None, trigger_days={}, triggers=[]
    )
    assert (admitted_on < late_if_admitted_before(today, 30)) == (first.on < today)
    plan = first_plan_due(legal_status="convicted", admitted_on=admitted_on, first_plan_days=60)
    assert plan is not None
    assert (admitted_on < late_if_admitted_before(today, 60)) == (plan.on < today)


COMPLETE = AdmissionFacts(
    has_photograph=True,
    commitment=("High Court", "CO-1", "Remanded"),
    arrested_at_known=True,
    arrest_place="Kampala",
    property_items=2,
    family_members=1,
)


def test_a_complete_admission_lacks_nothing() -> None:
    assert admission_gaps(COMPLETE) == ()


@pytest.mark.parametrize(
    ("change", "gap"),
    [
        ({"has_photograph": False}, AdmissionGap.PHOTOGRAPH),
        ({"commitment": ("High Court", " ", "Remanded")}, AdmissionGap.COMMITMENT),
        ({"arrested_at_known": False}, AdmissionGap.ARREST),
        ({"arrest_place": ""}, AdmissionGap.ARREST),
        ({"property_items": 0}, AdmissionGap.PROPERTY),
        ({"family_members": 0}, AdmissionGap.CONTACT),
    ],
)
def test_each_gap_is_named(change: dict[str, object], gap: AdmissionGap) -> None:
    assert admission_gaps(replace(COMPLETE, **change)) == (gap,)  # type: ignore[arg-type]


def test_gaps_come_in_the_rule_order() -> None:
    nothing = AdmissionFacts(False, ("", "", ""), False, "", 0, 0)
    assert admission_gaps(nothing) == tuple(AdmissionGap)


def test_a_child_without_whereabouts_falls_short() -> None:
    assert child_whereabouts_missing(["with her sister in Gulu", "  "])
    assert not child_whereabouts_missing(["with her sister in Gulu"])
    assert not child_whereabouts_missing([])


MAN = Categories(sex="male", juvenile=False, legal="untried")
CONVICTED_MAN = Categories(sex="male", juvenile=False, legal="convicted")
WOMAN = Categories(sex="female", juvenile=False, legal="untried")


def test_separation_breach_names_both_sides_of_a_mixed_unit() -> None:
    occupants = [(1, 10, MAN), (2, 10, CONVICTED_MAN), (3, 10, MAN), (4, 20, WOMAN), (5, 20, WOMAN)]
    assert separated_in_breach(occupants, set()) == {1, 2, 3}


def test_one_exception_covers_the_pair_but_only_in_its_unit_and_part_of_the_rule() -> None:
    occupants = [(1, 10, MAN), (2, 10, CONVICTED_MAN)]
    assert separated_in_breach(occupants, {(2, 10, "11b")}) == set()
    assert separated_in_breach(occupants, {(2, 99, "11b")}) == {1, 2}  # granted for another unit
    assert separated_in_breach(occupants, {(2, 10, "11a")}) == {1, 2}  # another part of the rule


def test_an_exception_on_one_side_leaves_the_others_of_that_side_in_breach() -> None:
    occupants = [(1, 10, MAN), (2, 10, CONVICTED_MAN), (3, 10, CONVICTED_MAN)]
    assert separated_in_breach(occupants, {(2, 10, "11b")}) == {1, 3}


@pytest.mark.parametrize(
    ("facts", "past"),
    [
        ({"solitary": True, "run_days": 15}, False),
        ({"solitary": True, "run_days": 16}, True),
        ({"solitary": False, "run_days": 30}, False),  # not solitary: no 15-day limit
        ({"solitary": True, "run_days": 1, "may_not_apply": True}, True),
        ({"solitary": False, "run_days": 0, "may_not_apply": True}, False),
        ({"solitary": False, "run_days": 0, "ends_on": date(2026, 3, 9)}, True),  # planned end passed
        ({"solitary": False, "run_days": 0, "ends_on": date(2026, 3, 10)}, False),  # ends today
    ],
)
def test_measure_past_limits(facts: dict[str, object], past: bool) -> None:
    values = {"may_not_apply": False, "ends_on": date(2026, 4, 1), "today": date(2026, 3, 10), **facts}
    assert measure_past_limits(**values) is past  # type: ignore[arg-type]
