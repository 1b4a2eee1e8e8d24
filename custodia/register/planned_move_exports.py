"""The moves requested as a file (core.exports): the same selection as the page, which reads it
from here too (`planned_moves_selection`), so the file holds what the page shows and no more. A
module of its own, beside exports.py, because that one reads the index page's filter form from
views.py, and views.py reads this one: one module for both would make a cycle."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.core.exports import ExportTable
from custodia.jobs.exporters import as_query

from . import selectors
from .forms import PlannedMoveFilterForm
from .models import PlannedMove


@dataclass
class PlannedMovesSelection:
    form: PlannedMoveFilterForm
    moves: QuerySet[PlannedMove]


def planned_moves_selection(user: Any, query: QueryDict) -> PlannedMovesSelection:
    """The moves requested page's rows, through its filter form: the page renders from here too."""
    form = PlannedMoveFilterForm(query or None)
    filters = selectors.PlannedMoveFilters()
    if form.is_valid():
        filters = selectors.PlannedMoveFilters(
            direction=form.cleaned_data["direction"], window=form.cleaned_data["date"]
        )
    return PlannedMovesSelection(form, selectors.planned_move_list(user=user, filters=filters))


def _destination(move: PlannedMove) -> str:
    if move.to_prison:
        return move.to_prison.name
    if move.to_cell:
        return f"{move.to_cell.unit.name} / {move.to_cell.label}"
    return _("a cell to be chosen")


def planned_moves_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    moves = planned_moves_selection(user, as_query(params)).moves
    return ExportTable(
        name="planned-moves",
        title=gettext_lazy("Moves requested"),
        columns=[_("Planned date"), _("Movement"), _("Number"), _("Name"), _("From"), _("To"), _("Reason")],
        rows=(
            [
                move.planned_on,
                move.get_kind_display(),
                move.prisoner.number,
                move.prisoner.display_name,
                move.from_prison.name if move.from_prison else "",
                _destination(move),
                move.reason,
            ]
            for move in moves.iterator()
        ),
        count=moves.count(),
        filters=params,
        person_column=2,
    )
