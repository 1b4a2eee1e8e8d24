"""Reads of the estate, with occupancy counted live from where prisoners are (Rule 10)."""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext

from custodia.core.formats import local_number
from custodia.core.profiles import Profile, get_profile

from .models import Cell, Prison, PrisonService, Unit

# (place, filters) -> {place id: people held there}: how many people are in each prison ("current_prison"),
# unit ("current_cell__unit") or cell ("current_cell") today. The register, which knows where
# people are, registers it (RegisterConfig.ready()), so that the estate imports no app above it.
PopulationCounter = Callable[..., dict[int, int]]
_population_counter: list[PopulationCounter] = []


def set_population_counter(counter: PopulationCounter) -> None:
    _population_counter[:] = [counter]


def service_get() -> PrisonService | None:
    return PrisonService.objects.order_by("pk").first()


@cache
def _active_service() -> tuple[str, date | None]:
    """The profile id of the service this installation runs and the day it began keeping sentence plans."""
    service = service_get()
    return (service.profile, service.sentence_plans_from) if service else ("generic", None)


def active_profile() -> Profile:
    """The profile of the prison service this installation runs; the generic one before set-up.

    An installation runs one service whose profile is fixed when it is set up, so the answer
    is kept for the life of the process (and forgotten when a service is saved)."""
    return get_profile(_active_service()[0])


def sentence_plans_from() -> date | None:
    """The day the service began keeping sentence plans in Custodia (None: since its first admission)."""
    return _active_service()[1]


def forget_active_profile(**kwargs: Any) -> None:
    _active_service.cache_clear()


def prison_list(*, user: User) -> QuerySet[Prison]:
    # Every signed-in member of staff may see the list of prisons; access to the people
    # held in them is scoped separately.
    return Prison.objects.select_related("region").filter(is_active=True)


def prison_choices(*, user: User) -> list[tuple[int, str]]:
    """(id, name) of each prison, for filters: a drop-down list needs no more."""
    return list(prison_list(user=user).values_list("id", "name"))


def units_of(*, prisons: Collection[int] | QuerySet[Prison]) -> QuerySet[Unit]:
    return Unit.objects.filter(prison__in=prisons).order_by("prison__name", "name")


def unit_choices(*, prisons: Collection[int] | QuerySet[Prison]) -> list[tuple[int, str]]:
    """(id, "prison / unit") of each unit of the prisons, for filters."""
    rows = units_of(prisons=prisons).values_list("pk", "prison__name", "name")
    return [(pk, f"{prison} / {name}") for pk, prison, name in rows]


def prison_get(*, user: User, prison_id: int) -> Prison:
    return prison_list(user=user).get(pk=prison_id)


def cell_get(*, user: User, cell_id: int) -> Cell:
    """A cell of a prison in use; cells are as visible as the prisons that list them."""
    return Cell.objects.select_related("unit__prison").get(pk=cell_id, unit__prison__in=prison_list(user=user))


@dataclass(frozen=True)
class Occupancy:
    label: str
    capacity: int
    population: int

    @property
    def over_capacity(self) -> bool:
        return self.population > self.capacity

    @property
    def rate(self) -> float | None:
        """Population as a percentage of official capacity; None where capacity is zero."""
        return round(100 * self.population / self.capacity, 1) if self.capacity else None

    def held_for(self) -> str:
        """The home page's count of the population: "People held for 1,200 places (322.5 %)", with
        the numbers as the reader writes them."""
        if self.rate is None:
            return gettext("People held, no official capacity")
        return gettext("People held for %(capacity)s places (%(rate)s %%)") % {
            "capacity": local_number(self.capacity),
            "rate": local_number(self.rate, 1),
        }


def _population_by(field: str, **filters: Any) -> dict[int, int]:
    return _population_counter[0](field, **filters)


def occupancy_by_prison(*, user: User, prison_ids: Collection[int] | None = None) -> list[tuple[Prison, Occupancy]]:
    """Every prison's occupancy, or only that of `prison_ids` (counted for those alone: a director's
    home page needs one prison, not the country's roll grouped)."""
    prisons = prison_list(user=user).order_by("region__name", "name")
    if prison_ids is None:
        counts = _population_by("current_prison")
    else:
        prisons = prisons.filter(pk__in=prison_ids)
        counts = _population_by("current_prison", current_prison__in=prison_ids)
    return [(prison, Occupancy(prison.name, prison.official_capacity, counts.get(prison.pk, 0))) for prison in prisons]


def occupancy_by_region(by_prison: list[tuple[Prison, Occupancy]]) -> list[Occupancy]:
    """Regions added up from the prisons' figures, so that every level agrees."""
    totals: dict[str, tuple[int, int]] = {}
    for prison, occ in by_prison:
        capacity, population = totals.get(prison.region.name, (0, 0))
        totals[prison.region.name] = (capacity + occ.capacity, population + occ.population)
    return [Occupancy(name, capacity, population) for name, (capacity, population) in sorted(totals.items())]


def occupancy_national(by_prison: list[tuple[Prison, Occupancy]]) -> Occupancy:
    return Occupancy(
        "national", sum(occ.capacity for _p, occ in by_prison), sum(occ.population for _p, occ in by_prison)
    )


def occupancy_by_unit(*, prison: Prison) -> list[tuple[Unit, Occupancy]]:
    counts = _population_by("current_cell__unit", current_prison=prison)
    units = Unit.objects.filter(prison=prison).annotate(capacity=Sum("cells__capacity"))
    return [(unit, Occupancy(unit.name, unit.capacity or 0, counts.get(unit.pk, 0))) for unit in units]


def occupancy_by_cell(*, prison: Prison) -> list[tuple[Cell, Occupancy]]:
    counts = _population_by("current_cell", current_prison=prison)
    cells = Cell.objects.filter(unit__prison=prison).select_related("unit")
    return [(cell, Occupancy(cell.label, cell.capacity, counts.get(cell.pk, 0))) for cell in cells]


def cells_over_capacity(*, prison_ids: Collection[int]) -> list[tuple[Cell, Occupancy]]:
    """The cells of the prisons that hold more people than their capacity, in two queries."""
    counts = _population_by("current_cell", current_prison__in=prison_ids)
    occupied = [pk for pk in counts if pk is not None]
    cells = Cell.objects.filter(pk__in=occupied, unit__prison__in=prison_ids).select_related("unit__prison")
    occupancies = [(cell, Occupancy(cell.label, cell.capacity, counts[cell.pk])) for cell in cells]
    return [(cell, occupancy) for cell, occupancy in occupancies if occupancy.over_capacity]
