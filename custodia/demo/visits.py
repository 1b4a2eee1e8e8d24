"""Visits and video calls at the largest prison (and the largest women's prison, where the estate
has one), for the demo user `visits` (the visits officer):

- rooms: a visits hall, a closed-visits room, a video room and a child-friendly family room;
- sessions over the past month and the next two weeks on the profile's days (the coming ones
  added by the director through the service, the past ones written as they were held);
- visiting families: up to PEOPLE_VISITED people held here have adult relatives on the file
  recorded as contacts by reception and approved for visits and calls (every other one for video
  calls too), beside the contacts of demo/contacts.py;
- a month of visits held, written as they were recorded on their days: the hall busy, closed
  visits, video calls (one in eight whose connection failed: not counted), the family room; a few
  cancelled because the visitor did not come, and one refused on the day after the search;
- the coming two weeks booked through the service;
- refused attempts through the booking service, for every reason: a session already held, a
  person held elsewhere, a full session, a double booking of the person or of a visitor, no
  visitor, a restricted visitor, a visitor not approved for video calls, the month's entitlement
  used, children in a room that is not child-friendly, a non-association in the session;
- a mother with her children on the file, booked for a video call with them.

Runs after the contacts (demo/contacts.py) and after the day's non-associations (demo/today.py)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import cycle

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from custodia.contact import services as contact_services
from custodia.contact.models import Contact
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.choices import Relationship, Sex
from custodia.register.models import FamilyMember, Prisoner
from custodia.security.models import NonAssociation
from custodia.visits import rules, services
from custodia.visits.choices import BookingStatus, SearchOutcome
from custodia.visits.models import Booking, RefusedBooking, VisitRoom, VisitSession

from .held import on_roll_at

VISITS, DIRECTOR, RECEPTION, CASE_MANAGER = "visits", "director", "reception", "casemanager"
PEOPLE_VISITED = 60  # people held at the largest prison whose families the demo's month sees
# Visits held in each past session of a room, taken in turn (the hall holds six, the family room three).
PAST_LOAD = {"hall": (4, 5, 3, 5, 4, 2), "closed": (1, 0, 1), "video": (2, 1, 1), "family": (1, 0, 2)}


@dataclass(frozen=True)
class VisitTexts:
    """What the visits officer writes, in the language the country's files are written in."""

    no_show: str
    item_found: str
    friend: str  # a friend who visits a person with no family on the file


TEXTS = {
    "uganda": VisitTexts(
        "The visitor did not come.",
        "A SIM card was found in the visitor's bag at the search; the visit was refused.",
        "Moses Kato",
    ),
    "kazakhstan": VisitTexts(
        "Посетитель не явился.",
        "При досмотре в сумке посетителя нашли SIM-карту; в свидании отказано.",
        "Нурлан Ахметов",
    ),
    "tunisia": VisitTexts(
        "Le visiteur ne s'est pas présenté.",
        "Une carte SIM trouvée dans le sac du visiteur à la fouille ; la visite a été refusée.",
        "Sami Trabelsi",
    ),
}


@dataclass(frozen=True)
class VisitsMade:
    sessions: int
    bookings: int
    refused: int
    mother_call: bool


def make_visits(*, country: str, workplace_id: int, women_id: int | None, today: date) -> VisitsMade | None:
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=(VISITS, DIRECTOR, RECEPTION, CASE_MANAGER))
    }
    if len(users) < 4:
        return None  # accounts that existed before the demo: nothing to record with
    # Sessions are opened and booked through the services, which refuse a day already past: a
    # demo dated earlier (a test's fixed day) has its visits around the real today.
    today = max(today, timezone.localdate())
    texts = TEXTS.get(country, TEXTS["uganda"])
    officer, director, reception = users[VISITS], users[DIRECTOR], users[RECEPTION]
    workplace = Prison.objects.get(pk=workplace_id)
    rooms = _rooms(workplace)
    _sessions(director, rooms, today)
    pair = _non_associated_pair(workplace)
    visitors = _visiting_families(reception, workplace, texts, first=list(pair))
    if visitors:
        _past_month(officer, rooms, visitors, today, texts)
        _refusals(officer, rooms, visitors, today, pair)
        _coming_weeks(officer, rooms, visitors, today)
    mother_call = _mother(officer, users[CASE_MANAGER], women_id, today)
    if visitors:
        _held_elsewhere(officer, workplace, visitors, today)
    return VisitsMade(
        sessions=VisitSession.objects.count(),
        bookings=Booking.objects.count(),
        refused=RefusedBooking.objects.count(),
        mother_call=mother_call,
    )


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


