"""Writes of visits, each in one transaction with its audit event.

The director sets up the rooms and the sessions of the prison (on the profile's days and hours).
The visits officer and the case manager book a visit or a video call for a person held there, with
visitors among the person's approved contacts; every check of rules.refusal_reasons runs, and a
refused attempt is kept with all its reasons (RefusedBooking) before the refusal is raised. The
visits officer records the day: arrival, search, start and end, or why it was cancelled or refused."""

from dataclasses import dataclass
from datetime import date, time

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import works_at
from custodia.classification.queries import approved_level
from custodia.contact import rules as contact_rules
from custodia.contact.models import Contact, Restriction
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.versions import bump_version, check_version
from custodia.core.workflow import locked
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.choices import Relationship
from custodia.register.models import FamilyMember, Prisoner
from custodia.security.selectors import open_non_association_between, open_non_associations_of

from . import rules
from .choices import BookingStatus, RoomKind, SearchOutcome
from .models import Booking, RefusedBooking, VisitRoom, VisitSession

VIEW = "accounts.view_visits"
BOOK = "accounts.book_visits"
RECORD = "accounts.record_visits"
MANAGE = "accounts.manage_visit_sessions"
FIGURES = "accounts.view_visit_figures"
VIEW_NON_ASSOCIATIONS = "accounts.view_non_associations"

ADULT_AGE = 18  # a visitor under this age needs a child-friendly room (Bangkok Rule 28)
LONGEST_RANGE_DAYS = 92  # sessions are added for at most a quarter at once

# Every reason a booking is refused, under the field it concerns.
REASONS = {
    "session_closed": ("session", gettext_lazy("This session is over or no longer open for booking.")),
    "not_held_here": ("prisoner", gettext_lazy("The person is not held at the prison of this session.")),
    "session_full": ("session", gettext_lazy("The session is full: every place is booked.")),
    "person_double": ("prisoner", gettext_lazy("The person already has a visit or a video call at this time.")),
    "no_visitor": ("visitors", gettext_lazy("Choose at least one visitor.")),
    "visitor_banned": ("visitors", gettext_lazy("%(name)s is under a restriction in force on the day of the session.")),
    "visitor_not_approved": ("visitors", gettext_lazy("%(name)s is not approved for this kind of visit.")),
    "visitor_double": ("visitors", gettext_lazy("%(name)s is already booked at this time.")),
    "entitlement_used": (
        "prisoner",
        gettext_lazy("The person's entitlement for this month is used: %(used)s of %(allowed)s."),
    ),
    "children_room": (
        "session",
        gettext_lazy("Children visit in a child-friendly setting (Bangkok Rule 28): choose a child-friendly room."),
    ),
    "non_association": ("session", gettext_lazy("A non-association prevents sharing this session.")),
}
PROBLEMS = {
    "ends_before_start": gettext_lazy("The end must be after the start."),
    "outside_hours": gettext_lazy("Sessions are held between %(opens)s and %(closes)s (the country profile)."),
    "no_places": gettext_lazy("A session has at least one place."),
}


def _at(actor: User, prison: Prison | None) -> bool:
    return prison is not None and works_at(actor, prison)


def manage_refusal(actor: User, prison: Prison) -> str | None:
    if actor.has_perm(MANAGE) and _at(actor, prison):
        return None
    return _("Only the director of the prison sets up its visit rooms and sessions.")


def book_refusal(actor: User, prison: Prison | None) -> str | None:
    if actor.has_perm(BOOK) and _at(actor, prison):
        return None
    return _("Only the visits officer or the case manager of the prison that holds the person books visits.")


def record_refusal(actor: User, prison: Prison) -> str | None:
    if actor.has_perm(RECORD) and _at(actor, prison):
        return None
    return _("Only the visits officer of the prison records visits on the day.")


# --- rooms and sessions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomData:
    name: str
    kind: str
    capacity: int
    child_friendly: bool = False


