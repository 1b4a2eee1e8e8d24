"""API schemas of visits. Input is checked for types and lengths; the services check the rest
(who may act, every reason a booking is refused)."""

from datetime import date, time

from ninja import Field, Schema

from custodia.core.api import Id, In, Version

from .choices import BookingStatus, RoomKind, SearchOutcome
from .models import Booking, VisitSession


class SessionListIn(In):
    first: date | None = Field(None, description="The first day (today by default).")
    last: date | None = Field(None, description="The last day (two weeks after the first by default, at most 92 days).")


class VisitSessionOut(Schema):
    id: int
    prison: int
    room: str
    kind: RoomKind
    child_friendly: bool
    day: date
    starts_at: time
    ends_at: time
    capacity: int
    free_places: int

    @classmethod
    def of(cls, s: VisitSession) -> "VisitSessionOut":
        taken = getattr(s, "taken", 0)
        return cls(
            id=s.pk,
            prison=s.room.prison_id,
            room=s.room.name,
            kind=RoomKind(s.room.kind),
            child_friendly=s.room.child_friendly,
            day=s.day,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            capacity=s.capacity,
            free_places=max(s.capacity - taken, 0),
        )


class VisitorOut(Schema):
    id: int
    name: str


class BookingOut(Schema):
    id: int
    prisoner: int
    prisoner_number: str
    prisoner_name: str
    session: int
    day: date
    kind: RoomKind
    visitors: list[VisitorOut]
    confidential: bool = Field(description="A legal adviser or consular officer only: never counted (Rule 61).")
    with_children: bool
    status: BookingStatus
    arrived_at: time | None
    search: SearchOutcome | None
    started_at: time | None
    ended_at: time | None
    duration_minutes: int | None
    connection_failed: bool = Field(description="A video call whose connection failed: not counted.")
    reason: str
    version: int

    @classmethod
    def of(cls, b: Booking) -> "BookingOut":
        return cls(
            id=b.pk,
            prisoner=b.prisoner_id,
            prisoner_number=b.prisoner.number,
            prisoner_name=b.prisoner.display_name,
            session=b.session_id,
            day=b.session.day,
            kind=RoomKind(b.kind),
            visitors=[VisitorOut(id=c.pk, name=c.name) for c in b.visitors.all()],
            confidential=b.confidential,
            with_children=b.with_children,
            status=BookingStatus(b.status),
            arrived_at=b.arrived_at,
            search=SearchOutcome(b.search) if b.search else None,
            started_at=b.started_at,
            ended_at=b.ended_at,
            duration_minutes=b.duration_minutes,
            connection_failed=b.connection_failed,
            reason=b.reason,
            version=b.version,
        )


class BookingListIn(In):
    prisoner: Id | None = Field(None, description="Only this person's bookings.")
    session: Id | None = Field(None, description="Only this session's bookings.")


class BookingIn(In):
    prisoner_id: Id = Field(..., description="A person held at a prison where the user works.")
    session_id: Id
    visitor_ids: list[Id] = Field(
        ..., max_length=10, description="Contacts of the person, approved for the kind of visit."
    )


class DayIn(In):
    status: BookingStatus = Field(..., description="completed, cancelled or refused (on the day).")
    arrived_at: time | None = None
    search: SearchOutcome | None = None
    started_at: time | None = None
    ended_at: time | None = None
    connection_failed: bool = False
    reason: str = Field("", max_length=2000, description="Why it was cancelled or refused.")
    version: Version | None = Field(None, description="The `version` of the booking last read; a later change refuses.")


class CancelIn(In):
    reason: str = Field(..., min_length=1, max_length=2000, description="Why the visit is cancelled.")
    version: Version | None = Field(None, description="The `version` of the booking last read; a later change refuses.")
