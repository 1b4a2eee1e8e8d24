"""The pure rules of release planning: when planning opens, when follow-ups fall due, the outcome
window, and the pathway state machine."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from custodia.register.choices import LegalStatus
from custodia.reintegration import rules
from custodia.reintegration.choices import PathwayStatus, ShareSection
from custodia.reintegration.rules import Observation

INTERVALS = [1, 3, 6, 12]


def test_planning_opens_the_profiles_months_before_release():
    assert rules.planning_opens_on(release_on=date(2026, 8, 31), planning_months=6) == date(2026, 2, 28)
    due = dict(legal_status=LegalStatus.CONVICTED, release_on=date(2026, 9, 1), planning_months=6)
    assert not rules.planning_due(**due, today=date(2026, 2, 28))
    assert rules.planning_due(**due, today=date(2026, 3, 1))


def test_remand_and_people_without_a_release_date_are_never_due():
    assert not rules.planning_due(
        legal_status=LegalStatus.PRE_TRIAL, release_on=date(2026, 1, 1), planning_months=6, today=date(2027, 1, 1)
    )
    assert not rules.planning_due(
        legal_status=LegalStatus.CONVICTED, release_on=None, planning_months=6, today=date(2027, 1, 1)
    )


def test_follow_ups_fall_due_at_each_interval_after_release():
    dues = rules.follow_ups(released_on=date(2026, 1, 31), follow_up_months=[12, 1, 3, 6, 3])
    assert [(d.months, d.on) for d in dues] == [
        (1, date(2026, 2, 28)),
        (3, date(2026, 4, 30)),
        (6, date(2026, 7, 31)),
        (12, date(2027, 1, 31)),
    ]
    due = rules.follow_ups_due(
        released_on=date(2026, 1, 31), follow_up_months=INTERVALS, recorded=[1], until=date(2026, 7, 31)
    )
    assert [d.months for d in due] == [3, 6]


def test_reoffending_within_the_window_is_known_only_when_asked():
    assert rules.reoffended_within([Observation(3, False, True)], window_months=12) is True
    assert rules.reoffended_within([Observation(12, False, False)], window_months=12) is False
    # A new offence after the window is not an outcome within it; without the closing follow-up, unknown.
    assert rules.reoffended_within([Observation(24, True, False)], window_months=12) is None
    assert rules.reoffended_within([Observation(6, False, False)], window_months=12) is None
    assert rules.reoffended_within([Observation(12, None, False)], window_months=12) is None
    assert rules.reoffended_within([], window_months=12) is None


def test_shared_sections_keep_only_known_ones_in_order():
    assert rules.shared_sections(["sentence_plan", "housing", "accommodation"]) == [
        ShareSection.ACCOMMODATION,
        ShareSection.SENTENCE_PLAN,
    ]


def test_pathway_statuses():
    assert rules.next_statuses(PathwayStatus.NOT_STARTED) == ["in_progress", "resolved", "not_needed"]
    assert rules.next_statuses(PathwayStatus.RESOLVED) == ["in_progress"]


@given(release=st.dates(date(2000, 1, 1), date(2090, 1, 1)), months=st.integers(1, 36), today=st.dates())
def test_planning_is_due_exactly_from_its_opening_date(release, months, today):
    opens = rules.planning_opens_on(release_on=release, planning_months=months)
    assert opens < release
    due = rules.planning_due(
        legal_status=LegalStatus.CONVICTED, release_on=release, planning_months=months, today=today
    )
    assert due == (opens <= today)


@given(
    st.lists(
        st.builds(
            Observation,
            months=st.sampled_from(INTERVALS + [24]),
            new_offence=st.none() | st.booleans(),
            recalled=st.none() | st.booleans(),
        ),
        max_size=6,
    )
)
def test_an_outcome_is_never_no_while_a_yes_within_the_window_exists(observations):
    outcome = rules.reoffended_within(observations, window_months=12)
    found = any((o.new_offence or o.recalled) and o.months <= 12 for o in observations)
    assert (outcome is True) == found
    if outcome is False:
        assert any(o.months == 12 for o in observations)


@given(
    release=st.dates(date(2000, 1, 1), date(2090, 1, 1)),
    months=st.integers(1, 36),
    until=st.dates(date(2000, 1, 1), date(2090, 1, 1)),
)
def test_no_release_whose_planning_opens_by_a_day_lies_beyond_the_bound_the_lists_use(release, months, until):
    if rules.planning_opens_on(release_on=release, planning_months=months) <= until:
        assert release <= rules.latest_release_opening_by(until=until, planning_months=months)


def test_the_bound_is_reached_where_a_longer_month_is_clamped():
    """31 May opens on 28 February, three months before: by 28 February, although 28 May, three
    months after it, is three days earlier."""
    assert rules.planning_opens_on(release_on=date(2027, 5, 31), planning_months=3) == date(2027, 2, 28)
    assert rules.latest_release_opening_by(until=date(2027, 2, 28), planning_months=3) == date(2027, 5, 31)
