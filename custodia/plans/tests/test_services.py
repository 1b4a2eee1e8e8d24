"""Sentence plan services: every step, its audit event, who may act, versions, and declining as
the person's choice that changes nothing else."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from custodia.accounts import roles
from custodia.assessment.models import Assessment, ReassessmentTrigger
from custodia.classification.models import ClassificationDecision
from custodia.classification.tests.factories import approved, computed_level
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory
from custodia.plans import services
from custodia.plans.choices import ObjectiveStatus, PlanStatus, Responsible, ReviewEvent
from custodia.plans.models import Objective, PlanEvent, SentencePlan
from custodia.register import services as register_services
from custodia.register.choices import LegalStatus, MovementKind

from .factories import VIEW, WORDING, agreed_plan, planning

pytestmark = pytest.mark.django_db


def actions_on(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_start_proposes_one_objective_per_need_of_the_latest_final_assessments(make_staff):
    p = planning(make_staff)
    final = Assessment.objects.get(prisoner=p.prisoner, status="final")
    plan = services.plan_start(actor=p.case_manager, prisoner=p.prisoner)
    assert plan.status == PlanStatus.DRAFT and plan.number == 1
    assert list(plan.based_on.all()) == [final]
    assert [o.need_area for o in plan.objectives.all()] == list(final.need_areas)
    assert {o.status for o in plan.objectives.all()} == {ObjectiveStatus.PROPOSED}
    assert actions_on(plan) == ["plan.start"]


def test_only_a_case_manager_where_the_person_is_held_may_plan(make_staff):
    p = planning(make_staff, assessed=False)
    elsewhere = make_staff("elsewhere", roles.CASE_MANAGER, prisons=[CellFactory().unit.prison])
    for actor in (elsewhere, p.director):
        assert services.planner_refusal(actor, p.prisoner)
        with pytest.raises(PermissionDenied):
            services.plan_start(actor=actor, prisoner=p.prisoner)
    assert not SentencePlan.objects.exists()


def test_one_plan_at_a_time(make_staff):
    p = planning(make_staff, assessed=False)
    services.plan_start(actor=p.case_manager, prisoner=p.prisoner)
    with pytest.raises(ValidationError):
        services.plan_start(actor=p.case_manager, prisoner=p.prisoner)


def test_accept_reword_and_set_aside_proposals(make_staff):
    p = planning(make_staff)
    plan = services.plan_start(actor=p.case_manager, prisoner=p.prisoner)
    first, second, *_ = plan.objectives.all()
    with pytest.raises(ValidationError) as refused:
        services.objective_word(
            actor=p.case_manager,
            objective=first,
            wording=services.Wording("Work in the carpentry shop", "", Responsible.STAFF),
        )
    assert "responsible_staff" in refused.value.message_dict
    services.objective_word(actor=p.case_manager, objective=first, wording=WORDING)
    services.objective_word(
        actor=p.case_manager,
        objective=first,
        wording=services.Wording("Read a newspaper", "", Responsible.AGENCY, responsible_agency="Literacy NGO"),
    )
    with pytest.raises(ValidationError):
        services.objective_set_aside(actor=p.case_manager, objective=second, reason=" ")
    services.objective_set_aside(actor=p.case_manager, objective=second, reason="Addressed by the health service")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.wording, first.responsible_agency) == (
        ObjectiveStatus.NOT_STARTED,
        "Read a newspaper",
        "Literacy NGO",
    )
    assert (second.status, second.status_reason) == (ObjectiveStatus.SET_ASIDE, "Addressed by the health service")
    assert actions_on(first) == ["plan.objective.accept", "plan.objective.reword"]
    assert actions_on(second) == ["plan.objective.set_aside"]


def test_a_new_target_date_in_the_past_is_refused_on_the_field_and_an_old_one_kept(make_staff):
    p = planning(make_staff)
    plan = services.plan_start(actor=p.case_manager, prisoner=p.prisoner)
    objective = plan.objectives.first()
    today = timezone.localdate()
    past = services.Wording("Learn to read", "", Responsible.PERSON, target_on=today - timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        services.objective_word(actor=p.case_manager, objective=objective, wording=past)
    assert list(refused.value.message_dict) == ["target_on"]
    with pytest.raises(ValidationError):
        services.objective_add(actor=p.case_manager, plan=plan, need_area="family", wording=past)
    on_time = services.Wording("Learn to read", "", Responsible.PERSON, target_on=today)
    services.objective_word(actor=p.case_manager, objective=objective, wording=on_time)
    # The date has passed since it was set: rewording the objective keeps it.
    Objective.objects.filter(pk=objective.pk).update(target_on=past.target_on)
    objective.refresh_from_db()
    reworded = services.Wording("Learn to read and write", "", Responsible.PERSON, target_on=past.target_on)
    assert services.objective_word(actor=p.case_manager, objective=objective, wording=reworded).wording.endswith(
        "write"
    )


def test_a_plan_is_agreed_only_when_every_proposal_is_decided_and_the_person_heard(make_staff):
    p = planning(make_staff)
    plan = services.plan_start(actor=p.case_manager, prisoner=p.prisoner)
    with pytest.raises(ValidationError) as refused:
        services.plan_agree(actor=p.case_manager, plan=plan)
    assert set(refused.value.message_dict) == {"objectives", "agreement"}
    for objective in plan.objectives.all():
        services.objective_word(actor=p.case_manager, objective=objective, wording=WORDING)
    services.objective_add(actor=p.case_manager, plan=plan, need_area="family", wording=WORDING)
    with pytest.raises(ValidationError):
        services.plan_view_record(
            actor=p.case_manager, plan=plan, view=services.PersonsView("", "agrees", "", "", "")
        )  # the language it was explained in is required
    services.plan_view_record(actor=p.case_manager, plan=plan, view=VIEW)
    plan = services.plan_agree(actor=p.case_manager, plan=plan)
    assert plan.status == PlanStatus.AGREED and plan.next_review_on > timezone.localdate()
    assert actions_on(plan) == ["plan.start", "plan.view", "plan.agree"]
    with pytest.raises(ValidationError):  # an agreed plan is changed by a review only
        services.objective_add(actor=p.case_manager, plan=plan, need_area="family", wording=WORDING)


def test_follow_up_statuses_and_progress_notes(make_staff):
    p = planning(make_staff)
    plan = agreed_plan(p)
    objective = plan.objectives.first()
    services.objective_status_change(actor=p.case_manager, objective=objective, status=ObjectiveStatus.IN_PROGRESS)
    services.progress_note_add(actor=p.case_manager, objective=objective, text="Attends every class")
    services.objective_status_change(
        actor=p.case_manager, objective=objective, status=ObjectiveStatus.NOT_ACHIEVED, reason="Moved wing"
    )
    services.objective_status_change(actor=p.case_manager, objective=objective, status=ObjectiveStatus.IN_PROGRESS)
    services.objective_status_change(actor=p.case_manager, objective=objective, status=ObjectiveStatus.ACHIEVED)
    with pytest.raises(ValidationError):  # achieved is the end
        services.objective_status_change(actor=p.case_manager, objective=objective, status=ObjectiveStatus.WITHDRAWN)
    with pytest.raises(ValidationError):  # set aside is the case manager's step on a draft, with its own form
        services.objective_status_change(actor=p.case_manager, objective=objective, status=ObjectiveStatus.SET_ASIDE)
    assert actions_on(objective)[-5:] == [
        "plan.objective.status",
        "plan.objective.progress",
        "plan.objective.status",
        "plan.objective.status",
        "plan.objective.status",
    ]
    assert objective.notes.get().text == "Attends every class"


def test_a_review_makes_a_new_version_and_keeps_the_old_one(make_staff):
    p = planning(make_staff)
    first = agreed_plan(p)
    objective = first.objectives.first()
    services.progress_note_add(actor=p.case_manager, objective=objective, text="Started classes")
    draft = services.plan_review(actor=p.case_manager, plan=first)
    with pytest.raises(ValidationError):
        services.plan_review(actor=p.case_manager, plan=first)  # one review at a time
    first.refresh_from_db()
    assert (draft.number, draft.status, first.status) == (2, PlanStatus.DRAFT, PlanStatus.AGREED)
    copies = list(draft.objectives.all())
    assert [(o.need_area, o.wording, o.status) for o in copies] == [
        (o.need_area, o.wording, o.status) for o in first.objectives.all()
    ]
    assert copies[0].copied_from == objective and not copies[0].notes.exists()
    services.objective_word(
        actor=p.case_manager, objective=copies[0], wording=services.Wording("Reworded", "", Responsible.PERSON)
    )
    services.plan_view_record(actor=p.case_manager, plan=draft, view=VIEW)
    services.plan_agree(actor=p.case_manager, plan=draft)
    first.refresh_from_db(), objective.refresh_from_db()
    assert (first.status, first.superseded_by) == (PlanStatus.SUPERSEDED, draft)
    # Nothing is lost: the earlier version keeps its wording and notes, and cannot be followed up any more.
    assert objective.wording == WORDING.wording and objective.notes.count() == 1
    with pytest.raises(ValidationError):
        services.progress_note_add(actor=p.case_manager, objective=objective, text="Too late")
    assert "plan.review" in actions_on(draft)


def test_decline_is_recorded_with_the_persons_reason_and_may_be_taken_up_again(make_staff):
    p = planning(make_staff)
    objective = agreed_plan(p).objectives.first()
    with pytest.raises(ValidationError):
        services.objective_decline(actor=p.case_manager, objective=objective, reason="")
    services.objective_decline(actor=p.case_manager, objective=objective, reason="I want to work instead")
    objective.refresh_from_db()
    assert (objective.status, objective.status_reason) == (ObjectiveStatus.DECLINED, "I want to work instead")
    assert AuditEvent.objects.filter(action="plan.objective.decline").get().reason == "I want to work instead"
    with pytest.raises(ValidationError):  # taken up again to "not started", not straight to achieved
        services.objective_status_change(actor=p.case_manager, objective=objective, status=ObjectiveStatus.ACHIEVED)
    services.objective_status_change(actor=p.case_manager, objective=objective, status=ObjectiveStatus.NOT_STARTED)
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.NOT_STARTED


def _everything_but_the_plan(prisoner) -> tuple:
    return (
        list(ClassificationDecision.objects.filter(prisoner=prisoner).values()),
        computed_level(prisoner),
        list(ReassessmentTrigger.objects.filter(prisoner=prisoner).values()),
        list(Assessment.objects.filter(prisoner=prisoner).values()),
        list(PlanEvent.objects.filter(prisoner=prisoner).values()),
    )


def test_declining_is_never_a_sanction_nor_a_classification_input(make_staff):
    """Whatever objective the person declines, at whatever stage and for whatever reason: no
    classification decision or proposed level changes, no assessment falls due, no review is
    brought forward."""
    p = planning(make_staff)
    plan = agreed_plan(p)
    approved(p)
    objectives = list(plan.objectives.all())
    before = _everything_but_the_plan(p.prisoner)

    @hyp_settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        index=st.integers(0, len(objectives) - 1),
        started=st.booleans(),
        reason=st.text(min_size=1, max_size=60).filter(lambda text: text.strip() and "\x00" not in text),
    )
    def decline(index, started, reason):
        with transaction.atomic():
            objective = objectives[index]
            if started:
                services.objective_status_change(
                    actor=p.case_manager, objective=objective, status=ObjectiveStatus.IN_PROGRESS
                )
            services.objective_decline(actor=p.case_manager, objective=objective, reason=reason)
            assert _everything_but_the_plan(p.prisoner) == before
            transaction.set_rollback(True)

    decline()


def test_a_transfer_or_a_sentence_change_brings_the_review_forward(make_staff):
    p = planning(make_staff)
    plan = agreed_plan(p)
    register_services.legal_status_change(
        actor=make_staff("registrar", roles.RECEPTION, prisons=[p.prisoner.current_prison]),
        prisoner=p.prisoner,
        status=LegalStatus.UNDER_APPEAL,
        effective_on=timezone.localdate(),
    )
    event = PlanEvent.objects.get()
    assert (event.prisoner, event.event) == (p.prisoner, ReviewEvent.SENTENCE_CHANGE)
    assert "plan.review_due" in actions_on(plan)


def test_no_event_is_recorded_for_a_person_without_an_agreed_plan(make_staff):
    p = planning(make_staff, assessed=False)
    services.plan_event_from_file(
        actor=None,
        prisoner=p.prisoner,
        event=MovementKind.TRANSFER,
        occurred_on=timezone.localdate() - timedelta(days=1),
    )
    assert not PlanEvent.objects.exists()
    assert not Objective.objects.exists() and not ClassificationDecision.objects.exists()
    assert not ReassessmentTrigger.objects.filter(prisoner=p.prisoner).exists()
