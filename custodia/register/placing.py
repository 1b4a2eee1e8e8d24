"""The check that every placement the register makes (an admission, a movement) must pass.

The check itself is the placement app's (placement.checks), which reads the classification and
the constraints of higher apps; it is registered here from PlacementConfig.ready(), so that the
register imports no app above it. A placement is never made unchecked: without a registered
check the register refuses to place anyone."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from custodia.estate.models import Cell, Prison

from .models import Prisoner

# (prisoner, prison, cell) -> the refusals, in the user's language; [] when the placement is allowed.
PlacementCheck = Callable[[Prisoner, Prison, Cell | None], list[str]]

_check: list[PlacementCheck] = []


def set_placement_check(check: PlacementCheck) -> None:
    _check[:] = [check]


def placement_refusals(prisoner: Prisoner, prison: Prison, cell: Cell | None) -> list[str]:
    if not _check:
        raise ImproperlyConfigured("No placement check is registered: add custodia.placement to INSTALLED_APPS.")
    return _check[0](prisoner, prison, cell)
