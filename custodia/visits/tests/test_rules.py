"""The pure rules of visits: entitlement arithmetic, what counts, the days of sessions and every
refusal reason from plain data."""

from datetime import date, time

from custodia.visits import rules
from custodia.visits.rules import Attempt, Reason, Visitor

PER_MONTH = {"unclassified": 4, "low": 6, "high": 2}


def _entitlement(kind: str = "in_person", level: str | None = None, mother: bool = False) -> rules.Entitlement:
    return rules.entitlement(
        kind=kind,
        level=level,
        per_month=PER_MONTH,
        video_calls_per_month=3,
        mother_extra_per_month=2,
        mother=mother,
    )


def test_visits_by_level_unclassified_before_a_decision():
    assert _entitlement(level=None).allowed == 4
    assert _entitlement(level="low").allowed == 6
    assert _entitlement(level="high").allowed == 2
    assert _entitlement(level="unknown-level").allowed == 4


def test_video_calls_are_the_same_for_every_level():
    assert _entitlement("video", "high").allowed == 3
    assert _entitlement("video", "low").allowed == 3


def test_a_mother_has_the_extra_shown_as_its_own_part():
    ent = _entitlement(level="high", mother=True)
    assert (ent.base, ent.mother_extra, ent.allowed) == (2, 2, 4)
    assert _entitlement("video", mother=True).allowed == 5


def test_a_mother_is_a_woman_with_a_child_under_the_age():
    today = date(2026, 6, 1)
    assert rules.is_mother("female", [2020], today, 18)
    assert not rules.is_mother("female", [2000], today, 18)
    assert not rules.is_mother("female", [], today, 18)
    assert not rules.is_mother("male", [2020], today, 18)
    assert rules.is_mother("female", [None], today, 18)  # the year not recorded: counted
    assert not rules.is_mother("female", [2020], today, 5)


def test_what_counts_against_the_entitlement():
    assert rules.counts_against_entitlement("booked", False, False)
    assert rules.counts_against_entitlement("completed", False, False)
    assert not rules.counts_against_entitlement("completed", True, False)  # Rule 61
    assert not rules.counts_against_entitlement("completed", False, True)  # failed call
    assert not rules.counts_against_entitlement("cancelled", False, False)
    assert not rules.counts_against_entitlement("refused", False, False)
    assert rules.same_kind("in_person", "closed") and not rules.same_kind("video", "closed")


def test_sessions_fall_on_the_profile_days():
    days = rules.session_days(date(2026, 6, 1), date(2026, 6, 14), ["tue", "sat"])  # 1 June 2026 is a Monday
    assert days == [date(2026, 6, 2), date(2026, 6, 6), date(2026, 6, 9), date(2026, 6, 13)]


def test_session_hours_and_places():
    opens, closes = time(9), time(16)
    assert rules.session_problems(time(10), time(11), opens, closes, 4) == {}
    assert rules.session_problems(time(11), time(10), opens, closes, 4) == {"ends_at": "ends_before_start"}
    assert rules.session_problems(time(8), time(10), opens, closes, 4) == {"starts_at": "outside_hours"}
    assert rules.session_problems(time(15), time(17), opens, closes, 0) == {
        "starts_at": "outside_hours",
        "capacity": "no_places",
    }
    assert rules.overlaps((date(2026, 6, 2), time(10), time(11)), (date(2026, 6, 2), time(10, 30), time(12)))
    assert not rules.overlaps((date(2026, 6, 2), time(10), time(11)), (date(2026, 6, 2), time(11), time(12)))
    assert not rules.overlaps((date(2026, 6, 2), time(10), time(11)), (date(2026, 6, 3), time(10), time(11)))


MOTHER = Visitor(1, "Amina", approved=True, restricted=False)


def _attempt(**changes: object) -> Attempt:
    base: dict[str, object] = {
        "kind": "in_person",
        "open": True,
        "held_here": True,
        "capacity": 4,
        "booked": 1,
        "person_busy": False,
        "visitors": [MOTHER],
        "used": 0,
        "allowed": 4,
    }
    return Attempt(**{**base, **changes})  # type: ignore[arg-type]


def test_a_clean_attempt_books():
    assert rules.refusal_reasons(_attempt()) == []


def test_each_reason_alone():
    cases = {
        "session_closed": {"open": False},
        "not_held_here": {"held_here": False},
        "session_full": {"booked": 4},
        "person_double": {"person_busy": True},
        "no_visitor": {"visitors": []},
        "entitlement_used": {"used": 4},
    }
    for code, changes in cases.items():
        assert rules.refusal_reasons(_attempt(**changes)) == [Reason(code)], code


def test_visitor_reasons_name_the_visitor():
    banned = Visitor(2, "Omar", approved=True, restricted=True)
    unapproved = Visitor(3, "Sara", approved=False, restricted=False, busy=True)
    assert rules.refusal_reasons(_attempt(visitors=[MOTHER, banned, unapproved])) == [
        Reason("visitor_banned", 2),
        Reason("visitor_not_approved", 3),
        Reason("visitor_double", 3),
    ]


def test_every_reason_at_once_in_a_stable_order():
    reasons = rules.refusal_reasons(_attempt(open=False, booked=4, person_busy=True, used=9, non_associated=[7, 8]))
    assert [r.code for r in reasons] == [
        "session_closed",
        "session_full",
        "person_double",
        "entitlement_used",
        "non_association",
        "non_association",
    ]
    assert reasons[-1].about == 8


def test_a_legal_adviser_never_counts_against_the_entitlement():
    lawyer = Visitor(5, "Maître Diallo", approved=True, restricted=False, confidential=True)
    assert rules.refusal_reasons(_attempt(visitors=[lawyer], used=4)) == []
    # With a family member too the visit is not confidential and counts.
    assert rules.refusal_reasons(_attempt(visitors=[lawyer, MOTHER], used=4)) == [Reason("entitlement_used")]


def test_children_visit_in_a_child_friendly_room():
    child = Visitor(6, "Nour", approved=True, restricted=False, child=True)
    assert rules.refusal_reasons(_attempt(visitors=[MOTHER, child])) == [Reason("children_room")]
    assert rules.refusal_reasons(_attempt(visitors=[MOTHER, child], child_friendly=True)) == []
    assert rules.refusal_reasons(_attempt(kind="video", visitors=[MOTHER, child])) == []
