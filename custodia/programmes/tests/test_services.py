"""Programme services: every step with its audit event, who may act, suitability refusals,
attendance for the group, the end of a place, a transfer, and declining as the person's choice."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from custodia.accounts import roles
from custodia.classification import queries as classification_queries
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory
from custodia.programmes import services
from custodia.programmes.choices import ParticipationStatus, ProgrammeKind
from custodia.register import services as register_services
from custodia.register.choices import MovementKind, ReleaseReason
from custodia.security import services as security_services

from .factories import another_person, scene

pytestmark = pytest.mark.django_db


def actions_on(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_the_coordinator_keeps_the_catalogue_and_others_may_not(make_staff):
    s = scene(make_staff)
    assert actions_on(s.programme) == ["programme.create"]
    data = services.ProgrammeData(name="Carpentry", kind=ProgrammeKind.VOCATIONAL, capacity=8)
    for actor in (s.w.case_manager, s.facilitator, s.w.director):
        with pytest.raises(PermissionDenied):
            services.programme_create(actor=actor, prison=s.w.prison, data=data)
    updated = services.programme_update(
        actor=s.coordinator, programme=s.programme, data=data, version=s.programme.version
    )
    assert updated.name == "Carpentry" and list(updated.facilitators.all()) == []
    assert actions_on(s.programme) == ["programme.create", "programme.update"]
    with pytest.raises(ValidationError) as exc:
        services.programme_update(actor=s.coordinator, programme=s.programme, data=data, version=1)
    assert "version" in exc.value.message_dict


def test_referral_allocation_attendance_and_completion(make_staff):
    s = scene(make_staff)
    p = s.refer()
    assert p.status == ParticipationStatus.REFERRED and p.objective is not None
    with pytest.raises(PermissionDenied):
        services.participation_allocate(actor=s.w.case_manager, participation=p)
    s.allocate(p)
    session = s.session_today()
    p.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(actor=s.facilitator, session=session, marks=[services.Mark(p.pk, "absent", "")])
    assert f"mark_{p.pk}" in exc.value.message_dict
    services.attendance_record(
        actor=s.facilitator, session=session, marks=[services.Mark(p.pk, "present")], notes="Good start"
    )
    session.refresh_from_db()
    assert session.notes == "Good start" and session.attendance_by == s.facilitator
    with pytest.raises(ValidationError):
        services.participation_end(actor=s.coordinator, participation=p, ending=services.Ending(status="completed"))
    services.participation_end(
        actor=s.coordinator,
        participation=p,
        ending=services.Ending(status="completed", achievement="achieved", report="Reads fluently"),
    )
    p.refresh_from_db()
    assert p.status == ParticipationStatus.COMPLETED and p.achievement == "achieved"
    assert actions_on(p) == ["programme.refer", "programme.allocate", "programme.end"]
    assert actions_on(session)[-1] == "programme.attendance"


def test_only_the_programmes_facilitators_or_the_coordinator_record_attendance(make_staff):
    s = scene(make_staff)
    p = s.allocate(s.refer())
    other = make_staff("other-facilitator", "programme_facilitator", prisons=[s.w.prison])
    session = s.session_today()
    for actor in (other, s.w.case_manager):
        with pytest.raises(PermissionDenied):
            services.attendance_record(actor=actor, session=session, marks=[services.Mark(p.pk, "present")])
    services.attendance_record(actor=s.coordinator, session=session, marks=[services.Mark(p.pk, "excused")])


def test_attendance_is_open_on_the_local_day_of_the_session(make_staff, settings):
    """Late in the evening west of Greenwich the session's day is already tomorrow in UTC: the
    day that counts is the prison's."""
    settings.TIME_ZONE = "America/Bogota"
    s = scene(make_staff)
    p = s.allocate(s.refer())
    today = timezone.localdate()
    late, tomorrow = services.sessions_schedule(
        actor=s.coordinator,
        programme=s.programme,
        first_day=today,
        weekdays=(today.weekday(), (today + timedelta(days=1)).weekday()),
        at=time(23, 30),
        weeks=1,
    )[:2]
    services.attendance_record(actor=s.facilitator, session=late, marks=[services.Mark(p.pk, "present")])
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(actor=s.facilitator, session=tomorrow, marks=[services.Mark(p.pk, "present")])
    assert "session" in exc.value.message_dict


def test_capacity_refuses_a_place_naming_it(make_staff):
    s = scene(make_staff, capacity=1)
    s.allocate(s.refer())
    second = s.refer(another_person(make_staff, s))
    with pytest.raises(ValidationError) as exc:
        s.allocate(second)
    assert "1 of 1 places" in str(exc.value.message_dict["status"])


