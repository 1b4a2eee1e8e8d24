"""The pure rules of planned moves: which status follows which, what a request must say, and what a
movement recorded does to the person's open plans. No database."""

from datetime import date, timedelta

import pytest

from custodia.register import rules
from custodia.register.choices import CustodyStatus as S
from custodia.register.choices import MovementKind as M
from custodia.register.choices import PlannedMoveStatus as P

TODAY = date(2026, 6, 1)
BOUNDS = rules.DateBounds(today=TODAY, records_from=date(2000, 1, 1), oldest_age=100)
HELD = rules.Custody(S.IN_CUSTODY, prison=1, cell=10)


@pytest.mark.parametrize("current", list(P))
@pytest.mark.parametrize("new", list(P))
def test_a_request_is_carried_out_or_cancelled_once(current, new):
    allowed = current == P.REQUESTED and new in (P.CARRIED_OUT, P.CANCELLED)
    problem = rules.planned_move_status_problem(current, new)
    assert (problem is None) == allowed
    if problem:
        assert str(P(current).label) in problem


def asked(**changes) -> rules.PlannedMoveAsked:
    values = {"kind": M.TRANSFER, "planned_on": TODAY, "reason": "Nearer the family", "held_in": HELD, "to_prison": 2}
    return rules.PlannedMoveAsked(**{**values, **changes})


@pytest.mark.parametrize(
    "request_",
    [
        asked(),
        asked(planned_on=TODAY + timedelta(days=30)),
        asked(kind=M.CELL_MOVE, to_prison=None, to_cell=11, cell_prison=1),
        asked(kind=M.CELL_MOVE, to_prison=None),  # the cell chosen when the move is made
        asked(held_in=rules.Custody(S.AT_COURT, prison=1, cell=10)),  # planned for when they are back
    ],
)
def test_a_move_that_can_be_requested(request_):
    assert rules.planned_move_problems(request_, BOUNDS) == {}


@pytest.mark.parametrize(
    "request_, field",
    [
        (asked(kind=M.COURT_PRODUCTION), "kind"),
        (asked(held_in=rules.Custody(S.RELEASED)), "kind"),
        (asked(held_in=rules.Custody(S.ESCAPED)), "kind"),
        (asked(planned_on=TODAY - timedelta(days=1)), "planned_on"),
        (asked(planned_on=TODAY + timedelta(days=366 * rules.YEARS_AHEAD)), "planned_on"),
        (asked(to_prison=None), "to_prison"),
        (asked(to_prison=1), "to_prison"),
        (asked(kind=M.CELL_MOVE, to_prison=None, to_cell=20, cell_prison=2), "to_cell"),
        (asked(kind=M.CELL_MOVE, to_prison=None, to_cell=10, cell_prison=1), "to_cell"),
        (asked(reason="  "), "reason"),
    ],
)
def test_a_move_that_cannot_be_requested_is_refused_on_its_field(request_, field):
    problems = rules.planned_move_problems(request_, BOUNDS)
    assert list(problems) == [field]


@pytest.mark.parametrize(
    "planned_kind, movement_kind, held_in, settled",
    [
        (M.CELL_MOVE, M.CELL_MOVE, 1, P.CARRIED_OUT),
        (M.TRANSFER, M.TRANSFER, 2, P.CARRIED_OUT),
        (M.CELL_MOVE, M.TRANSFER, 2, P.CANCELLED),  # a cell there is no longer the person's to move to
        (M.TRANSFER, M.RELEASE, None, P.CANCELLED),
        (M.TRANSFER, M.ESCAPE, None, P.CANCELLED),
        (M.TRANSFER, M.COURT_PRODUCTION, 1, None),
        (M.CELL_MOVE, M.RETURN, 1, None),
        (M.TRANSFER, M.CELL_MOVE, 1, None),
    ],
)
def test_what_a_movement_does_to_an_open_plan(planned_kind, movement_kind, held_in, settled):
    assert (
        rules.planned_move_settled_by(
            planned_kind=planned_kind, planned_from=1, movement_kind=movement_kind, held_in=held_in
        )
        == settled
    )
