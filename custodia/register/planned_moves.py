"""Planned moves as the pages show them: the section of the prisoner file (added to FILE_SECTIONS in
RegisterConfig.ready(), like the sections of the other apps) and, for each plan, the actions its
reader may take now, asked of the same predicates the services refuse with."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from custodia.core.home import link

from . import rules, services
from .choices import PlannedMoveStatus
from .models import PlannedMove
from .selectors import PrisonerFile


def record_url(move: PlannedMove) -> str:
    """The movement form, filled in with the plan: its kind and the prison or cell asked for."""
    query: dict[str, Any] = {"kind": move.kind}
    if move.to_prison_id is not None:
        query["to_prison"] = move.to_prison_id
    if move.to_cell_id is not None:
        query["to_cell"] = move.to_cell_id
    return link("register:movement_create", move.prisoner_id, **query)


@dataclass(frozen=True)
class ShownMove:
    move: PlannedMove
    record_url: str  # "" where the reader may not record the movement now
    may_cancel: bool


def shown_moves(user: User, moves: Iterable[PlannedMove]) -> list[ShownMove]:
    """Each plan with what `user` may do with it now: record the movement (the person's status
    allows it today) and cancel it. Reads each plan's person and the prison holding them."""
    shown = []
    for move in moves:
        person = move.prisoner
        may_record = services.movement_refusal(user, person) is None and move.kind in rules.movements_allowed_from(
            person.custody_status
        )
        may_cancel = services.planned_move_cancel_refusal(user, move) is None
        shown.append(ShownMove(move, record_url(move) if may_record else "", may_cancel))
    return shown


def context_for(*, user: User, file: PrisonerFile) -> dict[str, Any]:
    """The person's open plans, from those prisoner_file_open fetched. Nothing for a prison that no
    longer holds the person (the section is not shown there)."""
    if file.held_elsewhere:
        return {}
    prisoner = file.prisoner
    moves = [move for move in prisoner.planned_moves.all() if move.status == PlannedMoveStatus.REQUESTED]
    return {
        "planned_moves": shown_moves(user, moves),
        "may_request_move": prisoner.current_prison_id is not None
        and services.planned_move_request_refusal(user, prisoner) is None,
    }
