"""Reads of classification: the reviews due per prison and nationally, need-to-know on reasons,
and bounded queries (the oversight figures are tested in oversight/tests/test_classification.py)."""

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment import services as assessment_services
from custodia.classification import presenters, selectors, services

from .factories import Estate, approved, propose, seven_people_at_two_prisons, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def estate(make_staff) -> Estate:
    return seven_people_at_two_prisons(make_staff)


def test_reviews_per_prison_and_nationally_overdue_first(estate):
    hq = estate.a["A1"].hq
    national = selectors.reviews_due(user=hq)
    assert len(national) == 5
    assert national[0].decision.prisoner == estate.b["B1"].prisoner and national[0].urgency == "overdue"
    at_a = selectors.reviews_due(user=hq, prison_id=estate.a["A1"].prison.pk)
    assert {i.decision.prisoner.pk for i in at_a} == {estate.a[n].prisoner.pk for n in ("A1", "A2", "A3", "A5")}
    # A director sees their prison only, a wing officer there the same.
    director_a = estate.a["A1"].director
    assert {i.decision.prisoner.pk for i in selectors.reviews_due(user=director_a)} == {
        i.decision.prisoner.pk for i in at_a
    }
    assert selectors.unclassified_count(user=director_a) == 1


def test_reviews_take_a_fixed_number_of_queries(estate, make_staff, django_assert_max_num_queries):
    hq = estate.a["A1"].hq
    # The rights and the scope of the user, then five: decisions, events, reassessments, sentences,
    # decisions under way.
    with django_assert_max_num_queries(8) as few:
        selectors.reviews_due(user=hq, prison_id=estate.b["B1"].prison.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        selectors.reviews_due(user=hq)


def test_reasons_from_an_assessment_are_withheld_from_those_who_may_not_read_it(make_staff):
    w = world(make_staff, vep=True)
    w.assessment("vep_spj", judgement="high")
    decision = propose(w)
    wing = make_staff("wing-reader", roles.WING, prisons=[w.prison])
    security = make_staff("security-reader", roles.SECURITY, prisons=[w.prison])
    for_wing = {r.rule: r for r in presenters.shown_reasons(decision.computed_reasons, user=wing)}
    assert for_wing["vep_judgement_high"].withheld and "extremism" not in for_wing["vep_judgement_high"].label
    for_security = {r.rule: r for r in presenters.shown_reasons(decision.computed_reasons, user=security)}
    assert not for_security["vep_judgement_high"].withheld
    assert for_security["vep_judgement_high"].label == "The violent extremism assessment's final judgement is high"
    assert "final judgement “High”" in for_security["vep_judgement_high"].detail


def test_a_review_brought_forward_by_intelligence_says_so_only_to_those_who_may_read_it(make_staff):
    w = world(make_staff)
    approved(w)
    # The function a graded intelligence report writes through (intelligence sits above classification).
    assessment_services.reassessment_trigger_from_file(
        actor=w.case_manager, prisoner=w.prisoner, event="reliable_intelligence", occurred_on=timezone.localdate()
    )
    [for_director] = selectors.reviews_due(user=w.director)
    [for_case_manager] = selectors.reviews_due(user=w.case_manager)
    # The code reaches the API too: it is masked like the label.
    assert (for_director.due.reason, for_case_manager.due.reason) == ("reliable_intelligence", "security_event")
    assert for_director.reason_label == "New intelligence graded reliable"
    assert for_case_manager.reason_label == "An event recorded by security"


def test_a_former_prison_sees_only_the_decisions_it_made(make_staff, staff_user):
    from custodia.estate.tests.factories import PrisonFactory
    from custodia.register import services as register_services
    from custodia.register.choices import MovementKind

    w = world(make_staff)
    ours = approved(w)
    receiving = PrisonFactory()
    register_services.movement_record(
        actor=staff_user,
        prisoner=w.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=receiving
        ),
    )
    their_cm = make_staff("cm-receiving", roles.CASE_MANAGER, prisons=[receiving])
    w.prisoner.refresh_from_db()
    theirs = services.classification_propose(
        actor=their_cm, prisoner=w.prisoner, proposed_level="low", rationale="On arrival."
    )
    seen = [d.pk for d in selectors.decision_list(user=w.director, prisoner_id=w.prisoner.pk)]
    assert seen == [ours.pk] and theirs.pk not in seen
    # The proposal is computed only where the person is held.
    classification = selectors.prisoner_classification(user=w.director, prisoner=w.prisoner)
    assert classification.proposal is None and classification.in_force == ours


def test_a_released_person_has_no_review_due(make_staff, staff_user):
    from custodia.register import services as register_services
    from custodia.register.choices import MovementKind, ReleaseReason

    w = world(make_staff)
    approved(w)
    register_services.movement_record(
        actor=staff_user,
        prisoner=w.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.RELEASE, occurred_at=timezone.now(), release_reason=ReleaseReason.PROBATION
        ),
    )
    # Headquarters reads every prison: the released are not among those held.
    assert selectors.reviews_due(user=w.hq) == []
    assert selectors.unclassified_count(user=w.hq) == 0
