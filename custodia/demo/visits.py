"""Visits and video calls at the largest prison (and the largest women's prison, where the estate
has one), for the demo user `visits` (the visits officer):

- rooms: a visits hall, a closed-visits room, a video room and a child-friendly family room;
- sessions over the past month and the next two weeks on the profile's days (the coming ones
  added by the director through the service, the past ones written as they were held);
- visits held over the past month with their outcomes: completed, cancelled, a video call whose
  connection failed (not counted);
- refused attempts through the booking service, one for each reason that applies: a full
  session, a double booking, a restricted visitor, a visitor not approved for video calls, the
  month's entitlement used, children in a room that is not child-friendly, a non-association in
  the session;
- a mother with her children on the file, booked for a video call with them.

Runs after the contacts (demo/contacts.py): it books their approved contacts."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from custodia.contact import services as contact_services
from custodia.contact.models import Contact
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.choices import Sex
from custodia.register.models import FamilyMember, Prisoner
from custodia.security.models import NonAssociation
from custodia.visits import rules, services
from custodia.visits.models import Booking, RefusedBooking, VisitRoom, VisitSession

from .held import on_roll_at

VISITS, DIRECTOR, RECEPTION, CASE_MANAGER = "visits", "director", "reception", "casemanager"


@dataclass(frozen=True)
class VisitsMade:
    sessions: int
    bookings: int
    refused: int
    mother_call: bool


def _rooms(prison: Prison) -> dict[str, VisitRoom]:
    specs = {
        "hall": ("Visits hall", "in_person", 6, False),
        "closed": ("Closed visits", "closed", 1, False),
        "video": ("Video room", "video", 2, True),
        "family": ("Family room", "in_person", 3, True),
    }
    return {
        key: VisitRoom.objects.create(prison=prison, name=name, kind=kind, capacity=places, child_friendly=child)
        for key, (name, kind, places, child) in specs.items()
    }


def _sessions(director, rooms: dict[str, VisitRoom], today: date) -> int:
    profile = active_profile().visits
    starts = max(profile.opens, time(10))
    ends = time(starts.hour + 1, starts.minute)
    made = 0
    past = rules.session_days(today - timedelta(days=30), today - timedelta(days=1), profile.days)
    for room in rooms.values():
        made += len(
            VisitSession.objects.bulk_create(
                VisitSession(
                    room=room, day=d, starts_at=starts, ends_at=ends, capacity=room.capacity, created_by=director
                )
                for d in past
            )
        )
        made += len(
            services.sessions_add(
                actor=director, room=room, data=services.SessionsData(today, today + timedelta(days=14), starts, ends)
            )
        )
    return made


def _held(booking_day_session: VisitSession, person: Prisoner, visitors: list[Contact], officer, **outcome) -> Booking:
    """A visit of the past month, written as it was recorded on its day."""
    booking = Booking.objects.create(
        session=booking_day_session,
        prisoner=person,
        kind=booking_day_session.room.kind,
        confidential=all(c.confidential for c in visitors),
        booked_by=officer,
        recorded_by=officer,
        **outcome,
    )
    booking.visitors.set(visitors)
    return booking


def _try(officer, person: Prisoner, session: VisitSession, visitors: list[Contact]) -> Booking | None:
    try:
        return services.visit_book(
            actor=officer, prisoner=person, session=session, visitor_ids=[c.pk for c in visitors]
        )
    except ValidationError:
        return None  # refused: the attempt is kept with its reasons


def _coming(room: VisitRoom, today: date, n: int = 0) -> VisitSession | None:
    found = list(VisitSession.objects.filter(room=room, day__gt=today).order_by("day")[: n + 1])
    return found[n] if len(found) > n else None


def _mother(officer, reception, women_id: int | None, today: date) -> bool:
    """A woman with two young children on the file, the children approved for visits and video
    calls, booked for a video call with them in the child-friendly video room (after a refused
    attempt in the visits hall, which is not child-friendly)."""
    if women_id is None:
        return False
    women = [p for p in on_roll_at(women_id) if p.sex == Sex.FEMALE]
    if not women:
        return False
    mother = Prisoner.objects.get(pk=women[0].pk)
    children = [
        FamilyMember.objects.create(prisoner=mother, name=name, relationship="child", birth_year=today.year - age)
        for name, age in (("Amani", 7), ("Neema", 4))
    ]
    contacts = []
    for member in children:
        made = contact_services.contact_from_family(actor=reception, family_member=member)
        contacts.append(
            contact_services.contact_approve(
                actor=reception, contact=made, may_visit=True, may_call=False, may_video=True
            )
        )
    rooms = _rooms(Prison.objects.get(pk=women_id))
    profile = active_profile().visits
    starts = max(profile.opens, time(10))
    day = rules.session_days(today + timedelta(days=1), today + timedelta(days=8), profile.days)[0]
    # The director of the largest prison does not work here: the sessions are written as set up.
    session = VisitSession.objects.create(
        room=rooms["video"],
        day=day,
        starts_at=starts,
        ends_at=time(starts.hour + 1, starts.minute),
        capacity=2,
        created_by=officer,
    )
    # The children in the hall first: refused, the hall is not child-friendly.
    hall = VisitSession.objects.create(
        room=rooms["hall"], day=session.day, starts_at=starts, ends_at=session.ends_at, capacity=6, created_by=officer
    )
    _try(officer, mother, hall, contacts)
    return _try(officer, mother, session, contacts) is not None


def make_visits(*, workplace_id: int, women_id: int | None, today: date) -> VisitsMade | None:
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=(VISITS, DIRECTOR, RECEPTION, CASE_MANAGER))
    }
    if len(users) < 4:
        return None  # accounts that existed before the demo: nothing to record with
    # Sessions are opened and booked through the services, which refuse a day already past: a
    # demo dated earlier (a test's fixed day) has its visits around the real today.
    today = max(today, timezone.localdate())
    officer, director, reception = users[VISITS], users[DIRECTOR], users[RECEPTION]
    workplace = Prison.objects.get(pk=workplace_id)
    rooms = _rooms(workplace)
    sessions = _sessions(director, rooms, today)
    approved = list(
        Contact.objects.filter(prisoner__current_prison=workplace, may_visit=True, restrictions__isnull=True)
        .select_related("prisoner", "family_member")
        .order_by("prisoner_id", "id")
    )
    by_person: dict[int, list[Contact]] = {}
    for contact in approved:
        # Adults only here: children visit in the family room (the mother's call below).
        if contact.family_member is None or contact.family_member.relationship != "child":
            by_person.setdefault(contact.prisoner_id, []).append(contact)
    people = [Prisoner.objects.get(pk=pk) for pk in by_person]
    if not people:
        return VisitsMade(sessions, 0, 0, _mother(officer, users[CASE_MANAGER], women_id, today))
    # The past month: completed visits, a cancelled one, a video call that failed.
    past = list(VisitSession.objects.filter(room__in=rooms.values(), day__lt=today).order_by("day", "room_id"))
    halls = [s for s in past if s.room == rooms["hall"]]
    videos = [s for s in past if s.room == rooms["video"]]
    for n, session in enumerate(halls[: 2 * len(people)]):
        person = people[n % len(people)]
        visitors = [c for c in by_person[person.pk] if not c.confidential][:2] or by_person[person.pk][:1]
        if n == 3:
            _held(session, person, visitors, officer, status="cancelled", reason="The visitor's bus did not come.")
        else:
            _held(
                session,
                person,
                visitors,
                officer,
                status="completed",
                arrived_at=time(9, 45),
                search="nothing",
                started_at=session.starts_at,
                ended_at=session.ends_at,
            )
    video_people = [p for p in people if any(c.may_video for c in by_person[p.pk])] or people[:1]
    for n, session in enumerate(videos[:2]):
        person = video_people[0]
        callers = [c for c in by_person[person.pk] if c.may_video][:1] or by_person[person.pk][:1]
        _held(
            session,
            person,
            callers,
            officer,
            status="completed",
            started_at=session.starts_at,
            ended_at=time(session.starts_at.hour, 8) if n == 0 else session.ends_at,
            connection_failed=n == 0,
        )
    # Coming: booked through the service, and refused attempts with each reason.
    closed = _coming(rooms["closed"], today)
    first = people[0]
    visitors = [c for c in by_person[first.pk] if not c.confidential][:1] or by_person[first.pk][:1]
    if closed is not None:
        for person in people[:2]:
            _try(officer, person, closed, by_person[person.pk][:1])
        third = people[2] if len(people) > 2 else people[0]
        _try(officer, third, closed, by_person[third.pk][:1])  # the room is full
    hall = _coming(rooms["hall"], today)
    if hall is not None:
        _try(officer, first, hall, visitors)  # the person is in the closed room at the same time
    later = _coming(rooms["hall"], today, 1)
    if later is not None:
        _try(officer, first, later, visitors)
        banned = Contact.objects.filter(prisoner=first, restrictions__isnull=False).first()
        if banned is not None:
            _try(officer, first, later, [banned])
        not_for_video = [c for p in people for c in by_person[p.pk] if not c.may_video][:1]
        video = _coming(rooms["video"], today, 1)
        if not_for_video and video is not None:
            _try(officer, Prisoner.objects.get(pk=not_for_video[0].prisoner_id), video, not_for_video)
    _entitlement_used(officer, people, by_person, rooms, today)
    _non_association(officer, workplace, rooms, today, reception)
    mother_call = _mother(officer, users[CASE_MANAGER], women_id, today)
    return VisitsMade(
        sessions=VisitSession.objects.count(),
        bookings=Booking.objects.count(),
        refused=RefusedBooking.objects.count(),
        mother_call=mother_call,
    )


def _entitlement_used(officer, people, by_person, rooms, today: date) -> None:
    """Books the last person's whole month in the family room, then once more: refused."""
    person = people[-1]
    visitors = [c for c in by_person[person.pk] if not c.confidential][:1]
    if not visitors:
        return
    month = list(VisitSession.objects.filter(room=rooms["family"], day__gt=today).order_by("day"))
    allowed = services.use_for(services.month_use(person, today + timedelta(days=1)), "in_person").allowed
    by_month: dict[int, list[VisitSession]] = {}
    for s in month:
        by_month.setdefault(s.day.month, []).append(s)
    for sessions in by_month.values():
        if len(sessions) > allowed:
            for s in sessions[: allowed + 1]:
                _try(officer, person, s, visitors)
            return


def _non_association(officer, workplace: Prison, rooms, today: date, reception) -> None:
    """Two people held here with an open non-association, booked in the same session: the second refused."""
    record = (
        NonAssociation.objects.filter(
            closed_at=None, prisoner_a__current_prison=workplace, prisoner_b__current_prison=workplace
        )
        .select_related("prisoner_a", "prisoner_b")
        .first()
    )
    if record is None:
        return
    session = _coming(rooms["hall"], today, 2)
    if session is None:
        return
    for person in (record.prisoner_a, record.prisoner_b):
        visitor = Contact.objects.filter(prisoner=person, may_visit=True).filter(~Q(kind="legal_adviser")).first()
        if visitor is None:
            made = contact_services.contact_add(
                actor=reception, prisoner=person, data=contact_services.ContactData("friend", "Demo visitor")
            )
            visitor = contact_services.contact_approve(
                actor=reception, contact=made, may_visit=True, may_call=False, may_video=False
            )
        _try(officer, person, session, [visitor])