@transaction.atomic
def room_add(*, actor: User, prison: Prison, data: RoomData) -> VisitRoom:
    ensure_allowed(manage_refusal(actor, prison))
    problems = {}
    if not data.name.strip():
        problems["name"] = _("Give the room's name.")
    elif VisitRoom.objects.filter(prison=prison, name=data.name.strip()).exists():
        problems["name"] = _("This prison already has a room of this name.")
    if data.kind not in RoomKind.values:
        problems["kind"] = _("Choose the kind of room.")
    if data.capacity < 1:
        problems["capacity"] = str(PROBLEMS["no_places"])
    if problems:
        raise ValidationError(problems)
    room = VisitRoom.objects.create(
        prison=prison,
        name=data.name.strip(),
        kind=data.kind,
        capacity=data.capacity,
        child_friendly=data.child_friendly,
    )
    audit.record(
        actor=actor, action=AuditAction.VISIT_ROOM_ADD, obj=prison, changes=audit.changes_of(room=(None, room.pk))
    )
    return room


@dataclass(frozen=True)
class SessionsData:
    first: date
    last: date
    starts_at: time
    ends_at: time


@transaction.atomic
def sessions_add(*, actor: User, room: VisitRoom, data: SessionsData) -> list[VisitSession]:
    """Sessions in `room` from `first` to `last` on the profile's days, at the same hours, with
    the room's places; a day that already has the session is skipped."""
    ensure_allowed(manage_refusal(actor, room.prison))
    profile = active_profile().visits
    problems = {
        field: str(PROBLEMS[code] % {"opens": f"{profile.opens:%H:%M}", "closes": f"{profile.closes:%H:%M}"})
        for field, code in rules.session_problems(
            data.starts_at, data.ends_at, profile.opens, profile.closes, room.capacity
        ).items()
    }
    if data.last < data.first:
        problems["last"] = _("The last day cannot be before the first.")
    elif (data.last - data.first).days > LONGEST_RANGE_DAYS:
        problems["last"] = _("Add sessions for at most %(days)s days at once.") % {"days": LONGEST_RANGE_DAYS}
    elif data.first < timezone.localdate():
        problems["first"] = _("Sessions are added from today on.")
    if problems:
        raise ValidationError(problems)
    existing = set(
        VisitSession.objects.filter(
            room=room, starts_at=data.starts_at, day__range=(data.first, data.last)
        ).values_list("day", flat=True)
    )
    made = VisitSession.objects.bulk_create(
        VisitSession(
            room=room, day=day, starts_at=data.starts_at, ends_at=data.ends_at, capacity=room.capacity, created_by=actor
        )
        for day in rules.session_days(data.first, data.last, profile.days)
        if day not in existing
    )
    if not made:
        return made
    audit.record(
        actor=actor,
        action=AuditAction.VISIT_SESSIONS_ADD,
        obj=room.prison,
        changes=audit.changes_of(
            room=(None, room.pk), first=(None, data.first), last=(None, data.last), count=(None, len(made))
        ),
    )
    return made


# --- entitlement ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthUse:
    """A person's entitlement for one kind (visits or video calls) in a month, and how much is used."""

    kind: str  # RoomKind.IN_PERSON for visits, RoomKind.VIDEO for video calls
    entitlement: rules.Entitlement
    used: int

    @property
    def allowed(self) -> int:
        return self.entitlement.allowed


def child_birth_years(prisoner: Prisoner) -> list[int | None]:
    return list(
        FamilyMember.objects.filter(prisoner=prisoner, relationship=Relationship.CHILD).values_list(
            "birth_year", flat=True
        )
    )


