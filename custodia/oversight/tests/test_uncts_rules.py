"""The pure rules of the UN-CTS figures (oversight.rules): no database."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from custodia.oversight import rules
from custodia.oversight.choices import UnctsStatus
from custodia.register.choices import LegalStatus


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=day, hours=hour)


def test_the_reference_date_is_the_last_day_of_the_year_or_today():
    today = date(2026, 12, 7)
    assert rules.reference_date(2025, today) == date(2025, 12, 31)
    assert rules.reference_date(2026, today) == today
    with pytest.raises(ValueError):
        rules.reference_date(2027, today)


def test_legal_statuses_in_uncts_categories():
    assert rules.uncts_status(LegalStatus.PRE_TRIAL) == UnctsStatus.UNSENTENCED
    # Sentenced at first instance and appealing: sentenced for UN-CTS.
    assert rules.uncts_status(LegalStatus.UNDER_APPEAL) == UnctsStatus.SENTENCED
    assert rules.uncts_status(LegalStatus.CONVICTED) == UnctsStatus.SENTENCED
    assert rules.uncts_status(LegalStatus.CIVIL) == UnctsStatus.OTHER
    assert rules.uncts_status(None) == UnctsStatus.UNKNOWN


def test_the_status_on_a_day_is_the_last_change_in_force_then():
    changes = [(date(2025, 1, 10), 1, "pre_trial"), (date(2025, 6, 1), 3, "convicted"), (date(2025, 6, 1), 2, "x")]
    assert rules.status_on(changes, date(2025, 1, 9)) is None
    assert rules.status_on(changes, date(2025, 1, 10)) == "pre_trial"
    assert rules.status_on(changes, date(2025, 5, 31)) == "pre_trial"
    # Two changes on one day: the one recorded later holds.
    assert rules.status_on(changes, date(2025, 6, 1)) == "convicted"
    assert rules.changed_after(changes, date(2025, 5, 31)) and not rules.changed_after(changes, date(2025, 6, 1))


def test_awaiting_trial_unless_convicted_before_the_day():
    unsentenced = UnctsStatus.UNSENTENCED
    assert rules.awaiting_trial(unsentenced, convicted_offence=False, changed_since=False)
    assert not rules.awaiting_trial(unsentenced, convicted_offence=True, changed_since=False)
    # Convicted since the day: the conviction came with the later change of status.
    assert rules.awaiting_trial(unsentenced, convicted_offence=True, changed_since=True)
    assert not rules.awaiting_trial(UnctsStatus.SENTENCED, convicted_offence=False, changed_since=False)


def test_the_most_serious_offence_is_of_the_gravest_section():
    assert rules.most_serious_section(["0502", "0301", "0201"]) == "03"
    assert rules.most_serious_section(["0502", "09061"]) == "09"
    assert rules.most_serious_section(["0502", "0102"]) == "01"
    assert rules.most_serious_section(["99", ""]) == ""
    assert rules.most_serious_section([]) == ""


def test_juveniles_are_reckoned_on_the_day():
    day = date(2025, 12, 31)
    assert rules.is_juvenile(date(2008, 1, 1), None, day, 18)
    assert not rules.is_juvenile(date(2007, 12, 31), None, day, 18)
    assert rules.is_juvenile(None, 2008, day, 18) and not rules.is_juvenile(None, 2007, day, 18)
    assert not rules.is_juvenile(None, None, day, 18)


def test_month_ends_run_to_the_last_day():
    assert rules.month_ends(date(2025, 11, 1), date(2026, 2, 10)) == [
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2026, 1, 31),
        date(2026, 2, 10),
    ]
    assert rules.month_ends(date(2024, 2, 3), date(2024, 2, 29)) == [date(2024, 2, 29)]


def test_overlap_of_spans():
    assert rules.overlap((at(0), at(10)), (at(5), None)) == (at(5), at(10))
    assert rules.overlap((at(0), None), (at(5), None)) == (at(5), None)
    assert rules.overlap((at(0), at(5)), (at(5), at(9))) is None


def test_counts_at_each_moment_in_one_sweep():
    moments = [at(1), at(2), at(3)]
    spans = [
        (at(0), None, "a"),
        (at(0), at(2), "b"),  # holds at its end, not after
        (at(2), at(3, 1), "b"),  # a transfer at 2: the period beginning then counts from after it
        (at(1, 1), at(1, 2), "c"),  # between two moments: never counted
        (at(3), None, "d"),  # begins at the last moment: not yet held
    ]
    counts = rules.counts_at(spans, moments)
    assert counts == [Counter(a=1, b=1), Counter(a=1, b=1), Counter(a=1, b=1)]
    assert [sum(c.values()) for c in counts] == [sum(rules.held_at(s, e, m) for s, e, _k in spans) for m in moments]


def test_status_spans_follow_each_other():
    tz = UTC
    spans = rules.status_spans([(date(2025, 6, 1), 2, "convicted"), (date(2025, 1, 10), 1, "pre_trial")], tz)
    assert spans == [
        (datetime(2025, 1, 10, tzinfo=tz), datetime(2025, 6, 1, tzinfo=tz), "pre_trial"),
        (datetime(2025, 6, 1, tzinfo=tz), None, "convicted"),
    ]
    assert rules.end_of(date(2025, 12, 31), tz) == datetime(2026, 1, 1, tzinfo=tz)
