"""The prisoner file over HTTP: list, file, admission and movements.

Handlers parse, call one selector or service, and answer; the rules are in services.py, and
what the user may see of a file is decided by the selectors, which also log each read. A
service names the fields it refuses by its own names; they are answered under the path of the
value in the request (schemas.ADMISSION_ERROR_PATHS), so that the client can show the message
beside what it sent.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Status
from ninja.pagination import paginate

from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, Id, Pagination, refusals
from custodia.core.http import staff_user
from custodia.core.rights import requires, right
from custodia.estate import selectors as estate_selectors
from custodia.estate.models import Cell, Prison

from . import selectors, services
from .models import Movement, Prisoner
from .schemas import (
    ADMISSION_ERROR_PATHS,
    MOVEMENT_ERROR_PATHS,
    AdmissionIn,
    MovementIn,
    MovementOut,
    PrisonerDetailOut,
    PrisonerFiltersIn,
    PrisonerListItemOut,
)
from .selectors import PrisonerFile

router = Router(tags=["prisoners"])
OPEN_FILES = right("view_prisoner_file")


def _places(
    request: HttpRequest, *, prison: tuple[str, int | None], cell: tuple[str, int | None]
) -> tuple[Prison | None, Cell | None]:
    """The prison and cell an id in the request names, or a 422 naming the field: an id in a
    body is bad input, not a missing page."""
    (prison_field, prison_id), (cell_field, cell_id) = prison, cell
    found_prison = found_cell = None
    errors: dict[str, str] = {}
    invalid = gettext("Select a valid choice. That choice is not one of the available choices.")
    if prison_id is not None:
        try:
            found_prison = estate_selectors.prison_get(user=staff_user(request), prison_id=prison_id)
        except Prison.DoesNotExist:
            errors[prison_field] = invalid
    if cell_id is not None:
        try:
            found_cell = estate_selectors.cell_get(user=staff_user(request), cell_id=cell_id)
        except Cell.DoesNotExist:
            errors[cell_field] = invalid
    if errors:
        raise ValidationError(errors)
    return found_prison, found_cell


@router.get(
    "/",
    response={200: list[PrisonerListItemOut], **ERROR_RESPONSES},
    summary="List prisoners",
    description=(
        "The people the signed-in user may see, by name then number. Filters combine: `q` searches the "
        "names in any script and spelling (docs/search.md): every word must match one of the person's "
        "names (given and family names, aliases, former names and transliterations, in any order), exactly, "
        "through a transliteration (Cyrillic, Arabic) or as a spelling variant, or begin one; the people "
        "found are ranked by similarity, exact matches first, at most 500, each with `match` saying why. "
        "A word with a digit is searched in the number. By default "
        "only people on a prison's roll today are listed (`on_roll=false` adds the released, escaped and "
        "deceased). Paginated with `limit` (1-200, default 50) and `offset`; the answer is "
        '`{"items": [...], "count": total}`.'
    ),
)
@requires(GET=OPEN_FILES)
@paginate(Pagination)
def prisoner_list(
    request: HttpRequest, filters: Query[PrisonerFiltersIn]
) -> QuerySet[Prisoner] | selectors.RankedPrisoners:
    return selectors.prisoner_search(user=staff_user(request), filters=filters.to_filters())


@router.get(
    "/{int:prisoner_id}",
    response={200: PrisonerDetailOut, **NOT_FOUND_RESPONSES},
    summary="One prisoner file",
    description=(
        "Identity and names, admissions (with property and the ill-treatment flag), legal status "
        "history, court cases and hearings, offences (ICCS-coded), sentences with their computed release "
        "dates, custody periods, movements and family."
    ),
)
@requires(GET=OPEN_FILES)
def prisoner_detail(request: HttpRequest, prisoner_id: Id) -> PrisonerFile:
    return selectors.prisoner_file_open(user=staff_user(request), prisoner_id=prisoner_id)


@router.post(
    "/",
    response={201: PrisonerDetailOut, **ERROR_RESPONSES},
    summary="Admit a person",
    description=(
        "Receives a person into custody in one transaction: identity, commitment order, placement "
        "(prison and optional cell), court case, offences, sentence, property and family; assigns the "
        "prisoner number and records the admission movement, the custody period and the audit event. "
        "Nothing is saved when any field is refused (422, each message under the path of the field)."
    ),
)
@requires(POST=right("admit_prisoner"))
def prisoner_admit(request: HttpRequest, payload: AdmissionIn) -> Status[PrisonerFile]:
    prison, cell = _places(
        request,
        prison=("commitment.prison_id", payload.commitment.prison_id),
        cell=("commitment.cell_id", payload.commitment.cell_id),
    )
    assert prison is not None  # prison_id is required by the schema
    with refusals(request, ADMISSION_ERROR_PATHS):
        prisoner = services.prisoner_admit(actor=staff_user(request), data=payload.to_data(prison=prison, cell=cell))
    return Status(201, selectors.prisoner_file_open(user=staff_user(request), prisoner_id=prisoner.pk))


@router.get(
    "/{int:prisoner_id}/movements",
    response={200: list[MovementOut], **NOT_FOUND_RESPONSES},
    tags=["movements"],
    summary="A prisoner's movements",
    description="Every recorded movement of the person, oldest first.",
)
@requires(GET=OPEN_FILES)
def movement_list(request: HttpRequest, prisoner_id: Id) -> list[Movement]:
    return selectors.movement_list(user=staff_user(request), prisoner_id=prisoner_id)


@router.post(
    "/{int:prisoner_id}/movements",
    response={201: MovementOut, **NOT_FOUND_RESPONSES},
    tags=["movements"],
    summary="Record a movement",
    description=(
        "Records a cell move, transfer, court production, hospital escort, temporary release, return, "
        "release, escape, recapture or death, and brings the person's custody status, prison, cell and "
        "custody periods in line. A movement the present custody status does not allow (a released "
        "person sent to court) is refused with 422 under `kind`."
    ),
)
@requires(POST=right("record_movement"))
def movement_record(request: HttpRequest, prisoner_id: Id, payload: MovementIn) -> Status[Movement]:
    prisoner = selectors.prisoner_for_change(user=staff_user(request), prisoner_id=prisoner_id)
    to_prison, to_cell = _places(
        request, prison=("to_prison_id", payload.to_prison_id), cell=("to_cell_id", payload.to_cell_id)
    )
    with refusals(request, MOVEMENT_ERROR_PATHS):
        movement = services.movement_record(
            actor=staff_user(request), prisoner=prisoner, data=payload.to_data(to_prison=to_prison, to_cell=to_cell)
        )
    return Status(201, movement)