def _hours() -> tuple[time, time]:
    starts = max(active_profile().visits.opens, time(10))
    return starts, time(starts.hour + 1, starts.minute)


def _sessions(director, rooms: dict[str, VisitRoom], today: date) -> None:
    days = active_profile().visits.days
    starts, ends = _hours()
    past = rules.session_days(today - timedelta(days=30), today - timedelta(days=1), days)
    for room in rooms.values():
        VisitSession.objects.bulk_create(
            VisitSession(room=room, day=d, starts_at=starts, ends_at=ends, capacity=room.capacity, created_by=director)
            for d in past
        )
        services.sessions_add(
            actor=director, room=room, data=services.SessionsData(today, today + timedelta(days=14), starts, ends)
        )


def _non_associated_pair(workplace: Prison) -> tuple[int, ...]:
    """Two people held here with an open non-association (demo/today.py records them), if any."""
    record = (
        NonAssociation.objects.filter(
            closed_at=None, prisoner_a__current_prison=workplace, prisoner_b__current_prison=workplace
        )
        .order_by("pk")
        .first()
    )
    return (record.prisoner_a_id, record.prisoner_b_id) if record else ()


def _visiting_families(reception, workplace: Prison, texts: VisitTexts, first: list[int]) -> dict[int, list[Contact]]:
    """The people whose visitors the month sees, each with their approved adult contacts, no one
    restricted: `first` and up to PEOPLE_VISITED others held here with relatives on the file but no
    contacts yet have up to two relatives recorded by reception (a friend where the file names no
    relative) and approved."""
    with_contacts = set(
        Contact.objects.filter(prisoner__current_prison=workplace).values_list("prisoner_id", flat=True)
    )
    relatives: dict[int, list[FamilyMember]] = {}
    for member in (
        FamilyMember.objects.filter(prisoner__current_prison=workplace)
        .exclude(relationship=Relationship.CHILD)
        .order_by("prisoner_id", "id")
    ):
        relatives.setdefault(member.prisoner_id, []).append(member)
    others = [p.pk for p in on_roll_at(workplace.pk) if p.pk in relatives and p.pk not in with_contacts]
    for n, pk in enumerate(dict.fromkeys(first + others[:PEOPLE_VISITED])):
        if pk in with_contacts:
            continue
        person = Prisoner.objects.get(pk=pk)
        made = [
            contact_services.contact_from_family(actor=reception, family_member=m) for m in relatives.get(pk, [])[:2]
        ]
        if not made:
            data = contact_services.ContactData("friend", texts.friend)
            made = [contact_services.contact_add(actor=reception, prisoner=person, data=data)]
        for contact in made:
            contact_services.contact_approve(
                actor=reception, contact=contact, may_visit=True, may_call=True, may_video=n % 2 == 0
            )
    approved = (
        Contact.objects.filter(prisoner__current_prison=workplace, may_visit=True, restrictions__isnull=True)
        .exclude(family_member__relationship=Relationship.CHILD)  # children visit in the family room
        .order_by("prisoner_id", "id")
    )
    found: dict[int, list[Contact]] = {}
    for contact in approved:
        found.setdefault(contact.prisoner_id, []).append(contact)
    return found


def _visitors_for(contacts: list[Contact], kind: str) -> list[Contact]:
    if kind == "video":
        return [c for c in contacts if c.may_video][:1]
    return [c for c in contacts if not c.confidential][:2] or contacts[:1]


