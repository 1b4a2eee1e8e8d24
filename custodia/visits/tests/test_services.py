"""Writes of visits: rooms and sessions, booking with each refusal reason (all at once, the
attempt kept), the entitlement with a mother's extra, and the day."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custodia.accounts import roles
from custodia.contact.tests.factories import restricted
from custodia.core.models import AuditEvent
from custodia.estate.selectors import active_profile
from custodia.estate.tests.factories import CellFactory
from custodia.register.tests.factories import admit
from custodia.security.models import NonAssociation
from custodia.visits import selectors, services
from custodia.visits.models import Booking, RefusedBooking, VisitSession

from .factories import approved, next_session_day, session, visits_world

pytestmark = pytest.mark.django_db


def _refused(v, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        services.visit_book(actor=v.officer, **kwargs)
    return refused.value.message_dict


def test_the_director_adds_rooms_and_sessions_on_the_profile_days(make_staff):
    v = visits_world(make_staff)
    with pytest.raises(PermissionDenied):
        services.room_add(actor=v.officer, prison=v.w.prison, data=services.RoomData("Room B", "closed", 2))
    room = services.room_add(actor=v.w.director, prison=v.w.prison, data=services.RoomData("Room B", "closed", 2))
    with pytest.raises(ValidationError) as refused:
        services.room_add(actor=v.w.director, prison=v.w.prison, data=services.RoomData("Room B", "bad", 0))
    assert set(refused.value.message_dict) == {"name", "kind", "capacity"}
    today = timezone.localdate()
    data = services.SessionsData(today, today + timedelta(days=13), time(10), time(11))
    made = services.sessions_add(actor=v.w.director, room=room, data=data)
    assert len(made) == 8  # four days a week in the generic profile
    assert {s.day.strftime("%a").lower()[:3] for s in made} == {"tue", "thu", "sat", "sun"}
    assert services.sessions_add(actor=v.w.director, room=room, data=data) == []  # already there
    with pytest.raises(ValidationError) as refused:
        services.sessions_add(
            actor=v.w.director,
            room=room,
            data=services.SessionsData(today, today + timedelta(days=200), time(7), time(8)),
        )
    assert set(refused.value.message_dict) == {"starts_at", "last"}
    assert AuditEvent.objects.filter(action="visit.sessions.add").count() == 1


def test_a_visit_is_booked_and_counted(make_staff):
    v = visits_world(make_staff)
    hall = session(v.hall)
    with pytest.raises(PermissionDenied):
        services.visit_book(actor=v.w.wing, prisoner=v.w.prisoner, session=hall, visitor_ids=[v.mother.pk])
    booking = services.visit_book(actor=v.officer, prisoner=v.w.prisoner, session=hall, visitor_ids=[v.mother.pk])
    assert (booking.kind, booking.confidential, booking.with_children) == ("in_person", False, False)
    use = services.month_use(v.w.prisoner, hall.day)["in_person"]
    assert use.used == 1
    assert AuditEvent.objects.filter(action="visit.book", object_id=str(v.w.prisoner.pk)).count() == 1


def test_each_refusal_reason_is_said_and_the_attempt_kept(make_staff):
    v = visits_world(make_staff)
    hall = session(v.hall, places=1)
    # Children need a child-friendly room.
    refused = _refused(v, prisoner=v.w.prisoner, session=hall, visitor_ids=[v.mother.pk, v.child.pk])
    assert refused == {"session": [str(services.REASONS["children_room"][1])]}
    # No visitor.
    assert "visitors" in _refused(v, prisoner=v.w.prisoner, session=hall, visitor_ids=[])
    services.visit_book(actor=v.officer, prisoner=v.w.prisoner, session=hall, visitor_ids=[v.mother.pk])
    # Full, and the person and the visitor are already booked at this time.
    refused = _refused(v, prisoner=v.w.prisoner, session=hall, visitor_ids=[v.mother.pk])
    assert refused["session"] == ["The session is full: every place is booked."]
    assert refused["prisoner"] == ["The person already has a visit or a video call at this time."]
    assert refused["visitors"] == ["Amina Yusuf is already booked at this time."]
    assert RefusedBooking.objects.filter(prisoner=v.w.prisoner).count() == 3
    last = RefusedBooking.objects.filter(prisoner=v.w.prisoner).first()
    assert last is not None and set(last.reasons) == {"session_full", "person_double", "visitor_double"}
    assert AuditEvent.objects.filter(action="visit.book.refused").count() == 3


def test_a_banned_or_unapproved_visitor_is_refused(make_staff):
    v = visits_world(make_staff)
    friend = approved(v.w, "Hassan Musa", "friend")
    restricted(v.w, friend)
    stranger = services.Contact.objects.create(
        prisoner=v.w.prisoner, kind="friend", name="Not Approved", recorded_by=v.w.reception
    )
    refused = _refused(v, prisoner=v.w.prisoner, session=session(v.hall), visitor_ids=[friend.pk, stranger.pk])
    assert refused["visitors"] == [
        "Hassan Musa is under a restriction in force on the day of the session.",
        "Not Approved is not approved for this kind of visit.",
    ]
    # Somebody else's contact is no visitor of this person.
    other = admit(cell=CellFactory(unit__prison=v.w.prison), given_names="Other")
    assert _refused(v, prisoner=other, session=session(v.hall, start=12), visitor_ids=[v.mother.pk]) == {
        "visitors": ["Choose the visitors among the person's contacts."]
    }


def test_a_closed_or_past_session_and_a_person_held_elsewhere(make_staff):
    v = visits_world(make_staff)
    past = session(v.hall, day=timezone.localdate() - timedelta(days=1))
    assert _refused(v, prisoner=v.w.prisoner, session=past, visitor_ids=[v.mother.pk])["session"] == [
        "This session is over or no longer open for booking."
    ]
    elsewhere = admit(cell=CellFactory(), given_names="Elsewhere")
    with pytest.raises(PermissionDenied):
        services.visit_book(actor=v.officer, prisoner=elsewhere, session=session(v.hall), visitor_ids=[])


def test_the_entitlement_with_a_mothers_extra_and_confidential_visits(make_staff):
    v = visits_world(make_staff)
    uses = services.month_use(v.w.prisoner, timezone.localdate())
    visits, calls = uses["in_person"], uses["video"]
    # Generic profile: 4 visits unclassified, 4 video calls, +2 each for a mother.
    assert (visits.entitlement.base, visits.entitlement.mother_extra, visits.allowed) == (4, 2, 6)
    assert (calls.entitlement.base, calls.entitlement.mother_extra) == (4, 2)
    day = next_session_day()
    for hour in range(9, 15):
        b = services.visit_book(
            actor=v.officer, prisoner=v.w.prisoner, session=session(v.family_room, day, hour), visitor_ids=[v.mother.pk]
        )
        assert b.pk
    next_day = next_session_day(day)
    if next_day.month == day.month:
        hall = session(v.hall, next_day)
        refused = _refused(v, prisoner=v.w.prisoner, session=hall, visitor_ids=[v.mother.pk])
        assert refused["prisoner"] == ["The person's entitlement for this month is used: 6 of 6."]
        lawyer = approved(v.w, "Maître Diallo", "legal_adviser")
        lawyer_visit = services.visit_book(
            actor=v.officer, prisoner=v.w.prisoner, session=hall, visitor_ids=[lawyer.pk]
        )
        assert lawyer_visit.confidential


def test_a_non_association_prevents_sharing_a_session_and_is_named_only_to_who_may_know(make_staff):
    v = visits_world(make_staff)
    other = admit(cell=CellFactory(unit__prison=v.w.prison), given_names="Rival", sex="male")
    theirs = approved(v.w, "Their friend", "friend")
    theirs.prisoner = other
    theirs.save()
    hall = session(v.hall)
    services.visit_book(actor=v.officer, prisoner=other, session=hall, visitor_ids=[theirs.pk])
    low, high = sorted([other, v.w.prisoner], key=lambda p: p.pk)
    NonAssociation.objects.create(
        prisoner_a=low,
        prisoner_b=high,
        level="prison",
        reason="threat",
        role_a="threat",
        role_b="victim",
        comment="Threats",
        authorised_by=v.w.director,
        opened_at=timezone.now(),
    )
    assert _refused(v, prisoner=v.w.prisoner, session=hall, visitor_ids=[v.mother.pk]) == {
        "session": ["A non-association prevents sharing this session."]
    }
    with pytest.raises(ValidationError) as refused:
        services.visit_book(actor=v.case_manager, prisoner=v.w.prisoner, session=hall, visitor_ids=[v.mother.pk])
    [message] = refused.value.message_dict["session"]
    assert other.number in message and "Rival" in message


def test_the_day_is_recorded_and_a_failed_call_does_not_count(make_staff):
    v = visits_world(make_staff)
    today_session = session(v.video, day=timezone.localdate(), start=10)
    call = services.visit_book(
        actor=v.case_manager, prisoner=v.w.prisoner, session=today_session, visitor_ids=[v.mother.pk, v.child.pk]
    )
    assert call.with_children and call.kind == "video"
    assert services.month_use(v.w.prisoner, today_session.day)["video"].used == 1
    with pytest.raises(PermissionDenied):
        services.visit_record(actor=v.case_manager, booking=call, data=services.DayRecord("completed"))
    with pytest.raises(ValidationError) as refused:
        services.visit_record(actor=v.officer, booking=call, data=services.DayRecord("completed"))
    assert set(refused.value.message_dict) == {"started_at", "ended_at"}
    done = services.visit_record(
        actor=v.officer,
        booking=call,
        data=services.DayRecord("completed", started_at=time(10), ended_at=time(10, 20), connection_failed=True),
        version=call.version,
    )
    assert done.duration_minutes == 20 and done.connection_failed
    assert services.month_use(v.w.prisoner, today_session.day)["video"].used == 0
    with pytest.raises(ValidationError):
        services.visit_record(actor=v.officer, booking=done, data=services.DayRecord("cancelled", reason="x"))
    assert AuditEvent.objects.filter(action="visit.record").count() == 1


def test_cancelled_and_refused_need_a_reason_and_a_visit_needs_its_search(make_staff):
    v = visits_world(make_staff)
    hall = session(v.hall, day=timezone.localdate())
    booking = services.visit_book(actor=v.officer, prisoner=v.w.prisoner, session=hall, visitor_ids=[v.mother.pk])
    with pytest.raises(ValidationError) as refused:
        services.visit_record(actor=v.officer, booking=booking, data=services.DayRecord("refused"))
    assert set(refused.value.message_dict) == {"reason"}
    with pytest.raises(ValidationError) as refused:
        services.visit_record(
            actor=v.officer,
            booking=booking,
            data=services.DayRecord("completed", started_at=time(10), ended_at=time(11), connection_failed=True),
        )
    assert set(refused.value.message_dict) == {"search", "connection_failed"}
    services.visit_record(actor=v.officer, booking=booking, data=services.DayRecord("refused", reason="Visitor drunk"))
    assert Booking.objects.get(pk=booking.pk).status == "refused"


def test_no_contact_prompt(make_staff):
    v = visits_world(make_staff)
    assert list(selectors.no_contact(user=v.case_manager)) == []  # just arrived
    later = timezone.localdate() + timedelta(days=40)
    assert list(selectors.no_contact(user=v.case_manager, today=later)) == [v.w.prisoner]
    elsewhere = make_staff("case-elsewhere", roles.CASE_MANAGER, prisons=[CellFactory().unit.prison])
    assert list(selectors.no_contact(user=elsewhere, today=later)) == []
    assert VisitSession.objects.count() == 0


def test_no_contact_counts_from_the_local_day_of_arrival(make_staff):
    """The prompt comes `no_contact_days` after the day of arrival in the prison's time zone: here
    01:30 in Kampala, still the day before in UTC."""
    v = visits_world(make_staff)
    days = active_profile().visits.no_contact_days
    with timezone.override(ZoneInfo("Africa/Kampala")):
        arrived_on = timezone.localdate() - timedelta(days=200)
        at = timezone.make_aware(datetime.combine(arrived_on, time(1, 30)))
        person = admit(cell=CellFactory(unit__prison=v.w.prison), given_names="Late", admitted_at=at)
        assert person not in selectors.no_contact(user=v.case_manager, today=arrived_on + timedelta(days=days - 1))
        assert person in selectors.no_contact(user=v.case_manager, today=arrived_on + timedelta(days=days))
