"""Placement over HTTP: the fit check of every cell for a person, and separation exceptions.

Handlers parse, call one selector or service, and answer. The fit list is what the placement
page shows; a cell is then chosen by recording a cell move (POST /prisoners/{id}/movements), which
runs the same check and answers a refusal with 422 under `to_cell_id`.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext
from ninja import Query, Router, Status
from ninja.pagination import paginate

from custodia.core import audit
from custodia.core.api import NOT_FOUND_RESPONSES, WRITE_RESPONSES, FileReadsPagination, Id, Pagination, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.register.models import Prisoner
from custodia.register.selectors import NOT_IN_CUSTODY

from . import selectors, services
from .checks import CellFit
from .models import SeparationException
from .schemas import EXCEPTION_ERROR_PATHS, CellFitOut, CloseIn, ExceptionGrantIn, ExceptionListIn, ExceptionOut

router = Router(tags=["placement"])
APPROVE_EXCEPTION = right("approve_separation_exception")


class ExceptionPagination(FileReadsPagination):
    """An exception names a person and gives a reason: each person on the page answered has the
    read in their file's log."""

    reason = "separation exceptions"


@router.get(
    "/{int:prisoner_id}/cells",
    response={200: list[CellFitOut], **NOT_FOUND_RESPONSES},
    summary="Cells that fit a person",
    description=(
        "Every cell of the prison holding the person (but their own), with the fit check: refusals "
        "(Nelson Mandela Rule 11 without an exception, non-associations) and warnings (capacity, unit "
        "security level against the approved classification, women's estate). Best first: no refusal, then "
        "fewest warnings, then a unit suited to the classification, then most free places. 404 for a person "
        "not held where the user works. Paginated with `limit` and `offset`."
    ),
)
@requires(GET=right("record_movement"))
@paginate(Pagination)
def placement_cells(request: AuthenticatedRequest, prisoner_id: Id) -> list[CellFit]:
    fits = selectors.placement_cells(user=request.user, prisoner_id=prisoner_id)
    # The fit check tells of non-associations and the classification (Mandela Rule 9).
    audit.record_read(actor=request.user, obj=Prisoner(pk=prisoner_id), reason="placement")
    return fits


@router.get(
    "/exceptions",
    response={200: list[ExceptionOut], **NOT_FOUND_RESPONSES},
    summary="Separation exceptions",
    description=(
        "Exceptions to Nelson Mandela Rule 11 in the user's prisons (everywhere for headquarters): those in "
        "force by default, every one with `in_force=false`. Paginated with `limit` and `offset`."
    ),
)
# Exceptions name people: the list needs the right to open files (the selector further keeps it to
# directors and headquarters); a statistics analyst reads the units on the oversight page.
@requires(GET=right("view_prisoner_file"))
@paginate(ExceptionPagination)
def separation_exception_list(
    request: AuthenticatedRequest, filters: Query[ExceptionListIn]
) -> QuerySet[SeparationException]:
    qs = selectors.exception_list(user=request.user, in_force=filters.in_force)
    return qs.select_related("requested_by").order_by("-approved_at", "-id")


@router.post(
    "/exceptions",
    response={201: ExceptionOut, **WRITE_RESPONSES},
    summary="Grant a separation exception",
    description=(
        "A prison director allows one person to be held in one unit of their prison beside people of another "
        "category under one part of Rule 11, with the reason and an optional end date (403 for a unit "
        "elsewhere). One exception in force per person, part and unit (422 under `rule`)."
    ),
)
@requires(POST=APPROVE_EXCEPTION)
def separation_exception_grant(request: AuthenticatedRequest, payload: ExceptionGrantIn) -> Status[SeparationException]:
    prisoner = selectors.exception_subject(user=request.user, number=payload.prisoner_number)
    unit = selectors.units_for_exceptions(user=request.user).filter(pk=payload.unit_id).first()
    errors = {}
    if prisoner is None:
        errors["prisoner_number"] = str(NOT_IN_CUSTODY)
    if unit is None:
        errors["unit_id"] = gettext("Select a valid choice. That choice is not one of the available choices.")
    if prisoner is None or unit is None:
        raise ValidationError(errors)
    with refusals(request, EXCEPTION_ERROR_PATHS):
        exception = services.separation_exception_grant(
            actor=request.user,
            prisoner=prisoner,
            rule=payload.rule,
            unit=unit,
            reason=payload.reason,
            valid_until=payload.valid_until,
        )
    return Status(201, selectors.exception_get(user=request.user, exception_id=exception.pk))


@router.post(
    "/exceptions/{int:exception_id}/close",
    response={200: ExceptionOut, **WRITE_RESPONSES},
    summary="Close a separation exception",
    description=(
        "Closes an exception with the reason; it is kept, never deleted. Refused (422 under `reason`) while "
        "the person is still held where only this exception allows them to be."
    ),
)
@requires(POST=APPROVE_EXCEPTION)
def separation_exception_close(
    request: AuthenticatedRequest, exception_id: Id, payload: CloseIn
) -> SeparationException:
    try:
        exception = selectors.exception_get(user=request.user, exception_id=exception_id)
    except SeparationException.DoesNotExist as exc:
        raise Http404 from exc
    with refusals(request):
        services.separation_exception_close(actor=request.user, exception=exception, reason=payload.reason)
    return selectors.exception_get(user=request.user, exception_id=exception_id)
