"""The classification workflow through its services: who may do what per role, the reasons each
choice needs, the state machine, supersession, stale versions and the audit trail."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment import services as assessment_services
from custodia.classification import queries, selectors, services
from custodia.classification.models import ClassificationDecision, ReviewDateChange
from custodia.core.models import AuditEvent
from custodia.estate.models import PrisonType
from custodia.estate.tests.factories import CellFactory, PrisonFactory, PrisonServiceFactory
from custodia.register import services as register_services
from custodia.register.choices import LegalStatus, MovementKind

from .factories import approved, computed_level, propose, world

pytestmark = pytest.mark.django_db


def actions(decision: ClassificationDecision) -> list[tuple[str, int | None]]:
    events = AuditEvent.objects.filter(object_type="classification.classificationdecision", object_id=str(decision.pk))
    return list(events.exclude(action="read").order_by("id").values_list("action", "actor_id"))


# --- proposing ------------------------------------------------------------------------------------


def test_a_case_manager_proposes_and_the_computed_proposal_is_stored_beside_it(make_staff):
    w = world(make_staff)
    w.assessment("general_screening", value=2)  # every item at 2: escape risk and violence in custody
    decision = propose(w, rationale="Escape attempt noted in the file.")
    assert decision.status == "proposed" and decision.prison == w.prison
    assert decision.computed_level == "high" == decision.proposed_level
    fired = {reason["rule"] for reason in decision.computed_reasons}
    assert {"least_restrictive", "escape_risk", "violence_in_custody", "screening_high"} <= fired
    escape = next(r for r in decision.computed_reasons if r["rule"] == "escape_risk")
    assert escape["level"] == "high" and escape["result"].startswith("general_screening.escape_risk: 2 (assessment of ")
    assert actions(decision) == [("classification.propose", w.case_manager.pk)]
    event = AuditEvent.objects.get(action="classification.propose")
    assert event.changes["computed_level"] == [None, "high"] and "Escape attempt" in event.reason


@pytest.mark.parametrize("role", [roles.DIRECTOR, roles.WING, roles.SECURITY, roles.RECEPTION])
def test_only_a_case_manager_proposes(make_staff, role):
    w = world(make_staff)
    other = make_staff(f"other-{role}", role, prisons=[w.prison])
    with pytest.raises(PermissionDenied):
        propose(w, actor=other)
    assert not ClassificationDecision.objects.exists()


def test_a_case_manager_elsewhere_cannot_propose(make_staff):
    w = world(make_staff)
    elsewhere = make_staff("cm-elsewhere", roles.CASE_MANAGER, prisons=[PrisonFactory()])
    with pytest.raises(PermissionDenied):
        propose(w, actor=elsewhere)


def test_a_rationale_is_required_and_another_level_needs_a_reason(make_staff):
    w = world(make_staff)
    with pytest.raises(ValidationError) as exc:
        services.classification_propose(
            actor=w.case_manager, prisoner=w.prisoner, proposed_level="medium", rationale=" "
        )
    assert set(exc.value.message_dict) == {"rationale", "override_reason"}
    assert "computed Low security" in exc.value.message_dict["override_reason"][0]
    with pytest.raises(ValidationError) as exc:
        services.classification_propose(
            actor=w.case_manager, prisoner=w.prisoner, proposed_level="maximum", rationale="x"
        )
    assert "proposed_level" in exc.value.message_dict
    decision = services.classification_propose(
        actor=w.case_manager,
        prisoner=w.prisoner,
        proposed_level="medium",
        rationale="Gang affiliation noted at court.",
        override_reason="Court records show a gang affiliation the screening did not rate.",
    )
    assert decision.computed_level == "low" and decision.proposed_level == "medium"


def test_a_woman_in_the_womens_estate_is_proposed_within_its_levels_unless_a_reason_is_given(make_staff):
    cell = CellFactory(unit__prison__prison_type=PrisonType.WOMEN)
    w = world(make_staff, sex="female", cell=cell)
    w.assessment("general_screening", value=2)
    # The rules point to high; the women's estate uses low and medium (generic profile).
    assert computed_level(w.prisoner) == "medium"
    decision = propose(w)
    reasons = {r["rule"]: r for r in decision.computed_reasons}
    assert reasons["womens_estate"]["level"] == "medium"
    ClassificationDecision.objects.filter(pk=decision.pk).update(status="returned")
    with pytest.raises(ValidationError) as exc:
        services.classification_propose(
            actor=w.case_manager, prisoner=w.prisoner, proposed_level="high", rationale="x", version=decision.version
        )
    assert "Bangkok Rules" in exc.value.message_dict["override_reason"][0]


def test_one_proposal_at_a_time(make_staff):
    w = world(make_staff)
    propose(w)
    with pytest.raises(ValidationError) as exc:
        propose(w)
    assert "status" in exc.value.message_dict
    assert ClassificationDecision.objects.count() == 1


# --- people linked to violent extremism -----------------------------------------------------------


def test_a_vep_needs_a_placement_option_with_a_reason(make_staff):
    w = world(make_staff, vep=True)
    base = {"actor": w.case_manager, "prisoner": w.prisoner, "proposed_level": "low", "rationale": "x"}
    with pytest.raises(ValidationError) as exc:
        services.classification_propose(**base)
    assert "vep_placement" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.classification_propose(**base, vep_placement="integration_dispersal")
    assert "never by the label alone" in exc.value.message_dict["vep_placement_reason"][0]
    with pytest.raises(ValidationError) as exc:
        services.classification_propose(**base, vep_placement="isolation", vep_placement_reason="x")
    assert "vep_placement" in exc.value.message_dict


def test_concentration_or_separation_rests_on_an_individual_assessment_not_the_label(make_staff):
    w = world(make_staff, vep=True)
    with pytest.raises(ValidationError) as exc:
        propose(w, vep_placement="separation", vep_placement_reason="Recruits others on the wing.")
    assert "individual assessment" in exc.value.message_dict["vep_placement"][0]
    w.assessment("vep_spj", judgement="moderate")
    decision = propose(w, vep_placement="separation", vep_placement_reason="Recruits others on the wing.")
    assert decision.vep_placement == "separation" and decision.computed_level == "medium"


def test_a_placement_option_is_only_for_a_vep(make_staff):
    w = world(make_staff)
    with pytest.raises(ValidationError) as exc:
        propose(w, vep_placement="concentration", vep_placement_reason="x")
    assert "vep_placement" in exc.value.message_dict


# --- approving ------------------------------------------------------------------------------------


def test_the_director_at_the_prison_approves_and_the_review_is_set_by_the_level(make_staff):
    w = world(make_staff)
    decision = propose(w)
    decision = services.classification_approve(actor=w.director, decision=decision, level="low")
    assert decision.status == "approved" and decision.approved_level == "low" and decision.decided_by == w.director
    assert decision.next_review_on == timezone.localdate() + timedelta(days=365)
    assert queries.approved_level(w.prisoner.pk) == "low"
    assert actions(decision) == [
        ("classification.propose", w.case_manager.pk),
        ("classification.approve", w.director.pk),
    ]


def test_a_director_elsewhere_and_headquarters_do_not_approve_a_non_vep(make_staff):
    w = world(make_staff)
    decision = propose(w)
    elsewhere = make_staff("director-elsewhere", roles.DIRECTOR, prisons=[PrisonFactory()])
    for actor in (elsewhere, w.hq, w.case_manager, w.second):
        with pytest.raises(PermissionDenied):
            services.classification_approve(actor=actor, decision=decision)
    decision.refresh_from_db()
    assert decision.status == "proposed"


def test_for_a_vep_only_the_headquarters_vep_unit_approves(make_staff):
    w = world(make_staff, vep=True)
    decision = propose(w)
    with pytest.raises(PermissionDenied) as exc:
        services.classification_approve(actor=w.director, decision=decision)
    assert "headquarters VEP unit" in str(exc.value)
    decision = services.classification_approve(actor=w.hq, decision=decision)
    assert decision.status == "approved" and decision.decided_by == w.hq
    assert decision.vep_placement == "integration_dispersal"


def test_nobody_approves_their_own_proposal(make_staff):
    w = world(make_staff)
    both = make_staff("cm-and-director", roles.CASE_MANAGER, roles.DIRECTOR, prisons=[w.prison])
    decision = propose(w, actor=both)
    with pytest.raises(PermissionDenied):
        services.classification_approve(actor=both, decision=decision)


def test_each_step_has_its_refusal_predicate(make_staff):
    """None for who may take the step, the reason for anyone else: the same reason the service refuses with."""
    w = world(make_staff)
    elsewhere = make_staff("director-elsewhere", roles.CASE_MANAGER, roles.DIRECTOR, prisons=[PrisonFactory()])
    assert services.proposal_refusal(w.case_manager, w.prisoner) is None
    assert "Only a case manager" in services.proposal_refusal(w.director, w.prisoner)
    assert "Only a case manager" in services.proposal_refusal(elsewhere, w.prisoner)
    both = make_staff("cm-and-director", roles.CASE_MANAGER, roles.DIRECTOR, prisons=[w.prison])
    decision = propose(w, actor=both)
    assert services.approval_refusal(w.director, w.prisoner, is_vep=False) is None
    assert services.approval_refusal(w.hq, w.prisoner, is_vep=True) is None
    assert "headquarters VEP unit" in services.approval_refusal(w.director, w.prisoner, is_vep=True)
    assert "director of the prison" in services.approval_refusal(elsewhere, w.prisoner, is_vep=False)
    assert services.approve_refusal(w.director, decision, is_vep=False) is None
    own = services.approve_refusal(both, decision, is_vep=False)
    assert own == "The one who proposed a classification cannot also approve it."
    with pytest.raises(PermissionDenied, match=own):
        services.classification_approve(actor=both, decision=decision)
    decision = services.classification_approve(actor=w.director, decision=decision)
    assert services.record_refusal(w.case_manager, decision) is None
    assert services.record_refusal(w.director, decision) is None
    assert "Only a case manager or an approver" in services.record_refusal(elsewhere, decision)


def test_deciding_another_level_needs_a_reason(make_staff):
    w = world(make_staff)
    decision = propose(w)
    with pytest.raises(ValidationError) as exc:
        services.classification_approve(actor=w.director, decision=decision, level="medium")
    assert "reason" in exc.value.message_dict
    decision = services.classification_approve(
        actor=w.director, decision=decision, level="medium", reason="Two fights on the wing this month."
    )
    assert decision.approved_level == "medium" and decision.decision_reason == "Two fights on the wing this month."
    assert decision.next_review_on == timezone.localdate() + timedelta(days=180)


def test_a_new_approval_supersedes_the_decision_in_force(make_staff):
    w = world(make_staff)
    first = approved(w)
    w.assessment("general_screening", value=2)
    second = approved(w)
    first.refresh_from_db()
    assert first.status == "superseded" and second.status == "approved" and second.approved_level == "high"
    assert queries.approved_level(w.prisoner.pk) == "high"
    assert actions(first)[-1] == ("classification.supersede", w.director.pk)
    event = AuditEvent.objects.get(action="classification.supersede")
    assert event.changes["superseded_by"] == [None, second.pk]


def test_return_and_propose_again(make_staff):
    w = world(make_staff)
    decision = propose(w)
    with pytest.raises(ValidationError) as exc:
        services.classification_return(actor=w.director, decision=decision, comment=" ")
    assert "comment" in exc.value.message_dict
    decision = services.classification_return(actor=w.director, decision=decision, comment="Read the court report.")
    assert decision.status == "returned"
    # A returned proposal cannot be approved; it is proposed again by the case manager.
    with pytest.raises(ValidationError) as exc:
        services.classification_approve(actor=w.director, decision=decision)
    assert "status" in exc.value.message_dict
    again = propose(w, rationale="Court report read: no change.", version=decision.version)
    assert again.pk == decision.pk and again.status == "proposed" and again.rationale.startswith("Court report")
    assert [a for a, _ in actions(decision)] == [
        "classification.propose",
        "classification.return",
        "classification.propose",
    ]


def test_refused_transitions(make_staff):
    w = world(make_staff)
    decision = approved(w)
    for call in (
        lambda: services.classification_approve(actor=w.director, decision=decision),
        lambda: services.classification_return(actor=w.director, decision=decision, comment="x"),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert "status" in exc.value.message_dict


def test_a_stale_copy_is_refused_and_nothing_changes(make_staff):
    w = world(make_staff)
    decision = propose(w)
    seen = decision.version
    services.classification_return(actor=w.director, decision=decision, comment="Check the sentence.")
    again = propose(w, version=seen + 1)
    with pytest.raises(ValidationError) as exc:
        services.classification_approve(actor=w.director, decision=again, version=seen)
    assert "version" in exc.value.message_dict and w.case_manager.username in exc.value.message_dict["version"][0]
    again.refresh_from_db()
    assert again.status == "proposed"
    with pytest.raises(ValidationError) as exc:
        propose(w, version=seen)  # proposing again on an old copy of a returned decision
    assert "version" in exc.value.message_dict or "status" in exc.value.message_dict


# --- prerequisites and the programme --------------------------------------------------------------


def test_moving_down_to_a_level_that_asks_for_a_programme_needs_the_case_managers_confirmation(make_staff):
    PrisonServiceFactory(profile="uganda")
    today = timezone.localdate()
    sentence = register_services.SentenceData(
        imposed_on=today - timedelta(days=2200), starts_on=today - timedelta(days=2200), years=10
    )
    w = world(make_staff, legal_status=LegalStatus.CONVICTED, sentence=sentence)
    approved(w, "maximum")
    w.assessment("general_screening", value=0)  # a low screening
    computed = computed_level(w.prisoner)
    assert computed == "open_class"
    with pytest.raises(ValidationError) as exc:
        propose(w, "open_class")
    assert set(exc.value.message_dict) == {"programme_confirmed"}
    decision = propose(w, "open_class", programme_confirmed=True)
    assert decision.programme_confirmed
    assert [r["rule"] for r in decision.computed_reasons][-1] == "programme"


# --- the person's rights --------------------------------------------------------------------------


def test_information_and_appeal_are_recorded_after_the_decision(make_staff):
    w = world(make_staff)
    decision = propose(w)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.classification_record_information(actor=w.case_manager, decision=decision, informed_on=today)
    assert "status" in exc.value.message_dict
    decision = services.classification_approve(actor=w.director, decision=decision)
    for day in (today - timedelta(days=1), today + timedelta(days=1)):
        with pytest.raises(ValidationError) as exc:
            services.classification_record_information(actor=w.case_manager, decision=decision, informed_on=day)
        assert "informed_on" in exc.value.message_dict
    decision = services.classification_record_information(actor=w.case_manager, decision=decision, informed_on=today)
    assert decision.informed_on == today

    record = services.classification_record_appeal
    with pytest.raises(ValidationError) as exc:
        record(actor=w.director, decision=decision, lodged_on=today, outcome="pending", decided_on=today)
    assert "decided_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        record(actor=w.director, decision=decision, lodged_on=today, outcome="upheld")
    assert "decided_on" in exc.value.message_dict
    decision = record(actor=w.director, decision=decision, lodged_on=today, note="Written appeal to the director.")
    assert decision.appeal_outcome == "pending" and decision.appeal_lodged_on == today
    decision = record(actor=w.director, decision=decision, lodged_on=today, outcome="upheld", decided_on=today)
    assert decision.appeal_outcome == "upheld" and decision.appeal_decided_on == today
    assert [a for a, _ in actions(decision)][-3:] == [
        "classification.information",
        "classification.appeal",
        "classification.appeal",
    ]


def test_only_the_case_manager_or_an_approver_records_the_persons_rights(make_staff):
    w = world(make_staff)
    decision = approved(w)
    wing = make_staff("wing-here", roles.WING, prisons=[w.prison])
    with pytest.raises(PermissionDenied):
        services.classification_record_information(actor=wing, decision=decision, informed_on=timezone.localdate())


# --- review dates ---------------------------------------------------------------------------------


def test_changing_the_review_date_needs_a_reason_and_keeps_the_history(make_staff):
    w = world(make_staff)
    decision = approved(w)
    today = timezone.localdate()
    old = decision.next_review_on
    with pytest.raises(ValidationError) as exc:
        services.review_date_change(actor=w.director, decision=decision, new_date=today + timedelta(days=30), reason="")
    assert "reason" in exc.value.message_dict
    for bad in (today - timedelta(days=1), today + timedelta(days=366), old):
        with pytest.raises(ValidationError) as exc:
            services.review_date_change(actor=w.director, decision=decision, new_date=bad, reason="x")
        assert "new_date" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.review_date_change(
            actor=w.case_manager, decision=decision, new_date=today + timedelta(days=30), reason="x"
        )
    change = services.review_date_change(
        actor=w.director, decision=decision, new_date=today + timedelta(days=30), reason="Parole hearing next month."
    )
    assert (change.old_date, change.new_date, change.changed_by) == (old, today + timedelta(days=30), w.director)
    decision.refresh_from_db()
    assert decision.next_review_on == today + timedelta(days=30)
    event = AuditEvent.objects.get(action="classification.review_date")
    assert event.changes["next_review_on"] == [old.isoformat(), (today + timedelta(days=30)).isoformat()]
    assert event.reason == "Parole hearing next month."
    services.review_date_change(
        actor=w.director, decision=decision, new_date=today + timedelta(days=60), reason="Moved again."
    )
    assert ReviewDateChange.objects.filter(decision=decision).count() == 2


def test_only_the_decision_in_force_has_its_review_date_changed(make_staff):
    w = world(make_staff)
    decision = propose(w)
    with pytest.raises(ValidationError) as exc:
        services.review_date_change(
            actor=w.director, decision=decision, new_date=timezone.localdate() + timedelta(days=5), reason="x"
        )
    assert "status" in exc.value.message_dict


# --- reviews fall due on events -------------------------------------------------------------------


def test_reviews_fall_due_on_events_after_the_decision(make_staff, staff_user):
    w = world(make_staff)
    decision = approved(w)
    review = selectors.decision_review(user=w.director, decision=decision)
    assert review.due.reason == "scheduled" and review.urgency == "scheduled"
    today = timezone.localdate()
    # The function a closed incident report writes through (incidents sits above classification).
    assessment_services.reassessment_trigger_from_file(
        actor=w.case_manager, prisoner=w.prisoner, event="serious_incident", occurred_on=today, note="Fight"
    )
    review = selectors.decision_review(user=w.director, decision=decision)
    assert (review.due.on, review.due.reason, review.urgency) == (today, "serious_incident", "due_soon")
    # A serious incident within six months also raises the proposal (generic profile: medium).
    assert computed_level(w.prisoner) == "medium"


def test_a_transfer_makes_the_review_due_through_the_file_event(make_staff, staff_user):
    w = world(make_staff)
    decision = approved(w)
    register_services.movement_record(
        actor=staff_user,
        prisoner=w.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=PrisonFactory()
        ),
    )
    review = selectors.decision_review(user=staff_user, decision=decision)
    assert review.due.reason == "transfer" and review.due.on == timezone.localdate()


def test_the_legal_status_decides_whether_the_sentence_counts_and_its_change_makes_the_review_due(
    make_staff, staff_user
):
    today = timezone.localdate()
    sentence = register_services.SentenceData(imposed_on=today, starts_on=today, years=12)
    w = world(make_staff, legal_status=LegalStatus.CONVICTED, sentence=sentence)
    decision = approved(w)
    assert decision.computed_level == "medium"  # twelve years to serve (generic profile: ten or more)
    register_services.legal_status_change(
        actor=staff_user, prisoner=w.prisoner, status=LegalStatus.PRE_TRIAL, effective_on=today, note="Retrial ordered"
    )
    assert computed_level(w.prisoner) == "low"
    review = selectors.decision_review(user=w.director, decision=decision)
    assert (review.due.reason, review.due.on) == ("sentence_change", today)


def test_an_appeal_that_changed_the_decision_makes_it_due(make_staff):
    w = world(make_staff)
    decision = approved(w)
    today = timezone.localdate()
    services.classification_record_appeal(
        actor=w.director, decision=decision, lodged_on=today, outcome="changed", decided_on=today
    )
    assert selectors.decision_review(user=w.director, decision=decision).due.reason == "appeal"
