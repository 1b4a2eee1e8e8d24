"""The pure rules of sentence plans: due dates, proposals from needs, objective transitions."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodia.plans import rules
from custodia.plans.choices import DueReason, ObjectiveStatus, ReviewEvent
from custodia.register.choices import LegalStatus

AGREED = date(2026, 3, 31)
SCHEDULE = {"review_months": 6, "event_review_days": 30, "pre_release_months": 6}


def test_first_plan_is_due_for_convicted_people_within_the_profiles_days():
    due = rules.first_plan_due(legal_status=LegalStatus.CONVICTED, admitted_on=date(2026, 1, 10), first_plan_days=60)
    assert due == rules.Due(date(2026, 3, 11), DueReason.FIRST)
    assert rules.first_plan_due(legal_status=LegalStatus.UNDER_APPEAL, admitted_on=date(2026, 1, 10), first_plan_days=1)


def test_people_admitted_before_plans_were_kept_are_owed_one_counted_from_that_day():
    kept_from = date(2026, 11, 1)
    before = rules.first_plan_due(
        legal_status=LegalStatus.CONVICTED, admitted_on=date(2019, 5, 2), first_plan_days=60, plans_from=kept_from
    )
    assert before == rules.Due(date(2026, 12, 31), DueReason.FIRST)
    after = rules.first_plan_due(
        legal_status=LegalStatus.CONVICTED, admitted_on=date(2026, 11, 20), first_plan_days=60, plans_from=kept_from
    )
    assert after == rules.Due(date(2027, 1, 19), DueReason.FIRST)


@pytest.mark.parametrize("status", [LegalStatus.PRE_TRIAL, LegalStatus.CIVIL])
def test_people_not_sentenced_are_offered_a_plan_that_is_never_due(status):
    assert rules.first_plan_due(legal_status=status, admitted_on=date(2026, 1, 10), first_plan_days=60) is None


def test_review_on_schedule_in_calendar_months():
    assert rules.review_due(agreed_on=AGREED, **SCHEDULE) == rules.Due(date(2026, 9, 30), DueReason.SCHEDULE)


def test_an_event_after_agreement_brings_the_review_forward():
    events = [(ReviewEvent.TRANSFER, date(2026, 5, 1)), (ReviewEvent.FINAL_ASSESSMENT, date(2026, 4, 10))]
    assert rules.review_due(agreed_on=AGREED, events=events, **SCHEDULE) == rules.Due(
        date(2026, 5, 10), ReviewEvent.FINAL_ASSESSMENT
    )


def test_events_before_or_on_the_agreement_were_already_taken_into_account():
    events = [(ReviewEvent.CLASSIFICATION, AGREED), (ReviewEvent.SENTENCE_CHANGE, AGREED - timedelta(days=3))]
    assert rules.review_due(agreed_on=AGREED, events=events, **SCHEDULE).reason == DueReason.SCHEDULE


def test_approaching_release_brings_the_review_forward_unless_agreed_that_close():
    assert rules.review_due(agreed_on=AGREED, release_on=date(2026, 11, 30), **SCHEDULE) == rules.Due(
        date(2026, 5, 30), ReviewEvent.RELEASE
    )
    assert rules.review_due(agreed_on=AGREED, release_on=date(2026, 7, 1), **SCHEDULE).reason == DueReason.SCHEDULE


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(
    agreed_on=days,
    review_months=st.integers(1, 36),
    event_review_days=st.integers(1, 120),
    events=st.lists(st.tuples(st.sampled_from(list(ReviewEvent)), days), max_size=6),
    release_on=st.none() | days,
    pre_release_months=st.integers(1, 24),
)
def test_a_review_is_due_after_the_agreement_and_never_later_than_its_schedule(
    agreed_on, review_months, event_review_days, events, release_on, pre_release_months
):
    due = rules.review_due(
        agreed_on=agreed_on,
        review_months=review_months,
        events=events,
        event_review_days=event_review_days,
        release_on=release_on,
        pre_release_months=pre_release_months,
    )
    scheduled = rules.review_due(
        agreed_on=agreed_on,
        review_months=review_months,
        event_review_days=event_review_days,
        pre_release_months=pre_release_months,
    )
    assert agreed_on < due.on <= scheduled.on
    # Only an event later than the agreement moves the date, to no earlier than the event's days after it.
    later = [on + timedelta(days=event_review_days) for _e, on in events if on > agreed_on]
    assert due.on == scheduled.on or due.on in later or due.reason == ReviewEvent.RELEASE


@given(
    admitted_on=days,
    first_plan_days=st.integers(1, 365),
    status=st.sampled_from(list(LegalStatus)),
    plans_from=st.none() | days,
)
def test_the_first_plan_is_due_only_for_sentenced_people_and_never_before_admission(
    admitted_on, first_plan_days, status, plans_from
):
    due = rules.first_plan_due(
        legal_status=status, admitted_on=admitted_on, first_plan_days=first_plan_days, plans_from=plans_from
    )
    if status in (LegalStatus.CONVICTED, LegalStatus.UNDER_APPEAL):
        assert due is not None and due.on >= admitted_on + timedelta(days=first_plan_days)
        # Never sooner than the days the profile gives after plans began to be kept.
        assert plans_from is None or due.on >= plans_from + timedelta(days=first_plan_days)
        assert due.on - timedelta(days=first_plan_days) in (admitted_on, plans_from)
    else:
        assert due is None


def test_only_a_new_or_changed_target_date_may_not_be_in_the_past():
    today = date(2026, 12, 5)
    yesterday = today - timedelta(days=1)
    assert rules.target_refused(yesterday, was=None, today=today)
    assert rules.target_refused(yesterday, was=today, today=today)
    assert not rules.target_refused(yesterday, was=yesterday, today=today)
    assert not rules.target_refused(today, was=None, today=today)
    assert not rules.target_refused(None, was=yesterday, today=today)


def test_each_need_found_becomes_one_proposal_in_order_leaving_out_those_addressed():
    found = [["education", "employment"], ["substance_use", "education", "not_a_need_area"]]
    assert rules.proposed_needs(found) == ["education", "employment", "substance_use"]
    assert rules.proposed_needs(found, already={"employment"}) == ["education", "substance_use"]


S = ObjectiveStatus


def test_objective_transitions():
    assert rules.next_statuses(S.PROPOSED) == [S.NOT_STARTED, S.SET_ASIDE, S.DECLINED]
    assert set(rules.next_statuses(S.IN_PROGRESS)) == {S.ACHIEVED, S.NOT_ACHIEVED, S.WITHDRAWN, S.DECLINED}
    # Set aside and achieved are final; a declined objective may be taken up again.
    assert rules.next_statuses(S.SET_ASIDE) == [] and rules.next_statuses(S.ACHIEVED) == []
    assert rules.next_statuses(S.DECLINED) == [S.NOT_STARTED]
    assert S.PROPOSED not in rules.FOLLOW_UP and S.SET_ASIDE not in rules.FOLLOW_UP
