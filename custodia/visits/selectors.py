"""Reads of visits, always through the acting user: the rooms, sessions and bookings of the
prisons where the user works (nationwide users everywhere), for holders of view_visits. The
visits officer does not read the prisoner file: these reads carry the name, the number and what
the visit needs, nothing else of the file."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from custodia.accounts.selectors import prison_scope
from custodia.contact.models import Contact
from custodia.core.days import day_start
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.models import CustodyPeriod, Prisoner

from . import rules, services
from .choices import BookingStatus, RoomKind
from .models import Booking, RefusedBooking, VisitRoom, VisitSession

VIEW, BOOK, RECORD, MANAGE, FIGURES = services.VIEW, services.BOOK, services.RECORD, services.MANAGE, services.FIGURES
TAKING_PLACE = [BookingStatus.BOOKED, BookingStatus.COMPLETED]


def _in_scope(user: User, field: str) -> Q:
    scope = prison_scope(user)
    return Q() if scope is None else Q(**{f"{field}__in": scope})


def people(*, user: User) -> QuerySet[Prisoner]:
    """The people held where the user works, for holders of view_visits."""
    if not user.has_perm(VIEW):
        return Prisoner.objects.none()
    return Prisoner.objects.filter(_in_scope(user, "current_prison"), current_prison__isnull=False)


def prisons(*, user: User) -> QuerySet[Prison]:
    if not (user.has_perm(VIEW) or user.has_perm(FIGURES)):
        return Prison.objects.none()
    return Prison.objects.filter(_in_scope(user, "pk"), is_active=True)


def rooms(*, user: User) -> QuerySet[VisitRoom]:
    return VisitRoom.objects.filter(prison__in=prisons(user=user)).select_related("prison")


def sessions(*, user: User, first: date, last: date) -> QuerySet[VisitSession]:
    """The sessions from `first` to `last` with `taken`, the places booked."""
    return (
        VisitSession.objects.filter(room__in=rooms(user=user), day__range=(first, last))
        .select_related("room__prison")
        .annotate(taken=Count("bookings", filter=Q(bookings__status__in=TAKING_PLACE)))
        .annotate(free=F("capacity") - F("taken"))
    )


def taken_of(session: VisitSession) -> int:
    """The places booked in a session read through sessions()."""
    return int(getattr(session, "taken", 0))


def session_get(*, user: User, session_id: int) -> VisitSession:
    return sessions(user=user, first=date.min, last=date.max).get(pk=session_id)


def bookings(*, user: User) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(session__room__in=rooms(user=user))
        .select_related("session__room__prison", "prisoner")
        .prefetch_related(Prefetch("visitors", queryset=Contact.objects.only("id", "name", "kind", "relationship")))
    )


def booking_get(*, user: User, booking_id: int) -> Booking:
    return bookings(user=user).get(pk=booking_id)


def bookable_sessions(*, user: User, prisoner: Prisoner, days: int = 14) -> list[VisitSession]:
    """The sessions at the person's prison from today to `days` ahead with a free place."""
    today = timezone.localdate()
    if prisoner.current_prison_id is None:
        return []
    found = sessions(user=user, first=today, last=today + timedelta(days=days)).filter(
        room__prison_id=prisoner.current_prison_id, room__is_active=True
    )
    return [s for s in found if taken_of(s) < s.capacity]


def visitors_for(*, prisoner: Prisoner) -> list[Contact]:
    """The person's contacts approved for visits or video calls (the name and what it may do)."""
    return list(
        Contact.objects.filter(Q(may_visit=True) | Q(may_video=True), prisoner=prisoner)
        .only("id", "name", "kind", "relationship", "may_visit", "may_video", "prisoner_id")
        .order_by("name", "id")
    )


@dataclass(frozen=True)
class PersonVisits:
    prisoner: Prisoner
    uses: list[services.MonthUse]  # visits, then video calls, this month
    mother: bool
    coming: list[Booking]
    past: list[Booking]
    refused: list[RefusedBooking]


