"""The pure rules of the security audit: scores, what a final audit needs, actions' urgency."""

from datetime import date

from custodia.securityaudits import rules
from custodia.securityaudits.rules import Rated


def test_a_score_is_the_share_of_what_applies_that_is_met_partly_met_counting_half():
    ratings = [
        Rated("a", "1", "met"),
        Rated("a", "2", "partly_met"),
        Rated("a", "3", "not_met"),
        Rated("a", "4", "not_applicable"),
    ]
    assert rules.score(ratings) == 50  # (1 + 0.5 + 0) / 3
    assert rules.score([Rated("a", "1", "met"), Rated("a", "2", "partly_met")]) == 75
    # Half a point rounds up: 2.5 of 4 is 63, 3.5 of 4 is 88.
    two_and_a_half = [
        Rated("a", "1", "met"),
        Rated("a", "2", "met"),
        Rated("a", "3", "partly_met"),
        Rated("a", "4", "not_met"),
    ]
    assert rules.score(two_and_a_half) == 63
    assert rules.score([*two_and_a_half[:3], Rated("a", "4", "met")]) == 88
    assert rules.score([Rated("a", "1", "not_applicable")]) is None
    assert rules.score([]) is None


def test_scores_by_area_name_every_area_even_one_with_nothing_rated():
    ratings = [Rated("physical", "1", "met"), Rated("dynamic", "2", "not_met")]
    assert rules.scores_by_area(["physical", "dynamic", "vep"], ratings) == {
        "physical": 100,
        "dynamic": 0,
        "vep": None,
    }


def test_an_audit_is_final_only_when_every_item_is_rated_with_evidence_and_actions():
    items = {"a1": "a", "a2": "a", "b1": "b", "b2": "b"}
    ratings = [
        Rated("a", "a1", "met"),
        Rated("a", "a2", "partly_met", "  "),
        Rated("b", "b1", "not_met", "Broken lock"),
    ]
    assert rules.finalise_problems(items, ratings, actions_for=[]) == {
        "unrated": ["b2"],
        "no_evidence": ["a2"],
        "no_action": ["b1"],
    }
    complete = [*ratings[:1], Rated("a", "a2", "partly_met", "Gaps"), ratings[2], Rated("b", "b2", "not_applicable")]
    assert rules.finalise_problems(items, complete, actions_for=["b1"]) == {}


def test_an_open_action_is_overdue_after_its_day_and_a_done_one_never():
    today = date(2026, 6, 1)
    assert rules.action_urgency("open", date(2026, 5, 31), today) == "overdue"
    assert rules.action_urgency("open", date(2026, 6, 10), today) == "due_soon"
    assert rules.action_urgency("open", date(2026, 9, 1), today) == "scheduled"
    assert rules.action_urgency("done", date(2026, 1, 1), today) == "done"


def test_the_change_between_audits_needs_both_scores():
    assert rules.change(80, 65) == 15
    assert rules.change(60, 75) == -15
    assert rules.change(None, 75) is None and rules.change(80, None) is None