def month_use(
    prisoner: Prisoner, day: date, *, exclude: int | None = None, children: list[int | None] | None = None
) -> dict[str, MonthUse]:
    """The person's entitlement of visits and of video calls in the month of `day`, with what is
    used: three queries (the level, the children unless given, the month's bookings)."""
    profile = active_profile().visits
    children = child_birth_years(prisoner) if children is None else children
    mother = rules.is_mother(prisoner.sex, children, day, profile.child_age)
    level = approved_level(prisoner.pk)
    bookings = Booking.objects.filter(prisoner=prisoner, session__day__year=day.year, session__day__month=day.month)
    if exclude is not None:
        bookings = bookings.exclude(pk=exclude)
    spent = [
        kind
        for kind, status, confidential, failed in bookings.values_list(
            "kind", "status", "confidential", "connection_failed"
        )
        if rules.counts_against_entitlement(status, confidential, failed)
    ]
    found = {}
    for kind in (RoomKind.IN_PERSON, RoomKind.VIDEO):
        ent = rules.entitlement(
            kind=kind,
            level=level,
            per_month=profile.per_month,
            video_calls_per_month=profile.video_calls_per_month,
            mother_extra_per_month=profile.mother_extra_per_month,
            mother=mother,
        )
        found[str(kind)] = MonthUse(str(kind), ent, sum(1 for k in spent if rules.same_kind(k, kind)))
    return found


def use_for(uses: dict[str, MonthUse], kind: str) -> MonthUse:
    return uses[RoomKind.VIDEO if kind == RoomKind.VIDEO else RoomKind.IN_PERSON]


# --- booking ----------------------------------------------------------------------------------------


def _is_child(contact: Contact, day: date) -> bool:
    member = contact.family_member
    if member is None or member.relationship != Relationship.CHILD:
        return False
    return member.birth_year is None or day.year - member.birth_year < ADULT_AGE


def _overlapping(session: VisitSession) -> list[int]:
    same_day = VisitSession.objects.filter(day=session.day, room__prison_id=session.room.prison_id)
    mine = (session.day, session.starts_at, session.ends_at)
    return [
        s.pk
        for s in same_day.only("id", "day", "starts_at", "ends_at")
        if rules.overlaps(mine, (s.day, s.starts_at, s.ends_at))
    ]


def _attempt(session: VisitSession, prisoner: Prisoner, contacts: list[Contact]) -> rules.Attempt:
    day = session.day
    kind = session.room.kind
    at_same_time = _overlapping(session)
    active = Booking.objects.filter(session_id__in=at_same_time, status=BookingStatus.BOOKED)
    busy_visitors = set(
        Booking.visitors.through.objects.filter(
            booking__in=active, contact_id__in=[c.pk for c in contacts]
        ).values_list("contact_id", flat=True)
    )
    visitors = [
        rules.Visitor(
            id=c.pk,
            name=c.name,
            approved=c.may_video if kind == RoomKind.VIDEO else c.may_visit,
            restricted=any(
                contact_rules.Period(r.starts_on, r.ends_on, r.lifted_on).in_force(day) for r in c.restrictions.all()
            ),
            busy=c.pk in busy_visitors,
            child=_is_child(c, day),
            confidential=c.confidential,
        )
        for c in contacts
    ]
    in_session = set(
        session.bookings.filter(status__in=[BookingStatus.BOOKED, BookingStatus.COMPLETED]).values_list(
            "prisoner_id", flat=True
        )
    )
    others = set()
    for record in open_non_associations_of(prisoner.pk):
        other = record.prisoner_b_id if record.prisoner_a_id == prisoner.pk else record.prisoner_a_id
        if other in in_session:
            others.add(other)
    use = use_for(month_use(prisoner, day), kind)
    return rules.Attempt(
        kind=kind,
        open=day >= timezone.localdate(),
        held_here=prisoner.current_prison_id == session.room.prison_id,
        capacity=session.capacity,
        booked=session.bookings.filter(status__in=[BookingStatus.BOOKED, BookingStatus.COMPLETED]).count(),
        person_busy=active.filter(prisoner=prisoner).exists(),
        visitors=visitors,
        used=use.used,
        allowed=use.allowed,
        child_friendly=session.room.child_friendly,
        non_associated=sorted(others),
    )


