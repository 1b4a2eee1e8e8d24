"""Web views of placement: thin, each parses input, calls one selector or service and renders.

A cell chosen on the placement page is recorded as a cell move by services.cell_move (the register's
movement, which runs the same placement check as the page): a breach is refused there and explained
here, on the page, in the user's language. A refused cell is offered no "Move here"; a cell over its
capacity asks for a reason and a confirmation first, on the page itself (no JavaScript needed)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custodia.accounts.selectors import prisons_in_scope
from custodia.core import audit
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors
from custodia.core.rights import requires, right
from custodia.register.models import Prisoner
from custodia.register.selectors import NOT_IN_CUSTODY

from . import forms, selectors, services
from .checks import ProblemKind
from .models import SeparationException
from .oversight_sections import OVERSIGHT_SECTIONS

PAGE_SIZE = 50
# Placement and separation: the services further check the prison (the person held where the
# user works; a director of the unit's prison).
RECORD_MOVEMENT = right("record_movement")
APPROVE_EXCEPTION = right("approve_separation_exception")
PRISON_WIDE = (ProblemKind.GENDER,)
# How far back the oversight page lists non-associations opened or closed.
OVERSIGHT_DAYS = 90


@requires(GET=RECORD_MOVEMENT, POST=RECORD_MOVEMENT)
def prisoner_placement(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    unit_id = int_or_none(request.GET.get("unit"))
    try:
        overview = selectors.placement_overview(user=request.user, prisoner_id=prisoner_id, unit_id=unit_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc
    prisoner = overview.prisoner
    if request.method == "GET":
        # The page shows the classification, exceptions and non-associations (Mandela Rule 9).
        audit.record_read(actor=request.user, obj=prisoner, reason="placement")
    # A refused cell is offered no "Move here", but stays a choice: a page read before the cell
    # was refused is answered by the service's refusal, which cites the rule.
    choices = [(fit.cell.pk, str(fit.cell)) for fit in overview.fits]
    form = forms.CellMoveForm(request.POST or None, cells=choices, initial={"version": prisoner.version})
    refusals: list[str] = []
    confirming = None  # the cell over its capacity whose move awaits a reason and a confirmation
    if request.method == "POST" and form.is_valid():
        fit = next(fit for fit in overview.fits if fit.cell.pk == form.cleaned_data["cell"])
        try:
            services.cell_move(
                actor=request.user,
                prisoner=prisoner,
                cell=fit.cell,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
                over_capacity_confirmed=form.cleaned_data["over_capacity_confirmed"],
            )
        except ValidationError as exc:
            refusals = [message for messages_ in exc.message_dict.values() for message in messages_]
            if "over_capacity_confirmed" in exc.message_dict:
                confirming = fit
        else:
            messages.success(request, _("Moved to cell %(cell)s.") % {"cell": str(fit.cell)})
            return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
    elif request.method == "POST":
        refusals = [str(message) for errors in form.errors.values() for message in errors]
    # What holds for the whole prison (the women's estate) is said once, not on every cell.
    notices = list(dict.fromkeys(p.message for fit in overview.fits for p in fit.problems if p.kind in PRISON_WIDE))
    return render(
        request,
        "placement/prisoner_placement.html",
        {
            "overview": overview,
            "prisoner": prisoner,
            **page_of(request, overview.fits, PAGE_SIZE),
            "unit_id": unit_id,
            "form": form,
            "refusals": refusals,
            "confirming": confirming,
            "notices": notices,
            "prison_wide": PRISON_WIDE,
            "fitting": sum(1 for fit in overview.fits if fit.fits),
        },
    )


@requires(GET=right("view_classification_oversight"))
def oversight(request: AuthenticatedRequest) -> HttpResponse:
    """Separation exceptions in force and those past their end date with the person still in place;
    non-associations opened or closed lately. A director's prisons, or everywhere for headquarters."""
    since = timezone.now() - timedelta(days=OVERSIGHT_DAYS)
    user = request.user
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    chosen = request.GET.get("prison", "")
    prison = next((p for p in prisons if str(p.pk) == chosen), prisons[0] if prisons else None)
    # Records that name people are withheld from those who may not open files (a statistics
    # analyst reads the units only); each person shown has the read in their file's log (Rule 9).
    in_force = lapsed = over_capacity = None
    if selectors.may_see_exceptions(user):
        in_force = list(selectors.exception_list(user=user).order_by("unit__prison__name", "-approved_at")[:500])
        lapsed = list(selectors.exceptions_lapsed_in_place(user=user).order_by("valid_until")[:200])
        over_capacity = list(selectors.over_capacity_moves(user=user, since=since)[:200])
    shown = (in_force or []) + (lapsed or [])
    people = {e.prisoner for e in shown} | {move.movement.prisoner for move in over_capacity or []}
    audit.record_reads(actor=user, objs=sorted(people, key=lambda p: p.pk), reason="separation oversight")
    return render(
        request,
        "placement/oversight.html",
        {
            "prisons": prisons,
            "prison": prison,
            "mixes": selectors.units_mixing_categories(user=user, prison_id=prison.pk) if prison else [],
            "in_force": in_force,
            "lapsed": lapsed,
            "over_capacity": over_capacity,
            "days": OVERSIGHT_DAYS,
            "may_grant": services.exception_refusal(user) is None,
            "closable": {e.pk for e in shown if services.exception_refusal(user, e.unit) is None},
            **OVERSIGHT_SECTIONS.context(user=user, since=since, days=OVERSIGHT_DAYS),
        },
    )


@requires(GET=APPROVE_EXCEPTION, POST=APPROVE_EXCEPTION)
def exception_grant(request: AuthenticatedRequest) -> HttpResponse:
    units = selectors.units_for_exceptions(user=request.user)
    form = forms.ExceptionGrantForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        prisoner = selectors.exception_subject(user=request.user, number=data["prisoner_number"])
        if prisoner is None:
            form.add_error("prisoner_number", NOT_IN_CUSTODY)
        else:
            try:
                services.separation_exception_grant(
                    actor=request.user,
                    prisoner=prisoner,
                    rule=data["rule"],
                    unit=data["unit"],
                    reason=data["reason"],
                    valid_until=data["valid_until"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc, aliases={"prisoner": "prisoner_number"})
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Exception granted."))
                return redirect("placement:oversight")
    return render(request, "placement/exception_form.html", {"form": form})


@requires(POST=APPROVE_EXCEPTION)
@require_POST
def exception_close(request: AuthenticatedRequest, exception_id: int) -> HttpResponse:
    try:
        exception = selectors.exception_get(user=request.user, exception_id=exception_id)
    except SeparationException.DoesNotExist as exc:
        raise Http404(_("No such exception.")) from exc
    form = forms.CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for closing the exception."))
    else:
        try:
            services.separation_exception_close(
                actor=request.user, exception=exception, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                messages.error(request, message)
        else:
            messages.success(request, _("Exception closed."))
    return redirect("placement:oversight")
