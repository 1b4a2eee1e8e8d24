"""The pure rules of incident reports."""

import pytest

from custodia.core.workflow import TransitionRefused, check_transition
from custodia.incidents import rules
from custodia.incidents.rules import Asked, Involved


def test_a_report_goes_draft_review_closed_or_back():
    check_transition(rules.ALLOWED_PREVIOUS, "draft", "awaiting_review")
    check_transition(rules.ALLOWED_PREVIOUS, "awaiting_review", "returned")
    check_transition(rules.ALLOWED_PREVIOUS, "returned", "awaiting_review")
    check_transition(rules.ALLOWED_PREVIOUS, "awaiting_review", "closed")
    for new in ("duplicate", "not_reportable"):
        check_transition(rules.ALLOWED_PREVIOUS, "awaiting_review", new)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("draft", "closed"),
        ("closed", "awaiting_review"),
        ("closed", "returned"),
        ("duplicate", "closed"),
        ("draft", "duplicate"),
    ],
)
def test_no_step_is_skipped_and_a_closed_report_stays_closed(current, new):
    with pytest.raises(TransitionRefused):
        check_transition(rules.ALLOWED_PREVIOUS, current, new)


def test_set_aside_and_drafts_are_not_counted():
    assert rules.COUNTED == {"awaiting_review", "returned", "closed"}


def test_only_perpetrators_of_a_serious_incident_are_due_for_reassessment():
    people = [
        Involved(1, "perpetrator"),
        Involved(2, "victim"),
        Involved(3, "witness"),
        Involved(None, "staff"),
        Involved(4, "perpetrator"),
    ]
    assert rules.reassessment_due_for(serious=True, involved=people) == [1, 4]
    assert rules.reassessment_due_for(serious=False, involved=people) == []


def test_force_or_an_injury_on_a_person_in_custody_calls_for_an_examination():
    assert rules.needs_examination(Involved(1, "victim", injuries="Cut lip"))
    assert rules.needs_examination(Involved(1, "perpetrator", force_technique="holds"))
    assert not rules.needs_examination(Involved(1, "witness", injuries="  "))
    assert not rules.needs_examination(Involved(None, "staff", injuries="Bruised arm"))


def test_answers_are_checked_against_the_questions_asked():
    asked = [
        Asked("weapon", "yes_no"),
        Asked("count", "number"),
        Asked("where", "choice", ("prison", "escort")),
        Asked("note", "text"),
    ]
    kept, problems = rules.clean_answers(
        asked, {"weapon": "yes", "count": "3", "where": "escort", "note": "  x ", "extra": "1"}
    )
    assert kept == {"weapon": True, "count": 3, "where": "escort", "note": "x"}
    assert problems == {"extra": "unknown_question"}
    kept, problems = rules.clean_answers(asked, {"weapon": "perhaps", "count": "-1", "where": "moon", "note": ""})
    assert kept == {}
    assert problems == {"weapon": "not_yes_or_no", "count": "not_a_number", "where": "not_an_option"}