def person_visits(*, user: User, prisoner: Prisoner, last: int = 10, refused: bool = True) -> PersonVisits:
    """The person's entitlement this month, coming and last bookings, and (with `refused`) the
    refused attempts: seven queries at most."""
    today = timezone.localdate()
    children = services.child_birth_years(prisoner)
    uses = services.month_use(prisoner, today, children=children)
    found = list(bookings(user=user).filter(prisoner=prisoner).order_by("-session__day", "-session__starts_at"))
    coming = [b for b in found if b.session.day >= today and b.status == BookingStatus.BOOKED][::-1]
    past = [b for b in found if b not in coming][:last]
    attempts = (
        list(
            RefusedBooking.objects.filter(prisoner=prisoner, session__room__in=rooms(user=user)).select_related(
                "session__room", "attempted_by"
            )[:last]
        )
        if refused
        else []
    )
    profile = active_profile().visits
    mother = rules.is_mother(prisoner.sex, children, today, profile.child_age)
    return PersonVisits(prisoner, list(uses.values()), mother, coming, past, attempts)


def _month(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


# --- figures and prompts ------------------------------------------------------------------------------


def no_contact(*, user: User, today: date | None = None) -> QuerySet[Prisoner]:
    """The people held where the user works, in custody there for longer than the profile's
    no_contact_days, with no completed visit or video call (one that did not fail) in that time:
    a welfare prompt for the case manager."""
    today = today or timezone.localdate()
    days = active_profile().visits.no_contact_days
    since = today - timedelta(days=days)
    scope = prison_scope(user)
    held = Prisoner.objects.filter(current_prison__isnull=False)
    if scope is not None:
        held = held.filter(current_prison__in=scope)
    contacted = Booking.objects.filter(
        status=BookingStatus.COMPLETED, connection_failed=False, session__day__gt=since
    ).values("prisoner_id")
    # From the first moment of the day after `since`, not `started_at__date__gt`: the same people,
    # without converting every open custody period's timestamp to a date (63,000 rows at the
    # scale of Uganda, most of a case manager's home page on SQLite).
    arrived = CustodyPeriod.objects.filter(
        ended_at__isnull=True, started_at__gte=day_start(since + timedelta(days=1))
    ).values("prisoner_id")
    return held.exclude(pk__in=contacted).exclude(pk__in=arrived).order_by("display_name", "number")


@dataclass(frozen=True)
class MonthFigures:
    month: date
    visits: int
    video_calls: int
    failed_calls: int
    cancelled: int
    refused_attempts: int
    people: int  # people with at least one visit or call
    reasons: list[tuple[str, int]]  # refusal reasons, most frequent first


def month_figures(*, user: User, day: date) -> MonthFigures:
    first, last = _month(day)
    prisons_seen = prisons(user=user)
    rows = list(
        Booking.objects.filter(session__room__prison__in=prisons_seen, session__day__range=(first, last)).values_list(
            "prisoner_id", "kind", "status", "connection_failed"
        )
    )
    done = [r for r in rows if r[2] == BookingStatus.COMPLETED]
    reasons: Counter[str] = Counter()
    refused = RefusedBooking.objects.filter(
        session__room__prison__in=prisons_seen, session__day__range=(first, last)
    ).values_list("reasons", flat=True)
    count = 0
    for codes in refused:
        count += 1
        reasons.update(codes)
    return MonthFigures(
        first,
        sum(1 for r in done if r[1] != RoomKind.VIDEO),
        sum(1 for r in done if r[1] == RoomKind.VIDEO and not r[3]),
        sum(1 for r in done if r[3]),
        sum(1 for r in rows if r[2] == BookingStatus.CANCELLED),
        count,
        len({r[0] for r in done}),
        reasons.most_common(),
    )


def per_person(*, user: User, day: date) -> list[tuple[Prisoner, int, int]]:
    """Visits and video calls held per person in the month of `day` (names only for those who may
    view visits: for the others, the figures have no names)."""
    first, last = _month(day)
    counts: dict[int, list[int]] = {}
    done = Booking.objects.filter(
        session__room__prison__in=prisons(user=user),
        session__day__range=(first, last),
        status=BookingStatus.COMPLETED,
        connection_failed=False,
    ).values_list("prisoner_id", "kind")
    for prisoner_id, kind in done:
        counts.setdefault(prisoner_id, [0, 0])[1 if kind == RoomKind.VIDEO else 0] += 1
    named = {p.pk: p for p in Prisoner.objects.filter(pk__in=counts).only("id", "number", "display_name")}
    return sorted(((named[pk], v, c) for pk, (v, c) in counts.items()), key=lambda row: row[0].number)


@dataclass(frozen=True)
class Occupancy:
    session: VisitSession
    taken: int

    @property
    def percent(self) -> int:
        return round(100 * self.taken / self.session.capacity) if self.session.capacity else 0


def occupancy(*, user: User, first: date, last: date) -> list[Occupancy]:
    return [Occupancy(s, taken_of(s)) for s in sessions(user=user, first=first, last=last)]


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
