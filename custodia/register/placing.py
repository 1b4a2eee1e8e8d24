"""The check that every placement the register makes (an admission, a movement) must pass.

The check itself is the placement app's (placement.checks), which reads the classification and
the constraints of higher apps; it is registered here from PlacementConfig.ready(), so that the
register imports no app above it. A placement is never made unchecked: without a registered
check the register refuses to place anyone."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from custodia.estate.models import Cell, Prison

from .models import Prisoner

# (prisoner, prison, cell) -> the refusals, in the user's language; [] when the placement is allowed.
PlacementCheck = Callable[[Prisoner, Prison, Cell | None], list[str]]

_check: list[PlacementCheck] = []


@dataclass(frozen=True)
class CellVerdict:
    """The check's answer for one cell: its occupants and the refusals ([] when it may be chosen)."""

    cell: Cell
    occupants: int
    refusals: list[str]


# (prisoner, prison, cells of that prison) -> a verdict for each cell, best first, in a fixed
# number of queries: the admission offers the cells the person may be placed in.
CellsCheck = Callable[[Prisoner, Prison, Sequence[Cell]], list[CellVerdict]]

_cells_check: list[CellsCheck] = []


def set_placement_check(check: PlacementCheck, cells_check: CellsCheck) -> None:
    _check[:] = [check]
    _cells_check[:] = [cells_check]


def placement_refusals(prisoner: Prisoner, prison: Prison, cell: Cell | None) -> list[str]:
    if not _check:
        raise ImproperlyConfigured("No placement check is registered: add custodia.placement to INSTALLED_APPS.")
    return _check[0](prisoner, prison, cell)


def cell_verdicts(prisoner: Prisoner, prison: Prison, cells: Sequence[Cell]) -> list[CellVerdict]:
    """The placement check of each of `cells` for `prisoner` (who may not be saved yet: an admission)."""
    if not _cells_check:
        raise ImproperlyConfigured("No placement check is registered: add custodia.placement to INSTALLED_APPS.")
    return _cells_check[0](prisoner, prison, cells)
