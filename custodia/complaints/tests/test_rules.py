from datetime import date

import pytest

from custodia.complaints import rules
from custodia.complaints.choices import Addressee, Kind, Outcome, Status

DIRECTOR = rules.Actor(answers=True, refers=True, records=True, at_prison=True)
OTHER_DIRECTOR = rules.Actor(answers=True, refers=True, records=True, at_prison=False)
HQ = rules.Actor(answers=True, refers=True, nationwide=True, at_prison=True)
INSPECTOR = rules.Actor(confidential=True, refers=True, nationwide=True, at_prison=True)
WING = rules.Actor(records=True, at_prison=True)


def test_deadlines_count_from_the_day_it_was_made():
    assert rules.answer_due(date(2026, 1, 30), 14) == date(2026, 2, 13)
    assert rules.referral_due(date(2026, 1, 30), 2) == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        (Status.OPEN, date(2026, 2, 13), False),
        (Status.OPEN, date(2026, 2, 14), True),
        (Status.ANSWERED, date(2026, 3, 1), False),
        (Status.APPEALED, date(2026, 3, 1), False),
        (Status.APPEALED, date(2026, 3, 2), True),
        (Status.CLOSED, date(2027, 1, 1), False),
    ],
)
def test_overdue(status, today, overdue):
    assert rules.is_overdue(status, date(2026, 2, 13), date(2026, 3, 1), today) is overdue


def test_referral_states():
    made = date(2026, 1, 1)
    assert rules.referral_state(made, None, 2, date(2026, 1, 3)) == rules.PENDING
    assert rules.referral_state(made, None, 2, date(2026, 1, 4)) == rules.MISSING
    assert rules.referral_state(made, date(2026, 1, 3), 2, date(2026, 2, 1)) == rules.ON_TIME
    assert rules.referral_state(made, date(2026, 1, 4), 2, date(2026, 2, 1)) == rules.LATE


def test_outcomes_fit_the_kind():
    assert rules.outcome_fits(Kind.REQUEST, Outcome.GRANTED)
    assert not rules.outcome_fits(Kind.REQUEST, Outcome.UPHELD)
    assert rules.outcome_fits(Kind.COMPLAINT, Outcome.PARTLY_UPHELD)
    assert not rules.outcome_fits(Kind.COMPLAINT, Outcome.NOT_GRANTED)


def facts(addressee=Addressee.DIRECTOR, status=Status.OPEN, allegation=False, referred=False):
    return rules.Facts(addressee, status, allegation, referred)


def test_who_answers_what():
    assert rules.answer_refusal(DIRECTOR, facts()) is None
    assert rules.answer_refusal(OTHER_DIRECTOR, facts()) == "not_director"
    assert rules.answer_refusal(HQ, facts()) == "not_director"
    assert rules.answer_refusal(WING, facts()) == "not_director"
    assert rules.answer_refusal(HQ, facts(Addressee.HEADQUARTERS)) is None
    assert rules.answer_refusal(DIRECTOR, facts(Addressee.HEADQUARTERS)) == "not_headquarters"
    assert rules.answer_refusal(INSPECTOR, facts(Addressee.INSPECTION)) is None
    assert rules.answer_refusal(HQ, facts(Addressee.INSPECTION)) == "not_inspection_body"
    assert rules.answer_refusal(DIRECTOR, facts(status=Status.ANSWERED)) == "not_open"


def test_appeal_goes_to_headquarters_against_the_directors_answer():
    assert rules.appeal_refusal(WING, facts(status=Status.ANSWERED)) is None
    assert rules.appeal_refusal(WING, facts(status=Status.OPEN)) == "not_answered"
    assert rules.appeal_refusal(WING, facts(Addressee.HEADQUARTERS, Status.ANSWERED)) == "not_appealable"
    assert rules.appeal_refusal(HQ, facts(status=Status.ANSWERED)) == "not_recorder"
    assert rules.appeal_answer_refusal(HQ, facts(status=Status.APPEALED)) is None
    assert rules.appeal_answer_refusal(DIRECTOR, facts(status=Status.APPEALED)) == "not_headquarters"
    assert rules.appeal_answer_refusal(HQ, facts(status=Status.ANSWERED)) == "not_appealed"


def test_referral():
    allegation = facts(allegation=True)
    assert rules.refer_refusal(DIRECTOR, allegation) is None
    assert rules.refer_refusal(HQ, allegation) is None
    assert rules.refer_refusal(OTHER_DIRECTOR, allegation) == "not_referrer"
    assert rules.refer_refusal(WING, allegation) == "not_referrer"
    assert rules.refer_refusal(DIRECTOR, facts()) == "not_allegation"
    assert rules.refer_refusal(DIRECTOR, facts(allegation=True, referred=True)) == "already_referred"
    assert rules.refer_refusal(HQ, facts(status=Status.CLOSED, allegation=True)) == "closed"
    assert rules.refer_refusal(HQ, facts(Addressee.INSPECTION, allegation=True)) == "not_inspection_body"
    assert rules.refer_refusal(INSPECTOR, facts(Addressee.INSPECTION, allegation=True)) is None


def test_an_allegation_is_never_closed_by_the_prison_it_concerns():
    referred = facts(status=Status.ANSWERED, allegation=True, referred=True)
    assert rules.close_refusal(DIRECTOR, referred) == "not_by_prison"
    assert rules.close_refusal(WING, referred) == "not_by_prison"
    assert rules.close_refusal(HQ, referred) is None
    assert rules.close_refusal(INSPECTOR, referred) is None


def test_an_allegation_is_closed_only_once_referred():
    assert rules.close_refusal(HQ, facts(allegation=True)) == "no_referral"
    assert rules.close_refusal(INSPECTOR, facts(allegation=True)) == "no_referral"
    assert rules.close_refusal(HQ, facts(Addressee.INSPECTION, allegation=True, referred=True)) == (
        "not_inspection_body"
    )


def test_other_complaints_are_closed_once_answered_by_who_answers_them():
    assert rules.close_refusal(DIRECTOR, facts(status=Status.OPEN)) == "not_answered"
    assert rules.close_refusal(DIRECTOR, facts(status=Status.ANSWERED)) is None
    assert rules.close_refusal(HQ, facts(status=Status.ANSWERED)) == "not_director"
    assert rules.close_refusal(HQ, facts(Addressee.HEADQUARTERS, Status.ANSWERED)) is None
    assert rules.close_refusal(DIRECTOR, facts(status=Status.CLOSED)) == "closed"