def _past_month(officer, rooms: dict[str, VisitRoom], visitors: dict[int, list[Contact]], today: date, texts) -> None:
    """The visits of the past month, written as they were recorded on their days; nobody twice at
    the same hour, nobody beyond the smallest entitlement of the profile in a month."""
    profile = active_profile().visits
    most = {"in_person": min(profile.per_month.values()), "video": profile.video_calls_per_month}
    turns = {
        "in_person": cycle(visitors),
        "video": cycle([pk for pk, cs in visitors.items() if any(c.may_video for c in cs)] or list(visitors)),
    }
    used: dict[tuple[int, int, str], int] = {}
    loads = {key: cycle(load) for key, load in PAST_LOAD.items()}
    sessions = VisitSession.objects.filter(room__in=rooms.values(), day__lt=today).select_related("room")
    by_day: dict[date, list[VisitSession]] = {}
    for session in sessions.order_by("day", "room_id"):
        by_day.setdefault(session.day, []).append(session)
    made: list[tuple[Booking, list[Contact]]] = []
    numbered = {"in_person": 0, "video": 0}  # each kind's visits in turn, for their outcomes
    for day, day_sessions in by_day.items():
        seen: set[int] = set()
        for session in day_sessions:
            group = "video" if session.room.kind == "video" else "in_person"
            key = next(k for k, room in rooms.items() if room.pk == session.room_id)
            for _place in range(next(loads[key])):
                full = {p for (p, month, g), n in used.items() if (month, g) == (day.month, group) and n >= most[group]}
                pk = _next_free(turns[group], len(visitors), seen | full)
                if pk is None:
                    break
                seen.add(pk)
                used[(pk, day.month, group)] = used.get((pk, day.month, group), 0) + 1
                chosen = _visitors_for(visitors[pk], session.room.kind) or visitors[pk][:1]
                made.append((_outcome(session, pk, chosen, officer, numbered[group], texts), chosen))
                numbered[group] += 1
    Booking.objects.bulk_create(booking for booking, _chosen in made)
    Booking.visitors.through.objects.bulk_create(
        Booking.visitors.through(booking_id=booking.pk, contact_id=contact.pk)
        for booking, chosen in made
        for contact in chosen
    )


def _next_free(turn: Iterator[int], size: int, unavailable: set[int]) -> int | None:
    """The next person in turn who is not unavailable, or None when nobody is after a whole round."""
    for _n in range(size):
        pk = next(turn)
        if pk not in unavailable:
            return pk
    return None


def _outcome(session: VisitSession, pk: int, chosen: list[Contact], officer, n: int, texts: VisitTexts) -> Booking:
    video = session.room.kind == "video"
    base = {
        "session": session,
        "prisoner_id": pk,
        "kind": session.room.kind,
        "confidential": all(c.confidential for c in chosen),
        "booked_by": officer,
        "recorded_by": officer,
    }
    if n % 11 == 3:
        return Booking(**base, status=BookingStatus.CANCELLED, reason=texts.no_show)
    if n % 29 == 17 and not video:
        return Booking(
            **base,
            status=BookingStatus.REFUSED,
            arrived_at=time(9, 40),
            search=SearchOutcome.FOUND,
            reason=texts.item_found,
        )
    failed = video and n % 8 == 1
    return Booking(
        **base,
        status=BookingStatus.COMPLETED,
        arrived_at=None if video else time(9, 45),
        search=SearchOutcome.NOT_NEEDED if video else SearchOutcome.NOTHING,
        started_at=session.starts_at,
        ended_at=time(session.starts_at.hour, 8) if failed else session.ends_at,
        connection_failed=failed,
    )


def _try(officer, person_id: int, session: VisitSession | None, visitors: list[Contact]) -> Booking | None:
    if session is None:
        return None
    try:
        return services.visit_book(
            actor=officer,
            prisoner=Prisoner.objects.get(pk=person_id),
            session=session,
            visitor_ids=[c.pk for c in visitors],
        )
    except ValidationError:
        return None  # refused: the attempt is kept with its reasons


def _coming(room: VisitRoom, today: date, n: int = 0) -> VisitSession | None:
    found = list(VisitSession.objects.filter(room=room, day__gt=today).order_by("day")[: n + 1])
    return found[n] if len(found) > n else None


