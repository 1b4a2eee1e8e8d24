"""The assessment workflow through its services: who may act, which transitions are allowed,
version pinning, triggers from the prisoner file, and the audit trail of every step."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment import services
from custodia.assessment.instruments import InstrumentError, latest_instruments
from custodia.assessment.models import Assessment, InstrumentVersion, ReassessmentTrigger
from custodia.assessment.rules import Rating
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.register import services as register_services
from custodia.register.choices import MovementKind

from .factories import completed, full_ratings, team

pytestmark = pytest.mark.django_db


def test_the_whole_workflow_is_audited_step_by_step(make_staff):
    t = team(make_staff)
    assessment = completed(t, "general_screening", value=1)
    assert assessment.status == "final" and assessment.countersigned_by == t.second
    # 12 items rated 1 out of 2: a total of 12, in the band the instrument gives it.
    instrument = latest_instruments()["general_screening"]
    assert assessment.total_score == 12 and assessment.final_judgement == instrument.band_for(12).level
    assert set(assessment.need_areas) >= {"education", "employment", "substance_use"}
    actions = list(
        AuditEvent.objects.filter(object_type="assessment.assessment", object_id=str(assessment.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["assessment.start", "assessment.rate", "assessment.submit", "assessment.countersign"]


def test_only_an_assessor_at_the_prison_that_holds_the_person_can_start(make_staff):
    t = team(make_staff)
    elsewhere = make_staff("assessor-elsewhere", roles.CASE_MANAGER, prisons=[PrisonFactory()])
    director = make_staff("director-here", roles.DIRECTOR, prisons=[t.prisoner.current_prison])
    for actor in (elsewhere, director):
        with pytest.raises(PermissionDenied):
            services.assessment_start(actor=actor, prisoner=t.prisoner, instrument_id="general_screening")
    assert not Assessment.objects.exists()


ASSESSOR_THERE = "Only an assessor at the prison that holds this person can do this."


def test_an_assessor_at_the_prison_that_holds_the_person_may_assess(make_staff):
    """Start, rate, submit and record a trigger: assessor_refusal, the reason each service refuses with."""
    t = team(make_staff)
    assert services.assessor_refusal(t.assessor, t.prisoner) is None
    elsewhere = make_staff("assessor-far", roles.CASE_MANAGER, prisons=[PrisonFactory()])
    director = make_staff("director-there", roles.DIRECTOR, prisons=[t.prisoner.current_prison])
    for refused in (elsewhere, director):
        assert services.assessor_refusal(refused, t.prisoner) == ASSESSOR_THERE
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    for step in (
        lambda: services.assessment_start(actor=director, prisoner=t.prisoner, instrument_id="general_screening"),
        lambda: services.assessment_rate(actor=director, assessment=assessment, ratings={}),
        lambda: services.assessment_submit(actor=director, assessment=assessment),
        lambda: services.reassessment_trigger_record(
            actor=director, prisoner=t.prisoner, event="transfer", occurred_on=timezone.localdate()
        ),
    ):
        with pytest.raises(PermissionDenied, match=ASSESSOR_THERE):
            step()


def test_a_second_assessor_reviews(make_staff):
    """Countersign and return: review_refusal, an assessor there who neither started nor submitted it."""
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    services.assessment_rate(actor=t.assessor, assessment=assessment, ratings=full_ratings("general_screening"))
    services.assessment_submit(actor=t.assessor, assessment=assessment)
    assert services.review_refusal(t.second, assessment) is None
    own_work = "A second assessor must countersign or return it, not the one who made it."
    assert services.review_refusal(t.assessor, assessment) == own_work
    elsewhere = make_staff("second-far", roles.CASE_MANAGER, prisons=[PrisonFactory()])
    assert services.review_refusal(elsewhere, assessment) == ASSESSOR_THERE
    with pytest.raises(PermissionDenied, match=own_work):
        services.assessment_return(actor=t.assessor, assessment=assessment, comment="Mine")
    with pytest.raises(PermissionDenied, match=ASSESSOR_THERE):
        services.assessment_countersign(actor=elsewhere, assessment=assessment)


def test_an_instrument_for_another_population_is_refused(make_staff):
    t = team(make_staff, sex="male")
    for instrument_id in ("women_needs", "vep_spj"):
        with pytest.raises(ValidationError) as exc:
            services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id=instrument_id)
        assert "instrument" in exc.value.message_dict


def test_one_open_assessment_per_instrument(make_staff):
    t = team(make_staff)
    services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    with pytest.raises(ValidationError):
        services.assessment_start(actor=t.second, prisoner=t.prisoner, instrument_id="general_screening")


def test_submission_needs_every_item_and_the_evidence_asked_for(make_staff):
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    ratings = full_ratings("general_screening")
    ratings["escape_risk"] = Rating(2, "")
    del ratings["education"]
    services.assessment_rate(actor=t.assessor, assessment=assessment, ratings=ratings)
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=t.assessor, assessment=assessment)
    assert set(exc.value.message_dict) == {"escape_risk_evidence", "education"}
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_spj_final_judgement_is_the_raters_never_computed(make_staff):
    t = team(make_staff, vep=True)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="vep_spj")
    services.assessment_rate(actor=t.assessor, assessment=assessment, ratings=full_ratings("vep_spj", 2))
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=t.assessor, assessment=assessment)
    assert {"rationale", "final_judgement"} <= set(exc.value.message_dict)
    # Every item at its highest, and still the rater may judge the risk low, with reasons.
    services.assessment_rate(
        actor=t.assessor,
        assessment=assessment,
        ratings={},
        rationale="Protective factors dominate",
        final_judgement="low",
    )
    services.assessment_submit(actor=t.assessor, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.final_judgement == "low" and assessment.total_score is None and assessment.computed_level == ""


def test_countersigning_needs_a_second_assessor_and_returning_a_comment(make_staff):
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    services.assessment_rate(actor=t.assessor, assessment=assessment, ratings=full_ratings("general_screening"))
    services.assessment_submit(actor=t.assessor, assessment=assessment)
    with pytest.raises(PermissionDenied):
        services.assessment_countersign(actor=t.assessor, assessment=assessment)
    with pytest.raises(ValidationError) as exc:
        services.assessment_return(actor=t.second, assessment=assessment, comment="  ")
    assert "comment" in exc.value.message_dict
    services.assessment_return(actor=t.second, assessment=assessment, comment="Evidence for escape risk is thin")
    assessment.refresh_from_db()
    assert assessment.status == "returned"
    assert AuditEvent.objects.filter(action="assessment.return", reason="Evidence for escape risk is thin").exists()
    # Corrected and submitted again, then countersigned.
    services.assessment_rate(actor=t.assessor, assessment=assessment, ratings={"escape_risk": Rating(0, "No history")})
    services.assessment_submit(actor=t.assessor, assessment=assessment)
    services.assessment_countersign(actor=t.second, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == "final"


@pytest.mark.parametrize(
    "step",
    ["rate", "submit", "return", "countersign"],
)
def test_a_final_assessment_never_changes(make_staff, step):
    t = team(make_staff)
    assessment = completed(t, "general_screening")
    calls = {
        "rate": lambda: services.assessment_rate(
            actor=t.assessor, assessment=assessment, ratings={"escape_risk": Rating(0, "x")}
        ),
        "submit": lambda: services.assessment_submit(actor=t.assessor, assessment=assessment),
        "return": lambda: services.assessment_return(actor=t.second, assessment=assessment, comment="Late doubt"),
        "countersign": lambda: services.assessment_countersign(actor=t.second, assessment=assessment),
    }
    with pytest.raises(ValidationError):
        calls[step]()
    assessment.refresh_from_db()
    assert assessment.status == "final"


def test_a_stale_rating_is_refused_and_says_who_changed_it(make_staff):
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    seen = assessment.version
    services.assessment_rate(actor=t.second, assessment=assessment, ratings={"education": Rating(2, "")}, version=seen)
    with pytest.raises(ValidationError) as exc:
        services.assessment_rate(
            actor=t.assessor, assessment=assessment, ratings={"education": Rating(0, "")}, version=seen
        )
    assert t.second.username in exc.value.message_dict["version"][0]
    assert assessment.ratings.get(item_code="education").value == 2


def test_completed_assessments_keep_the_version_they_used(make_staff):
    t = team(make_staff)
    assessment = completed(t, "general_screening")
    latest = latest_instruments()["general_screening"]
    stored = InstrumentVersion.objects.get(code="general_screening", version=latest.version)
    assert assessment.instrument == stored
    assert stored.instrument.content_hash() == latest.content_hash()
    # A published file edited in place is refused instead of silently changing the stored copy.
    changed = latest.model_copy(update={"reassessment_days": 1})
    with pytest.raises(InstrumentError, match="new version"):
        services.instrument_version_publish(changed)
    # A new version is published beside it; the completed assessment still points to the one it used.
    newer = latest.model_copy(update={"version": latest.version + 1})
    assert services.instrument_version_publish(newer).version == latest.version + 1
    assessment.refresh_from_db()
    assert assessment.instrument.version == latest.version


def test_transfer_and_legal_status_change_record_reassessment_triggers(make_staff, staff_user):
    t = team(make_staff)
    register_services.legal_status_change(
        actor=staff_user, prisoner=t.prisoner, status="convicted", effective_on=timezone.localdate(), note="Judgment"
    )
    register_services.movement_record(
        actor=staff_user,
        prisoner=t.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=PrisonFactory()
        ),
    )
    assert set(ReassessmentTrigger.objects.values_list("event", flat=True)) == {"sentence_change", "transfer"}
    assert AuditEvent.objects.filter(action="assessment.trigger.transfer").exists()


def test_only_an_assessor_at_the_prison_records_a_trigger(make_staff):
    t = team(make_staff)
    wing = make_staff("wing-trigger", roles.WING, prisons=[t.prisoner.current_prison])
    with pytest.raises(PermissionDenied):
        services.reassessment_trigger_record(
            actor=wing, prisoner=t.prisoner, event="sentence_change", occurred_on=timezone.localdate()
        )
    assert not ReassessmentTrigger.objects.exists()


@pytest.mark.parametrize("event", ["serious_incident", "reliable_intelligence"])
def test_the_events_their_reports_write_are_never_recorded_by_hand(make_staff, event):
    """Only a closed incident report and a graded intelligence report write these two, through
    reassessment_trigger_from_file, which no form or API operation reaches."""
    t = team(make_staff)
    with pytest.raises(ValidationError) as refused:
        services.reassessment_trigger_record(
            actor=t.assessor, prisoner=t.prisoner, event=event, occurred_on=timezone.localdate()
        )
    assert list(refused.value.message_dict) == ["event"] and "not entered by hand" in str(refused.value)
    assert not ReassessmentTrigger.objects.exists() and not AuditEvent.objects.filter(action__contains=event).exists()
    services.reassessment_trigger_from_file(
        actor=t.assessor, prisoner=t.prisoner, event=event, occurred_on=timezone.localdate(), note="Report #1"
    )
    assert ReassessmentTrigger.objects.get().event == event


def test_saving_an_unchanged_draft_changes_nothing(make_staff):
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    services.assessment_rate(actor=t.assessor, assessment=assessment, ratings={"education": Rating(1, "")})
    assessment.refresh_from_db()
    version, events = assessment.version, AuditEvent.objects.count()
    services.assessment_rate(actor=t.assessor, assessment=assessment, ratings={"education": Rating(1, "")})
    assessment.refresh_from_db()
    assert assessment.version == version and AuditEvent.objects.count() == events


def test_a_trigger_cannot_be_in_the_future(make_staff):
    t = team(make_staff)
    with pytest.raises(ValidationError):
        services.reassessment_trigger_record(
            actor=t.assessor,
            prisoner=t.prisoner,
            event="release_planning",
            occurred_on=timezone.localdate() + timedelta(days=1),
        )
