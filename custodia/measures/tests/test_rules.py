"""The pure rules of restrictive measures: solitary confinement (Rule 44), its 15-day limit with
breaks that do not restart the count (Rule 43), who may never be held so (Rule 45), and the days
without a health-care visit (Rule 46)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from custodia.measures import rules
from custodia.measures.rules import Period

D = date(2026, 3, 1)


def days(first: int, last: int) -> Period:
    return Period(D + timedelta(days=first), D + timedelta(days=last))


def test_twenty_two_hours_without_meaningful_contact_is_solitary():
    assert rules.is_solitary(22) and rules.is_solitary(24)
    assert not rules.is_solitary(21)


def test_a_short_break_does_not_restart_the_count():
    assert rules.solitary_run([days(0, 9)], break_days=7) == 10
    # One day out after ten days in: the count goes on (the day out is not counted).
    assert rules.solitary_run([days(0, 9), days(11, 19)], break_days=7) == 19
    # Eight days out after ten in: shorter than the ten days before it, the count goes on.
    assert rules.solitary_run([days(0, 9), days(18, 24)], break_days=7) == 17
    # Ten days out after ten in: the count starts again.
    assert rules.solitary_run([days(0, 9), days(20, 24)], break_days=7) == 5


def test_the_profile_break_applies_after_a_short_period():
    # Two days in, five out: shorter than the profile's seven, the count goes on.
    assert rules.solitary_run([days(0, 1), days(7, 9)], break_days=7) == 5
    assert rules.solitary_run([days(0, 1), days(9, 11)], break_days=7) == 3


def test_overlapping_periods_count_each_day_once():
    assert rules.solitary_run([days(0, 9), days(5, 11)], break_days=7) == 12
    assert rules.solitary_run([days(0, 9), days(2, 3)], break_days=7) == 10
    assert rules.solitary_run([], break_days=7) == 0


def test_more_than_fifteen_consecutive_days_is_refused():
    assert rules.prolonged_problem([], days(0, 14), break_days=7) is None
    problem = rules.prolonged_problem([], days(0, 15), break_days=7)
    assert problem is not None and "16 consecutive days" in problem
    assert rules.prolonged_problem([days(0, 9)], days(11, 16), break_days=7) is not None


def test_a_period_recorded_late_is_counted_in_the_run_it_falls_in_not_only_the_latest():
    # Ten days, then a run of five after a long break: five days recorded late just after the
    # first ten make sixteen consecutive days, though the latest run is still five days.
    assert rules.solitary_runs([days(0, 9), days(40, 44)], break_days=7) == [
        (D + timedelta(days=9), 10),
        (D + timedelta(days=44), 5),
    ]
    assert rules.solitary_run([days(0, 9), days(40, 44), days(10, 15)], break_days=7) == 5
    problem = rules.prolonged_problem([days(0, 9), days(40, 44)], days(10, 15), break_days=7)
    assert problem is not None and "16 consecutive days" in problem
    # An earlier run that the new period does not reach is not its concern.
    assert rules.prolonged_problem([days(0, 9), days(40, 44)], days(46, 50), break_days=7) is None


@given(
    st.lists(st.tuples(st.integers(0, 120), st.integers(0, 20)), max_size=12),
    st.integers(1, 30),
)
def test_the_run_is_never_more_than_the_days_in_solitary_nor_less_than_the_last_period(spans, break_days):
    periods = [days(first, first + length) for first, length in spans]
    run = rules.solitary_run(periods, break_days=break_days)
    covered = {p.first + timedelta(days=n) for p in periods for n in range(p.days)}
    assert run <= len(covered)
    if periods:
        last = max(periods, key=lambda p: (p.last, -p.days))
        assert run >= min(p.days for p in periods if p.last == last.last)


def test_who_may_never_be_held_in_solitary_confinement():
    assert rules.solitary_eligibility_problems(sex="male", age=30, juvenile_age=18, worsened=False) == []
    assert len(rules.solitary_eligibility_problems(sex="female", age=30, juvenile_age=18, worsened=False)) == 1
    assert len(rules.solitary_eligibility_problems(sex="male", age=17, juvenile_age=18, worsened=False)) == 1
    assert len(rules.solitary_eligibility_problems(sex="male", age=40, juvenile_age=18, worsened=True)) == 1
    assert len(rules.solitary_eligibility_problems(sex="female", age=16, juvenile_age=18, worsened=True)) == 3


def test_each_measure_problem_is_named():
    ok = dict(
        starts_on=D, ends_on=D + timedelta(days=3), today=D, legal_basis="Prisons Act s. 80", reason="Threats", hours=12
    )
    assert rules.measure_problems(**ok) == {}
    assert set(rules.measure_problems(**{**ok, "legal_basis": " ", "reason": ""})) == {"legal_basis", "reason"}
    assert set(rules.measure_problems(**{**ok, "ends_on": None})) == {"ends_on"}
    assert set(rules.measure_problems(**{**ok, "ends_on": D - timedelta(days=1)})) == {"ends_on"}
    assert set(
        rules.measure_problems(**{**ok, "starts_on": D + timedelta(days=1), "ends_on": D + timedelta(days=2)})
    ) == {"starts_on"}
    assert set(rules.measure_problems(**{**ok, "hours": 25})) == {"hours_without_contact"}


def test_days_without_a_health_visit():
    missed = rules.days_without_visit(first=D, last=D + timedelta(days=3), visited={D, D + timedelta(days=2)})
    assert missed == [D + timedelta(days=1), D + timedelta(days=3)]
    assert rules.review_due_on(starts_on=D, last_review_on=None, interval_days=7) == D + timedelta(days=7)
