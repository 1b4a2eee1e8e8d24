"""Pure rules of programmes: eligibility, the venue, capacity, the waiting list's order, attendance
marks and weekly sessions."""

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from custodia.programmes import rules
from custodia.programmes.choices import ParticipationStatus, ProgrammeKind

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def test_an_empty_eligibility_is_open_to_all():
    assert rules.eligibility_refusals(rules.Eligibility(), rules.Candidate("female", "pre_trial", None)) == []


def test_each_eligibility_refusal_is_named():
    eligibility = rules.Eligibility(sexes=("male",), levels=("low",), legal_statuses=("convicted",))
    refusals = rules.eligibility_refusals(eligibility, rules.Candidate("female", "pre_trial", "high"))
    assert len(refusals) == 3
    assert "sex" in refusals[0] and "classification level" in refusals[1] and "legal status" in refusals[2]
    no_level = rules.eligibility_refusals(
        rules.Eligibility(levels=("low",)), rules.Candidate("male", "convicted", None)
    )
    assert no_level == ["The programme is open to some classification levels only: no level is approved yet."]


def test_the_venue_must_suit_the_approved_classification():
    venue = rules.Venue("Block A", "maximum", "Maximum", suited_levels=("low", "medium"), level_label="Low")
    assert "Block A" in rules.venue_refusal(venue)
    assert rules.venue_refusal(rules.Venue("Block A", "low", "Low", suited_levels=("low",))) is None
    assert rules.venue_refusal(rules.Venue("Block A", "maximum", "Maximum", suited_levels=None)) is None
    assert rules.venue_refusal(None) is None


def test_capacity():
    assert rules.capacity_refusal(allocated=9, capacity=10) is None
    assert "10 of 10" in rules.capacity_refusal(allocated=10, capacity=10)


def test_the_waiting_list_puts_assessed_needs_first_then_time_waited():
    entries = [
        rules.Waiting(1, rules.NO_OBJECTIVE, False, T0),
        rules.Waiting(2, rules.ADDED_NEED, False, T0),
        rules.Waiting(3, rules.ASSESSED_NEED, False, T0 + timedelta(days=5)),
        rules.Waiting(4, rules.ASSESSED_NEED, False, T0),
    ]
    assert [e.key for e in rules.waiting_order(entries, kind=ProgrammeKind.EDUCATION)] == [4, 3, 2, 1]


def test_people_linked_to_violent_extremism_come_first_only_for_a_disengagement_intervention():
    entries = [
        rules.Waiting(1, rules.ASSESSED_NEED, False, T0),
        rules.Waiting(2, rules.ASSESSED_NEED, True, T0 + timedelta(days=1)),
    ]
    assert [e.key for e in rules.waiting_order(entries, kind=ProgrammeKind.DISENGAGEMENT)] == [2, 1]
    assert [e.key for e in rules.waiting_order(entries, kind=ProgrammeKind.EDUCATION)] == [1, 2]


def test_need_of_an_objective():
    assert rules.need_of("proposed") == rules.ASSESSED_NEED
    assert rules.need_of("added") == rules.ADDED_NEED
    assert rules.need_of(None) == rules.NO_OBJECTIVE


waiting = st.builds(
    rules.Waiting,
    key=st.integers(1, 10_000),
    need=st.sampled_from([rules.ASSESSED_NEED, rules.ADDED_NEED, rules.NO_OBJECTIVE]),
    vep=st.booleans(),
    referred_at=st.integers(0, 1000).map(lambda d: T0 + timedelta(days=d)),
)


@given(st.lists(waiting, unique_by=lambda w: w.key, max_size=30), st.sampled_from(ProgrammeKind.values), st.randoms())
def test_the_waiting_list_order_is_total_and_fair(entries, kind, random):
    order = rules.waiting_order(entries, kind=kind)
    shuffled = list(entries)
    random.shuffle(shuffled)
    assert rules.waiting_order(shuffled, kind=kind) == order  # whatever order they were read in
    for first, second in zip(order, order[1:], strict=False):
        # Within the same need (and the same VEP priority where it applies), the longer wait goes first.
        same_tier = first.need == second.need and (kind != ProgrammeKind.DISENGAGEMENT or first.vep == second.vep)
        if same_tier:
            assert first.referred_at <= second.referred_at
        assert first.need <= second.need
    if kind != ProgrammeKind.DISENGAGEMENT:
        flipped = [rules.Waiting(e.key, e.need, not e.vep, e.referred_at) for e in entries]
        assert [e.key for e in rules.waiting_order(flipped, kind=kind)] == [e.key for e in order]


def test_an_absence_needs_its_reason():
    assert rules.mark_problem("absent", "  ")
    assert rules.mark_problem("absent", "At court") is None
    assert rules.mark_problem("present", "") is None
    assert rules.mark_problem("asleep", "")


@given(st.dates(date(2024, 1, 1), date(2030, 1, 1)), st.sets(st.integers(0, 6), min_size=1), st.integers(1, 10))
def test_weekly_sessions(first_day, weekdays, weeks):
    starts = rules.weekly_starts(first_day=first_day, weekdays=weekdays, at=time(10), weeks=weeks)
    assert len(starts) == len(weekdays) * weeks
    assert all(day.weekday() in weekdays and first_day <= day < first_day + timedelta(weeks=weeks) for day, _ in starts)
    assert starts == sorted(starts)


def test_the_way_of_a_participation():
    assert set(rules.next_statuses(ParticipationStatus.REFERRED)) == {
        "allocated",
        "declined",
        "removed",
        "transferred",
        "left_custody",
    }
    assert rules.next_statuses(ParticipationStatus.COMPLETED) == []
    assert rules.median([3, 1, 2]) == 2 and rules.median([1, 2, 3, 4]) == 2.5 and rules.median([]) is None


def test_religious_counselling_work_and_sport_never_count_for_classification():
    for kind in (ProgrammeKind.RELIGIOUS, ProgrammeKind.WORK, ProgrammeKind.SPORT, ProgrammeKind.FAMILY):
        assert kind not in rules.COUNTS_FOR_CLASSIFICATION