def test_separation_and_non_associations_refuse_a_group_place(make_staff):
    s = scene(make_staff)
    s.allocate(s.refer())
    woman = another_person(make_staff, s, sex="female")
    with pytest.raises(ValidationError) as exc:
        s.allocate(s.refer(woman))
    assert "Rule 11(a)" in " ".join(exc.value.message_dict["status"])
    rival = another_person(make_staff, s)
    security_services.non_association_open(
        actor=make_staff("security", roles.SECURITY, prisons=[s.w.prison]),
        prisoner=s.w.prisoner,
        other=rival.prisoner,
        level="unit",
        reason="threats",
        role="victim",
        other_role="aggressor",
        comment="Threatened in the yard",
    )
    with pytest.raises(ValidationError) as exc:
        s.allocate(s.refer(rival))
    assert "non-association" in " ".join(exc.value.message_dict["status"])


def test_an_individual_activity_does_not_check_the_group(make_staff):
    s = scene(make_staff)
    s.programme.mixes_people = False
    s.programme.save()
    s.allocate(s.refer())
    woman = another_person(make_staff, s, sex="female")
    assert s.allocate(s.refer(woman)).status == ParticipationStatus.ALLOCATED


def test_declining_is_the_persons_choice_with_their_reason(make_staff):
    s = scene(make_staff)
    p = s.refer()
    with pytest.raises(ValidationError):
        services.participation_decline(actor=s.w.case_manager, participation=p, reason=" ")
    with pytest.raises(PermissionDenied):
        services.participation_decline(actor=s.facilitator, participation=p, reason="No")
    services.participation_decline(actor=s.w.case_manager, participation=p, reason="Prefers work")
    p.refresh_from_db()
    assert p.status == ParticipationStatus.DECLINED and p.end_reason == "Prefers work"
    assert actions_on(p) == ["programme.refer", "programme.decline"]


@hyp_settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(allocated_first=st.booleans(), reason=st.text(min_size=1, max_size=40).filter(str.strip))
def test_refusal_never_changes_the_classification_proposal(make_staff, allocated_first, reason):
    s = scene(make_staff)
    p = s.refer()
    if allocated_first:
        s.allocate(p)
    before, _facts = classification_queries.compute_proposal(s.w.prisoner)
    services.participation_decline(actor=s.w.case_manager, participation=p, reason=reason)
    after, _facts = classification_queries.compute_proposal(s.w.prisoner)
    assert after == before


def test_a_completed_programme_meets_the_classification_prerequisite(make_staff):
    s = scene(make_staff, kind=ProgrammeKind.DISENGAGEMENT)
    assert classification_queries.inputs_of(s.w.prisoner.pk).completed_programme is None
    p = s.allocate(s.refer())
    services.participation_end(
        actor=s.coordinator,
        participation=p,
        ending=services.Ending(status="completed", achievement="partly", report="Engaged"),
    )
    found = classification_queries.inputs_of(s.w.prisoner.pk).completed_programme
    assert found is not None and found.name == s.programme.name and found.on == timezone.localdate()


def test_religious_counselling_is_never_classification_evidence(make_staff):
    s = scene(make_staff, kind=ProgrammeKind.RELIGIOUS)
    p = s.allocate(s.refer())
    services.participation_end(
        actor=s.coordinator,
        participation=p,
        ending=services.Ending(status="completed", achievement="achieved", report="Attended"),
    )
    assert classification_queries.inputs_of(s.w.prisoner.pk).completed_programme is None


def test_removal_needs_a_reason(make_staff):
    s = scene(make_staff)
    p = s.allocate(s.refer())
    with pytest.raises(ValidationError) as exc:
        services.participation_end(actor=s.coordinator, participation=p, ending=services.Ending(status="removed"))
    assert "reason" in exc.value.message_dict
    services.participation_end(
        actor=s.coordinator, participation=p, ending=services.Ending(status="removed", reason="Disruptive")
    )


def test_a_transfer_out_ends_participation(make_staff):
    s = scene(make_staff)
    p = s.allocate(s.refer())
    elsewhere = CellFactory()
    register_services.movement_record(
        actor=None,
        prisoner=s.w.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.TRANSFER,
            occurred_at=timezone.now() - timedelta(minutes=1),
            to_prison=elsewhere.unit.prison,
            to_cell=elsewhere,
            reason="Closer to family",
        ),
    )
    p.refresh_from_db()
    assert p.status == ParticipationStatus.TRANSFERRED
    assert actions_on(p)[-1] == "programme.transfer"


def test_a_release_ends_an_open_place_and_triggers_no_reassessment(make_staff):
    s = scene(make_staff)
    placed = s.allocate(s.refer())
    register_services.movement_record(
        actor=None,
        prisoner=s.w.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.RELEASE,
            occurred_at=timezone.now() - timedelta(minutes=1),
            release_reason=ReleaseReason.END_OF_SENTENCE,
        ),
    )
    placed.refresh_from_db()
    assert placed.status == ParticipationStatus.LEFT_CUSTODY
    assert actions_on(placed)[-1] == "programme.left_custody"
    # Leaving custody is not a reason to reassess: no trigger is recorded.
    assert not s.w.prisoner.reassessment_triggers.exists()
