"""Planned moves over HTTP, under /api/v1/planned-moves: the moves requested from and to the
prisons where the user works, as the web list shows them (selectors.planned_move_list). A router
of its own, so that the path says what it lists rather than hanging below one prisoner."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from custodia.core.api import ERROR_RESPONSES, Pagination
from custodia.core.http import staff_user
from custodia.core.rights import requires, right

from . import selectors
from .models import PlannedMove
from .schemas import PlannedMoveFiltersIn, PlannedMoveOut

router = Router(tags=["movements"])


class PlannedMovePagination(Pagination):
    """A planned move names a person and says why they are to move: each person on the page answered
    has the read in their file's log (Mandela Rule 9)."""

    def paginate_queryset(
        self,
        queryset: QuerySet[PlannedMove],
        pagination: Any,  # Pagination.Input here; ninja's signature names its own Input class
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        page: dict[str, Any] = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = list(page["items"])
        selectors.planned_moves_read(user=staff_user(request), moves=page["items"])
        return page


@router.get(
    "",
    response={200: list[PlannedMoveOut], **ERROR_RESPONSES},
    summary="Moves requested",
    description=(
        "Cell moves and transfers requested and not yet made, from and to the prisons where the user works "
        "(a transfer to one of them is listed before the person arrives), the soonest first. Filters: "
        "`direction` (arriving, leaving, within) and `date` (today, week). Paginated with `limit` (1-200, "
        'default 50) and `offset`; the answer is `{"items": [...], "count": total}`.'
    ),
)
@requires(GET=right("view_prisoner_file"))
@paginate(PlannedMovePagination)
def planned_move_list(request: HttpRequest, filters: Query[PlannedMoveFiltersIn]) -> QuerySet[PlannedMove]:
    return selectors.planned_move_list(user=staff_user(request), filters=filters.to_filters())
