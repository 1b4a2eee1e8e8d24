"""Reads of classification: the oversight figures against a hand-counted set of decisions, the
reviews due per prison and nationally, need-to-know on reasons, and bounded queries."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment import services as assessment_services
from custodia.classification import selectors, services
from custodia.classification.models import ClassificationDecision
from custodia.register.tests.factories import CellFactory

from .factories import World, approved, propose, world

pytestmark = pytest.mark.django_db


def ago(days: int):
    return timezone.now() - timedelta(days=days)


@dataclass
class Estate:
    a: dict[str, World]
    b: dict[str, World]


@pytest.fixture
def estate(make_staff) -> Estate:
    """Seven people at two prisons, each decision made through the services:

    A1 computed low, proposed low, approved low           (as computed)
    A2 computed high, proposed medium (down), approved     (case manager override, less restrictive)
    A3 computed low, proposed low, approved medium         (approver change, more restrictive)
    A4 computed low, proposed medium (up), awaiting        (case manager override, more restrictive)
    A5 VEP computed medium, proposed medium, separation, approved by HQ
    B1 computed low, approved low, review overdue
    B2 computed low, proposed low, returned
    """
    cell_a, cell_b = CellFactory(), CellFactory()
    a = {
        name: world(make_staff, cell=cell_a, admitted_at=ago(days), vep=name == "A5")
        for name, days in (("A1", 10), ("A2", 20), ("A3", 30), ("A4", 35), ("A5", 40))
    }
    b = {name: world(make_staff, cell=cell_b, admitted_at=ago(days)) for name, days in (("B1", 50), ("B2", 55))}
    approved(a["A1"])
    a["A2"].assessment("general_screening", value=2)
    approved(a["A2"], "medium")
    a3 = propose(a["A3"])
    services.classification_approve(actor=a["A3"].director, decision=a3, level="medium", reason="Threats to staff.")
    propose(a["A4"], "medium")
    a["A5"].assessment("vep_spj", judgement="moderate")
    approved(a["A5"], vep_placement="separation", vep_placement_reason="Recruits others on the wing.")
    b1 = approved(b["B1"])
    ClassificationDecision.objects.filter(pk=b1.pk).update(next_review_on=timezone.localdate() - timedelta(days=3))
    b2 = propose(b["B2"])
    services.classification_return(actor=b["B2"].director, decision=b2, comment="Add the court report.")
    return Estate(a, b)


def test_national_oversight_figures_match_the_hand_count(estate, make_staff):
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    f = selectors.oversight(user=analyst)
    assert (f.proposals, f.awaiting, f.returned, f.decided) == (7, 1, 1, 5)
    assert (f.overridden_by_case_manager, f.case_manager_up, f.case_manager_down) == (2, 1, 1)
    assert (f.changed_by_approver, f.approver_up, f.approver_down) == (1, 1, 0)
    assert (f.overridden, f.as_computed) == (3, 3)
    assert [(r.code, r.computed, r.proposed, r.approved) for r in f.by_level] == [
        ("low", 5, 4, 2),
        ("medium", 1, 3, 3),
        ("high", 1, 0, 0),
    ]
    assert (f.in_force, f.overdue, f.unclassified) == (5, 1, 2)
    prison_a, prison_b = estate.a["A1"].prison.name, estate.b["B1"].prison.name
    assert f.overdue_by_prison == [(prison_b, 1, 1), (prison_a, 0, 4)]
    # Admitted 10, 20, 30, 40 and 50 days before their first approval.
    assert f.first_count == 5 and f.first_days_median == 30.0 and f.first_days_mean == 30.0
    assert f.vep_by_placement == [
        ("integration_dispersal", "Integration, dispersed across units", 0),
        ("concentration", "Concentration in designated units", 0),
        ("separation", "Separation", 1),
    ]
    assert f.vep_in_force == 1


def test_a_director_sees_the_figures_of_their_prison(estate):
    f = selectors.oversight(user=estate.a["A1"].director)
    assert (f.proposals, f.awaiting, f.returned, f.decided, f.overridden) == (5, 1, 0, 4, 3)
    assert (f.in_force, f.overdue, f.unclassified) == (4, 0, 1)
    assert f.first_days_median == 25.0 and f.first_count == 4


def test_oversight_takes_a_fixed_number_of_queries(estate, make_staff, django_assert_max_num_queries):
    hq = estate.a["A1"].hq
    with django_assert_max_num_queries(12):
        selectors.oversight(user=hq)


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
    for_wing = {r.rule: r for r in selectors.shown_reasons(decision.computed_reasons, user=wing)}
    assert for_wing["vep_judgement_high"].withheld and "extremism" not in for_wing["vep_judgement_high"].label
    for_security = {r.rule: r for r in selectors.shown_reasons(decision.computed_reasons, user=security)}
    assert not for_security["vep_judgement_high"].withheld
    assert for_security["vep_judgement_high"].label == "The violent extremism assessment's final judgement is high"
    assert "final judgement “High”" in for_security["vep_judgement_high"].detail


def test_a_review_brought_forward_by_intelligence_says_so_only_to_those_who_may_read_it(make_staff):
    w = world(make_staff)
    approved(w)
    assessment_services.reassessment_trigger_record(
        actor=w.case_manager, prisoner=w.prisoner, event="reliable_intelligence", occurred_on=timezone.localdate()
    )
    [for_director] = selectors.reviews_due(user=w.director)
    [for_case_manager] = selectors.reviews_due(user=w.case_manager)
    # The code reaches the API too: it is masked like the label.
    assert (for_director.due.reason, for_case_manager.due.reason) == ("reliable_intelligence", "security_event")
    assert for_director.reason_label == "New intelligence graded reliable"
    assert for_case_manager.reason_label == "An event recorded by security"


def test_a_former_prison_sees_only_the_decisions_it_made(make_staff, staff_user):
    from custodia.register import services as register_services
    from custodia.register.choices import MovementKind
    from custodia.register.tests.factories import PrisonFactory

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