def _refusals(officer, rooms: dict[str, VisitRoom], visitors: dict[int, list[Contact]], today: date, pair) -> None:
    """Attempts through the booking service that meet each refusal of the coming sessions (and one
    of a session already held), around bookings that pass."""
    people = [pk for pk in visitors if pk not in pair]
    first, second, third = (people * 3)[:3]
    mine = _visitors_for(visitors[first], "in_person")
    held = VisitSession.objects.filter(room=rooms["hall"], day__lt=today).order_by("-day").first()
    _try(officer, first, held, mine)  # the session is over
    closed = _coming(rooms["closed"], today)
    _try(officer, first, closed, visitors[first][:1])
    _try(officer, second, closed, visitors[second][:1])  # the room is full
    hall = _coming(rooms["hall"], today)
    _try(officer, first, hall, mine)  # the person is in the closed room at the same time
    _try(officer, third, hall, [])  # no visitor chosen
    later = _coming(rooms["hall"], today, 1)
    _try(officer, first, later, mine)
    # A visitor restricted by the security officer or the director (demo/contacts.py), whoever's.
    held_here = rooms["hall"].prison_id
    banned = Contact.objects.filter(prisoner__current_prison_id=held_here, restrictions__isnull=False).order_by("pk")
    if (restricted := banned.first()) is not None:
        _try(officer, restricted.prisoner_id, later, [restricted])
    not_for_video = next((c for pk in people for c in visitors[pk] if not c.may_video), None)
    if not_for_video is not None:
        _try(officer, not_for_video.prisoner_id, _coming(rooms["video"], today, 1), [not_for_video])
    _entitlement_used(officer, rooms, third, _visitors_for(visitors[third], "in_person"), today)
    if pair:
        na_session = _coming(rooms["hall"], today, 2)
        for pk in pair:
            _try(officer, pk, na_session, _visitors_for(visitors[pk], "in_person"))


def _entitlement_used(officer, rooms: dict[str, VisitRoom], pk: int, mine: list[Contact], today: date) -> None:
    """Books the person's month to the end in the family room, then once more: refused."""
    month = list(VisitSession.objects.filter(room=rooms["family"], day__gt=today).order_by("day"))
    if not month:
        return
    same_month = [s for s in month if (s.day.year, s.day.month) == (month[0].day.year, month[0].day.month)]
    use = services.use_for(services.month_use(Prisoner.objects.get(pk=pk), same_month[0].day), "in_person")
    left = use.allowed - use.used
    if len(same_month) > left:
        for session in same_month[: left + 1]:
            _try(officer, pk, session, mine)


def _coming_weeks(officer, rooms: dict[str, VisitRoom], visitors: dict[int, list[Contact]], today: date) -> None:
    """Two or three visits booked in each coming hall session and a video call in each video
    session, for people not yet booked in the coming weeks."""
    booked = set(Booking.objects.filter(status=BookingStatus.BOOKED).values_list("prisoner_id", flat=True))
    waiting = iter(pk for pk in reversed(list(visitors)) if pk not in booked)
    for n, session in enumerate(VisitSession.objects.filter(room=rooms["hall"], day__gt=today).order_by("day")):
        for pk in [next(waiting, None) for _place in range(2 + n % 2)]:
            if pk is not None:
                _try(officer, pk, session, _visitors_for(visitors[pk], "in_person"))
    callers = [pk for pk, cs in visitors.items() if pk not in booked and any(c.may_video for c in cs)]
    coming_calls = VisitSession.objects.filter(room=rooms["video"], day__gt=today).order_by("day")
    for session, pk in zip(coming_calls, callers, strict=False):
        _try(officer, pk, session, _visitors_for(visitors[pk], "video"))


def _held_elsewhere(officer, workplace: Prison, visitors: dict[int, list[Contact]], today: date) -> None:
    """A man held here booked into a session of another prison: refused."""
    elsewhere = VisitSession.objects.exclude(room__prison=workplace).filter(day__gt=today).order_by("day").first()
    pk = next(iter(visitors))
    _try(officer, pk, elsewhere, _visitors_for(visitors[pk], "in_person"))


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
    starts, ends = _hours()
    day = rules.session_days(today + timedelta(days=1), today + timedelta(days=8), active_profile().visits.days)[0]
    # The director of the largest prison does not work here: the sessions are written as set up.
    session = VisitSession.objects.create(
        room=rooms["video"], day=day, starts_at=starts, ends_at=ends, capacity=2, created_by=officer
    )
    # The children in the hall first: refused, the hall is not child-friendly.
    hall = VisitSession.objects.create(
        room=rooms["hall"], day=day, starts_at=starts, ends_at=ends, capacity=6, created_by=officer
    )
    _try(officer, mother.pk, hall, contacts)
    return _try(officer, mother.pk, session, contacts) is not None