def reason_messages(
    reasons: list[rules.Reason], *, actor: User, prisoner_id: int, names: dict[int, str], use: MonthUse | None = None
) -> dict[str, list[str]]:
    """The messages of refusal reasons by field, in the user's language. The other person of a
    non-association is named, with the reason, only to those who may see non-associations."""
    found: dict[str, list[str]] = {}
    for reason in reasons:
        field, message = REASONS[reason.code]
        text = str(message) % {
            "name": names.get(reason.about or 0, "?"),
            "used": use.used if use else "?",
            "allowed": use.allowed if use else "?",
        }
        if reason.code == "non_association" and actor.has_perm(VIEW_NON_ASSOCIATIONS) and reason.about:
            text = _non_association_detail(prisoner_id, reason.about) or text
        found.setdefault(field, []).append(text)
    return found


def _non_association_detail(prisoner_id: int, other_id: int) -> str | None:
    record = open_non_association_between(prisoner_id, other_id)
    other = Prisoner.objects.filter(pk=other_id).first()
    if record is None or other is None:
        return None
    return _("A non-association with %(number)s %(name)s prevents sharing this session (%(reason)s).") % {
        "number": other.number,
        "name": other.display_name,
        "reason": record.get_reason_display(),
    }


def _contacts(prisoner: Prisoner, visitor_ids: list[int]) -> list[Contact]:
    contacts = list(
        Contact.objects.filter(prisoner=prisoner, pk__in=visitor_ids)
        .select_related("family_member")
        .prefetch_related(Prefetch("restrictions", queryset=Restriction.objects.all()))
        .order_by("id")
    )
    if len(contacts) != len(set(visitor_ids)):
        raise ValidationError({"visitors": _("Choose the visitors among the person's contacts.")})
    return contacts


def visit_book(*, actor: User, prisoner: Prisoner, session: VisitSession, visitor_ids: list[int]) -> Booking:
    """Books the session for the person with the visitors, or refuses with every reason at once
    (ValidationError by field) after keeping the refused attempt."""
    ensure_allowed(book_refusal(actor, prisoner.current_prison))
    with transaction.atomic():
        session = locked(session, "room__prison")
        contacts = _contacts(prisoner, visitor_ids)
        attempt = _attempt(session, prisoner, contacts)
        reasons = rules.refusal_reasons(attempt)
        if not reasons:
            return _booked(actor, prisoner, session, contacts, attempt)
        RefusedBooking.objects.create(
            session=session,
            prisoner=prisoner,
            visitor_ids=[c.pk for c in contacts],
            reasons=[r.code for r in reasons],
            attempted_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditAction.VISIT_BOOKING_REFUSED,
            obj=prisoner,
            changes=audit.changes_of(session=(None, session.pk), reasons=(None, sorted({r.code for r in reasons}))),
        )
    use = MonthUse(session.room.kind, rules.Entitlement(attempt.allowed), attempt.used)
    raise ValidationError(
        reason_messages(reasons, actor=actor, prisoner_id=prisoner.pk, names={c.pk: c.name for c in contacts}, use=use)
    )


def _booked(
    actor: User, prisoner: Prisoner, session: VisitSession, contacts: list[Contact], attempt: rules.Attempt
) -> Booking:
    booking = Booking.objects.create(
        session=session,
        prisoner=prisoner,
        kind=session.room.kind,
        confidential=attempt.confidential,
        with_children=any(v.child for v in attempt.visitors),
        booked_by=actor,
    )
    booking.visitors.set(contacts)
    audit.record(
        actor=actor,
        action=AuditAction.VISIT_BOOK,
        obj=prisoner,
        changes=audit.changes_of(
            booking=(None, booking.pk), session=(None, session.pk), visitors=(None, [c.pk for c in contacts])
        ),
    )
    return booking


