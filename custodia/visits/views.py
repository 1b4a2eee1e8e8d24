"""Web views of visits: thin, each parses input, calls one selector or service and renders. The
pages show a person's name, number and what the visit needs, never more of the file; a person's
visits are read against the person (Rule 9)."""

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.http import AuthenticatedRequest
from custodia.core.refusals import add_service_errors, form_step, report_refusal
from custodia.core.rights import requires
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner

from . import forms, presenters, selectors, services
from .exports import no_contact_selection
from .models import Booking, VisitSession

VIEW, BOOK, RECORD, MANAGE, FIGURES = (
    selectors.VIEW,
    selectors.BOOK,
    selectors.RECORD,
    selectors.MANAGE,
    selectors.FIGURES,
)


def _day(request: AuthenticatedRequest, name: str, default: date) -> date:
    try:
        return parse_date(request.GET.get(name, "")) or default
    except ValueError:
        return default


@requires(GET=VIEW)
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    """The sessions of a week (or of one day with ?day=), each with its free places."""
    today = timezone.localdate()
    day = request.GET.get("day")
    if day == "today":
        first = last = today
    elif day:
        first = last = _day(request, "day", today)
    else:
        first, last = selectors.week_of(_day(request, "week", today))
    found = list(selectors.sessions(user=request.user, first=first, last=last))
    return render(
        request,
        "visits/session_list.html",
        {
            "sessions": found,
            "first": first,
            "last": last,
            "previous": first - timedelta(days=7),
            "next": first + timedelta(days=7),
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


def _session_or_404(request: AuthenticatedRequest, session_id: int) -> VisitSession:
    try:
        return selectors.session_get(user=request.user, session_id=session_id)
    except VisitSession.DoesNotExist as exc:
        raise Http404(_("No such session.")) from exc


@requires(GET=VIEW)
def session_detail(request: AuthenticatedRequest, visit_session_id: int) -> HttpResponse:
    session = _session_or_404(request, visit_session_id)
    found = list(selectors.bookings(user=request.user).filter(session=session).order_by("id"))
    audit.record_reads(actor=request.user, objs={b.prisoner_id: b.prisoner for b in found}.values(), reason="visits")
    return render(request, "visits/session_detail.html", {"session": session, "bookings": found})


def _booking_or_404(request: AuthenticatedRequest, booking_id: int) -> Booking:
    try:
        return selectors.booking_get(user=request.user, booking_id=booking_id)
    except Booking.DoesNotExist as exc:
        raise Http404(_("No such booking.")) from exc


def _booking_page(
    request: AuthenticatedRequest,
    booking: Booking,
    form: forms.DayForm | None = None,
    cancel: forms.CancelForm | None = None,
) -> HttpResponse:
    """The booking, with the day's form for the visits officer, or a form to cancel it for staff
    who book visits but do not record the day."""
    audit.record_read(actor=request.user, obj=booking.prisoner, reason="visit")
    booked = booking.status == "booked"
    may_record = booked and services.record_refusal(request.user, booking.session.room.prison) is None
    may_cancel = booked and not may_record and services.cancel_refusal(request.user, booking) is None
    initial = {"version": booking.version}
    return render(
        request,
        "visits/booking_detail.html",
        {
            "booking": booking,
            "form": (form or forms.DayForm(initial=initial)) if may_record else None,
            "cancel_form": (cancel or forms.CancelForm(initial=initial)) if may_cancel else None,
        },
    )


@requires(GET=VIEW)
def booking_detail(request: AuthenticatedRequest, booking_id: int) -> HttpResponse:
    return _booking_page(request, _booking_or_404(request, booking_id))


@requires(POST=RECORD)
def booking_record(request: AuthenticatedRequest, booking_id: int) -> HttpResponse:
    booking = _booking_or_404(request, booking_id)
    form = forms.DayForm(request.POST)
    return form_step(
        request,
        form,
        lambda data: services.visit_record(
            actor=request.user, booking=booking, data=form.data_for_service(), version=data["version"]
        ),
        done=_("The visit is recorded."),
        back=reverse("visits:booking", args=[booking.pk]),
        again=lambda bound: _booking_page(request, booking, bound),  # type: ignore[arg-type]
    )


@requires(POST=BOOK)
def booking_cancel(request: AuthenticatedRequest, booking_id: int) -> HttpResponse:
    booking = _booking_or_404(request, booking_id)
    form = forms.CancelForm(request.POST)
    return form_step(
        request,
        form,
        lambda data: services.visit_cancel(
            actor=request.user, booking=booking, reason=data["reason"], version=data["version"]
        ),
        done=_("The visit is cancelled."),
        back=reverse("visits:booking", args=[booking.pk]),
        again=lambda bound: _booking_page(request, booking, cancel=bound),  # type: ignore[arg-type]
    )


def _person(request: AuthenticatedRequest, prisoner_id: int) -> Prisoner:
    try:
        return selectors.people(user=request.user).select_related("current_prison").get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc


@requires(GET=VIEW)
def person_visits(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _person(request, prisoner_id)
    audit.record_read(actor=request.user, obj=prisoner, reason="visits")
    found = selectors.person_visits(user=request.user, prisoner=prisoner)
    return render(
        request,
        "visits/person_visits.html",
        {
            "prisoner": prisoner,
            "found": found,
            "refused": presenters.refused_rows(found.refused),
            "may_book": services.book_refusal(request.user, prisoner.current_prison) is None,
        },
    )


@requires(GET=BOOK, POST=BOOK)
def book(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    """Books a visit or a video call; a refusal shows every reason, and the attempt is kept."""
    prisoner = _person(request, prisoner_id)
    if services.book_refusal(request.user, prisoner.current_prison):
        report_refusal(request, PermissionDenied(services.book_refusal(request.user, prisoner.current_prison)))
        return redirect("visits:person", prisoner_id=prisoner.pk)
    form = forms.BookingForm(
        request.POST or None,
        sessions=selectors.bookable_sessions(user=request.user, prisoner=prisoner),
        visitors=selectors.visitors_for(prisoner=prisoner),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_book(
                actor=request.user,
                prisoner=prisoner,
                session=form.cleaned_data["session"],
                visitor_ids=[c.pk for c in form.cleaned_data["visitors"]],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"prisoner": "__all__"})
        else:
            messages.success(request, _("The visit is booked."))
            return redirect("visits:person", prisoner_id=prisoner.pk)
    audit.record_read(actor=request.user, obj=prisoner, reason="visits")
    uses = services.month_use(prisoner, timezone.localdate())
    return render(request, "visits/book.html", {"prisoner": prisoner, "form": form, "uses": list(uses.values())})


@requires(GET=MANAGE, POST=MANAGE)
def rooms(request: AuthenticatedRequest) -> HttpResponse:
    """The rooms of the director's prisons, adding one, and adding sessions to one."""
    prisons = list(selectors.prisons(user=request.user))
    found = selectors.rooms(user=request.user)
    room_form = forms.RoomForm(prefix="room")
    sessions_form = forms.SessionsForm(prefix="sessions", rooms=found)
    if request.method == "POST" and "room-name" in request.POST:
        room_form = forms.RoomForm(request.POST, prefix="room")
        prison = _prison(request, prisons)
        if room_form.is_valid():
            try:
                services.room_add(actor=request.user, prison=prison, data=room_form.data_for_service())
            except (PermissionDenied, ValidationError) as exc:
                _refusal(request, room_form, exc)
            else:
                messages.success(request, _("The room is added."))
                return redirect("visits:rooms")
    elif request.method == "POST":
        sessions_form = forms.SessionsForm(request.POST, prefix="sessions", rooms=found)
        if sessions_form.is_valid():
            try:
                made = services.sessions_add(
                    actor=request.user, room=sessions_form.cleaned_data["room"], data=sessions_form.data_for_service()
                )
            except (PermissionDenied, ValidationError) as exc:
                _refusal(request, sessions_form, exc)
            else:
                messages.success(request, _("Sessions added: %(count)s.") % {"count": len(made)})
                return redirect("visits:rooms")
    return render(
        request,
        "visits/rooms.html",
        {"rooms": found, "prisons": prisons, "room_form": room_form, "sessions_form": sessions_form},
    )


def _prison(request: AuthenticatedRequest, prisons: list[Prison]) -> Prison:
    wanted = request.POST.get("prison") or (str(prisons[0].pk) if prisons else "")
    for prison in prisons:
        if str(prison.pk) == wanted:
            return prison
    raise Http404(_("No such prison."))


def _refusal(request: AuthenticatedRequest, form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        add_service_errors(form, exc)
    else:
        form.add_error(None, str(exc))


@requires(GET=VIEW)
def no_contact(request: AuthenticatedRequest) -> HttpResponse:
    """People with no visit or completed video call for the profile's number of days: a welfare
    prompt for the case manager."""
    # The list as CSV or XLSX, the same rows as the page (visits.exports; custodia.jobs).
    if (export := export_answer(request, "visits-no-contact")) is not None:
        return export
    found = no_contact_selection(request.user, request.GET)
    audit.record_reads(actor=request.user, objs=found, reason="visits")
    return render(
        request,
        "visits/no_contact.html",
        {"people": found, "days": active_profile().visits.no_contact_days},
    )


@requires(GET=FIGURES)
def figures(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    month = _day(request, "month", today).replace(day=1)
    first, last = selectors.week_of(_day(request, "week", today))
    occupancy = selectors.occupancy(user=request.user, first=first, last=last)
    figures_of_month = selectors.month_figures(user=request.user, day=month)
    named = request.user.has_perm(VIEW)
    return render(
        request,
        "visits/figures.html",
        {
            "month": month,
            "previous": (month - timedelta(days=1)).replace(day=1),
            "next": (month + timedelta(days=32)).replace(day=1),
            "figures": figures_of_month,
            "reasons": presenters.reason_rows(figures_of_month.reasons),
            "occupancy": occupancy,
            "first": first,
            "last": last,
            "per_person": selectors.per_person(user=request.user, day=month),
            "named": named,
            "charts": {"chart-occupancy": presenters.occupancy_chart(occupancy)} if occupancy else {},
        },
    )
