"""Visits over HTTP, for the prison's own tools and a future family booking service: sessions with
their free places, bookings (list, one, create, the day), through the same selectors, services
and refusals as the pages. A refused booking answers 422 with every reason under its field
(`session`, `prisoner`, `visitors`), and the attempt is kept."""

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from custodia.core import audit
from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, WRITE_RESPONSES, FileReadsPagination, Id, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires

from . import selectors, services
from .models import Booking, VisitSession
from .schemas import BookingIn, BookingListIn, BookingOut, CancelIn, DayIn, SessionListIn, VisitSessionOut

router = Router(tags=["visits"])
VIEW, BOOK, RECORD = selectors.VIEW, selectors.BOOK, selectors.RECORD


@router.get(
    "/sessions",
    url_name="visit_session_list",
    response={200: list[VisitSessionOut], **NOT_FOUND_RESPONSES},
    summary="Visit sessions with their free places",
    description="The sessions of the prisons where the user works, from `first` to `last` (at most 92 days).",
)
@requires(GET=VIEW)
def session_list(request: AuthenticatedRequest, filters: Query[SessionListIn]) -> list[VisitSessionOut]:
    first = filters.first or timezone.localdate()
    last = filters.last or first + timedelta(days=14)
    last = min(last, first + timedelta(days=services.LONGEST_RANGE_DAYS))
    return [VisitSessionOut.of(s) for s in selectors.sessions(user=request.user, first=first, last=last)]


def _booking(request: AuthenticatedRequest, booking_id: int) -> Booking:
    try:
        return selectors.booking_get(user=request.user, booking_id=booking_id)
    except Booking.DoesNotExist as exc:
        raise Http404(_("No such booking.")) from exc


class BookingPagination(FileReadsPagination):
    """A visit is part of the person's file: each person on the page answered has the read in
    their file's log."""

    reason = "visits"

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> dict[str, Any]:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = [BookingOut.of(b) for b in page["items"]]
        return page


@router.get(
    "/bookings",
    response={200: list[BookingOut], **ERROR_RESPONSES},
    summary="Bookings",
    description=(
        "The bookings at the prisons where the user works, newest session first; by person or session. "
        'Paginated with `limit` (1-200, default 50) and `offset`; the answer is `{"items": [...], "count": total}`. '
        "Reading it is recorded against each person on the page."
    ),
)
@requires(GET=VIEW)
@paginate(BookingPagination)
def booking_list(request: AuthenticatedRequest, filters: Query[BookingListIn]) -> QuerySet[Booking]:
    found = selectors.bookings(user=request.user).order_by("-session__day", "-session__starts_at", "-id")
    if filters.prisoner:
        found = found.filter(prisoner_id=filters.prisoner)
    if filters.session:
        found = found.filter(session_id=filters.session)
    return found


@router.get(
    "/bookings/{int:booking_id}",
    response={200: BookingOut, **NOT_FOUND_RESPONSES},
    summary="One booking",
    description="404 for a booking at a prison where the user does not work.",
)
@requires(GET=VIEW)
def booking_detail(request: AuthenticatedRequest, booking_id: Id) -> BookingOut:
    booking = _booking(request, booking_id)
    audit.record_read(actor=request.user, obj=booking.prisoner, reason="visit")
    return BookingOut.of(booking)


@router.post(
    "/bookings",
    response={201: BookingOut, **WRITE_RESPONSES},
    summary="Book a visit or a video call",
    description=(
        "The visits officer or the case manager of the prison that holds the person (403 otherwise). Refused with "
        "422 listing every reason: under `session` (over, full, a room not child-friendly for children, a "
        "non-association), `prisoner` (already booked at this time, the month's entitlement used, held elsewhere) "
        "and `visitors` (none, not approved, restricted, already booked). A refused attempt is kept."
    ),
)
@requires(POST=BOOK)
def booking_create(request: AuthenticatedRequest, payload: BookingIn) -> Status[BookingOut]:
    prisoner = (
        selectors.people(user=request.user).filter(pk=payload.prisoner_id).select_related("current_prison").first()
    )
    if prisoner is None:
        raise Http404(_("No such prisoner."))
    try:
        session = selectors.session_get(user=request.user, session_id=payload.session_id)
    except VisitSession.DoesNotExist as exc:
        raise Http404(_("No such session.")) from exc
    with refusals(request, {"visitors": "visitor_ids", "session": "session_id", "prisoner": "prisoner_id"}):
        booking = services.visit_book(
            actor=request.user, prisoner=prisoner, session=session, visitor_ids=list(payload.visitor_ids)
        )
    return Status(201, BookingOut.of(_booking(request, booking.pk)))


@router.post(
    "/bookings/{int:booking_id}/day",
    response={200: BookingOut, **WRITE_RESPONSES},
    summary="Record the day of a visit",
    description=(
        "The visits officer of the prison (403 otherwise): completed (start and end, the search for a visit, "
        "whether a video call's connection failed), cancelled or refused with a reason."
    ),
)
@requires(POST=RECORD)
def booking_day(request: AuthenticatedRequest, booking_id: Id, payload: DayIn) -> BookingOut:
    booking = _booking(request, booking_id)
    data = services.DayRecord(
        status=payload.status,
        arrived_at=payload.arrived_at,
        search=payload.search or "",
        started_at=payload.started_at,
        ended_at=payload.ended_at,
        connection_failed=payload.connection_failed,
        reason=payload.reason,
    )
    with refusals(request):
        services.visit_record(actor=request.user, booking=booking, data=data, version=payload.version)
    return BookingOut.of(_booking(request, booking_id))


@router.post(
    "/bookings/{int:booking_id}/cancel",
    response={200: BookingOut, **WRITE_RESPONSES},
    summary="Cancel a booked visit",
    description=(
        "The visits officer of the prison, or staff who book the person's visits (403 otherwise), cancel a "
        "visit still booked, with the reason: its place is free again and it does not count against the "
        "person's entitlement. 422 for a visit already recorded."
    ),
)
@requires(POST=BOOK)
def booking_cancel(request: AuthenticatedRequest, booking_id: Id, payload: CancelIn) -> BookingOut:
    booking = _booking(request, booking_id)
    with refusals(request):
        services.visit_cancel(actor=request.user, booking=booking, reason=payload.reason, version=payload.version)
    return BookingOut.of(_booking(request, booking_id))
