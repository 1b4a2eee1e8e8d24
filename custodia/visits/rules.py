"""Pure rules of visits and video calls: the monthly entitlement and its parts, which bookings
count against it, the days sessions are held on, and every reason a booking is refused. No
database here: the services gather the facts and these decide.

Mandela Rules 58-61 and Bangkok Rules 26-28:
- a person is entitled each month to `per_month[level]` visits by classification level
  (`unclassified` before a first decision) and to `video_calls_per_month` video calls; a woman
  with a child under `child_age` to `mother_extra_per_month` more of each (Bangkok Rule 26);
- a legal adviser's or a consular officer's visit is confidential and never counts (Rule 61);
- a cancelled or refused visit and a video call whose connection failed do not count;
- visits with children take place in a child-friendly setting (Bangkok Rule 28)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

UNCLASSIFIED = "unclassified"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Kinds of room and of booking (choices.RoomKind): a video call is counted apart from visits.
VIDEO = "video"

# What a booking may become (choices.BookingStatus), and which ones are spent from the entitlement.
BOOKED, COMPLETED, CANCELLED, REFUSED = "booked", "completed", "cancelled", "refused"
COUNTED_STATUSES = {BOOKED, COMPLETED}


@dataclass(frozen=True)
class Entitlement:
    """How many visits (or video calls) a person may have in a month, with its parts."""

    base: int
    mother_extra: int = 0

    @property
    def allowed(self) -> int:
        return self.base + self.mother_extra


def is_mother(sex: str, child_birth_years: Iterable[int | None], today: date, child_age: int) -> bool:
    """A woman with a child under `child_age` (Bangkok Rule 26). A child whose year of birth is
    not recorded counts: the extra entitlement is not lost to a gap in the file."""
    if sex != "female":
        return False
    return any(year is None or today.year - year < child_age for year in child_birth_years)


def entitlement(
    *,
    kind: str,
    level: str | None,
    per_month: dict[str, int],
    video_calls_per_month: int,
    mother_extra_per_month: int,
    mother: bool,
) -> Entitlement:
    """The monthly entitlement for a booking of `kind`: visits by the person's level (an unknown
    level as `unclassified`), video calls the same for everyone; a mother's extra on top."""
    if kind == VIDEO:
        base = video_calls_per_month
    else:
        base = per_month.get(level or UNCLASSIFIED, per_month.get(UNCLASSIFIED, 0))
    return Entitlement(base, mother_extra_per_month if mother else 0)


def counts_against_entitlement(status: str, confidential: bool, connection_failed: bool) -> bool:
    """A booking spends one of the month's entitlement unless it is confidential (a legal adviser
    or consular officer, Rule 61), cancelled or refused, or a video call that failed."""
    return status in COUNTED_STATUSES and not confidential and not connection_failed


def same_kind(a: str, b: str) -> bool:
    """Visits (in person or closed) are counted together, video calls apart."""
    return (a == VIDEO) == (b == VIDEO)


def session_days(first: date, last: date, weekdays: Iterable[str]) -> list[date]:
    """The days from `first` to `last` (both included) that fall on the profile's `weekdays`."""
    wanted = {WEEKDAYS.index(day) for day in weekdays}
    return [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + timedelta(days=n)).weekday() in wanted
    ]


def session_problems(starts_at: time, ends_at: time, opens: time, closes: time, capacity: int) -> dict[str, str]:
    """What is wrong with a session's hours and places, problem codes by field."""
    problems = {}
    if ends_at <= starts_at:
        problems["ends_at"] = "ends_before_start"
    elif starts_at < opens or ends_at > closes:
        problems["starts_at"] = "outside_hours"
    if capacity < 1:
        problems["capacity"] = "no_places"
    return problems


def overlaps(a: tuple[date, time, time], b: tuple[date, time, time]) -> bool:
    """Two sessions (day, start, end) that share some time."""
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


@dataclass(frozen=True)
class Visitor:
    """What a booking needs to know about one visitor (a contact of the person)."""

    id: int
    name: str
    approved: bool  # for this kind of visit (may_visit, or may_video for a video call)
    restricted: bool  # a restriction in force on the day of the session
    busy: bool = False  # already booked in a session at the same time
    child: bool = False
    confidential: bool = False  # a legal adviser or a consular officer


@dataclass(frozen=True)
class Attempt:
    """Everything a booking is decided on, as plain data."""

    kind: str  # the room's kind
    open: bool  # the session is still ahead and not cancelled
    held_here: bool  # the person is held at the session's prison
    capacity: int
    booked: int  # bookings already in the session
    person_busy: bool  # the person already has a booking at the same time
    visitors: list[Visitor] = field(default_factory=list)
    used: int = 0  # bookings of the same kind that count this month
    allowed: int = 0
    child_friendly: bool = False
    non_associated: list[int] = field(default_factory=list)  # people booked in the session

    @property
    def confidential(self) -> bool:
        return bool(self.visitors) and all(v.confidential for v in self.visitors)


@dataclass(frozen=True)
class Reason:
    """Why a booking is refused: a code (see services.REASONS) and whom it concerns (a visitor's
    or the other person's id), if anyone."""

    code: str
    about: int | None = None


def refusal_reasons(attempt: Attempt) -> list[Reason]:
    """Every reason the booking is refused, in a stable order; an empty list books it."""
    reasons = []
    if not attempt.open:
        reasons.append(Reason("session_closed"))
    if not attempt.held_here:
        reasons.append(Reason("not_held_here"))
    if attempt.booked >= attempt.capacity:
        reasons.append(Reason("session_full"))
    if attempt.person_busy:
        reasons.append(Reason("person_double"))
    if not attempt.visitors:
        reasons.append(Reason("no_visitor"))
    for visitor in attempt.visitors:
        if visitor.restricted:
            reasons.append(Reason("visitor_banned", visitor.id))
        elif not visitor.approved:
            reasons.append(Reason("visitor_not_approved", visitor.id))
        if visitor.busy:
            reasons.append(Reason("visitor_double", visitor.id))
    if not attempt.confidential and attempt.used >= attempt.allowed:
        reasons.append(Reason("entitlement_used"))
    if attempt.kind != VIDEO and any(v.child for v in attempt.visitors) and not attempt.child_friendly:
        reasons.append(Reason("children_room"))
    reasons += [Reason("non_association", other) for other in attempt.non_associated]
    return reasons
