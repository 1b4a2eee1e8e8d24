"""The day the sheet was given, and when it is late: plain rules."""

from datetime import date

from custodia.induction import rules


def test_the_sheet_is_given_from_the_admission_to_today():
    admitted, today = date(2026, 3, 2), date(2026, 3, 10)
    assert rules.given_on_problems(date(2026, 3, 2), admitted_on=admitted, today=today) == {}
    assert rules.given_on_problems(today, admitted_on=admitted, today=today) == {}
    assert rules.given_on_problems(date(2026, 3, 1), admitted_on=admitted, today=today) == {
        "given_on": "before_admission"
    }
    assert rules.given_on_problems(date(2026, 3, 11), admitted_on=admitted, today=today) == {"given_on": "in_future"}


def test_it_is_late_after_two_days():
    assert not rules.late(date(2026, 3, 2), date(2026, 3, 4))
    assert rules.late(date(2026, 3, 2), date(2026, 3, 5))