# --- the day ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayRecord:
    status: str
    arrived_at: time | None = None
    search: str = ""
    started_at: time | None = None
    ended_at: time | None = None
    connection_failed: bool = False
    reason: str = ""


def _day_problems(booking: Booking, data: DayRecord) -> dict[str, str]:
    problems = {}
    video = booking.kind == RoomKind.VIDEO
    if data.status not in (BookingStatus.COMPLETED, BookingStatus.CANCELLED, BookingStatus.REFUSED):
        problems["status"] = _("Choose what happened.")
    elif data.status == BookingStatus.COMPLETED:
        if booking.session.day > timezone.localdate():
            problems["status"] = _("A visit is recorded as held on its day, not before.")
        if data.started_at is None:
            problems["started_at"] = _("Give the time it started.")
        if data.ended_at is None:
            problems["ended_at"] = _("Give the time it ended.")
        elif data.started_at is not None and data.ended_at <= data.started_at:
            problems["ended_at"] = str(PROBLEMS["ends_before_start"])
        if not video and data.search not in SearchOutcome.values:
            problems["search"] = _("Record the outcome of the search.")
    elif not data.reason.strip():
        problems["reason"] = _("Say why.")
    if data.connection_failed and not video:
        problems["connection_failed"] = _("Only a video call has a connection.")
    if data.search and data.search not in SearchOutcome.values:
        problems["search"] = _("Record the outcome of the search.")
    return problems


@transaction.atomic
def visit_record(*, actor: User, booking: Booking, data: DayRecord, version: int | None = None) -> Booking:
    """What happened on the day: held (arrival, search, start and end; for a video call whether
    the connection failed, which then does not count), cancelled or refused with a reason."""
    booking = locked(booking, "session__room__prison", "prisoner")
    check_version(booking, version)
    ensure_allowed(record_refusal(actor, booking.session.room.prison))
    return _day_written(actor, booking, data)


def cancel_refusal(actor: User, booking: Booking) -> str | None:
    """Who may cancel a booked visit: the visits officer of the prison, and whoever may book for
    the person (the family told the case manager it cannot come)."""
    if record_refusal(actor, booking.session.room.prison) is None:
        return None
    if book_refusal(actor, booking.prisoner.current_prison) is None:
        return None
    return _("Only the visits officer of the prison or staff who book the person's visits cancel a visit.")


@transaction.atomic
def visit_cancel(*, actor: User, booking: Booking, reason: str, version: int | None = None) -> Booking:
    """A booked visit cancelled, with the reason: the place is free again and the visit does not
    count against the person's entitlement."""
    booking = locked(booking, "session__room__prison", "prisoner")
    check_version(booking, version)
    ensure_allowed(cancel_refusal(actor, booking))
    return _day_written(actor, booking, DayRecord(status=BookingStatus.CANCELLED, reason=reason))


def _day_written(actor: User, booking: Booking, data: DayRecord) -> Booking:
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError({"status": _("This visit is already recorded.")})
    problems = _day_problems(booking, data)
    if problems:
        raise ValidationError(problems)
    booking.status = data.status
    booking.arrived_at, booking.search = data.arrived_at, data.search
    booking.started_at, booking.ended_at = data.started_at, data.ended_at
    booking.connection_failed, booking.reason = data.connection_failed, data.reason.strip()
    booking.recorded_by = actor
    bump_version(
        booking,
        ["status", "arrived_at", "search", "started_at", "ended_at", "connection_failed", "reason", "recorded_by"],
    )
    audit.record(
        actor=actor,
        action=AuditAction.VISIT_RECORD,
        obj=booking.prisoner,
        changes=audit.changes_of(
            booking=(None, booking.pk),
            status=(BookingStatus.BOOKED, data.status),
            connection_failed=(None, data.connection_failed),
        ),
        reason=booking.reason,
    )
    return booking
