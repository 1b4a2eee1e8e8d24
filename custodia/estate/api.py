"""Prisons with their live occupancy (Mandela Rule 10: population against official capacity)."""

from collections import defaultdict

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, Id, Pagination
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right

from . import selectors
from .models import Prison, PrisonType

router = Router(tags=["prisons"])


class RegionOut(Schema):
    id: int
    code: str
    name: str


class OccupancyFields(Schema):
    population: int = Field(..., description="People on the roll today (counted live, never stored).")
    occupancy_rate: float | None = Field(
        ..., description="Population as a percentage of capacity; null where the capacity is zero."
    )


class PrisonOut(OccupancyFields):
    id: int
    code: str
    name: str
    region: RegionOut
    prison_type: PrisonType
    official_capacity: int


class CellOut(OccupancyFields):
    id: int
    label: str
    capacity: int


class UnitOut(OccupancyFields):
    id: int
    name: str
    security_level: str
    capacity: int = Field(..., description="Sum of the capacity of the unit's cells.")
    cells: list[CellOut]


class PrisonDetailOut(PrisonOut):
    units: list[UnitOut]


def _prison_row(prison: Prison, occupancy: selectors.Occupancy) -> dict:
    return {
        "id": prison.pk,
        "code": prison.code,
        "name": prison.name,
        "region": prison.region,
        "prison_type": prison.prison_type,
        "official_capacity": prison.official_capacity,
        "population": occupancy.population,
        "occupancy_rate": occupancy.rate,
    }


@router.get(
    "/",
    response={200: list[PrisonOut], **ERROR_RESPONSES},
    summary="List prisons with their occupancy",
    description=(
        "Prisons in use, by region and name, with the population counted live and the occupancy rate "
        "against the official capacity. Paginated with `limit` (1-200, default 50) and `offset`; the "
        'answer is `{"items": [...], "count": total}`.'
    ),
)
@requires(GET=right("view_estate"))
@paginate(Pagination)
def prison_list(request: AuthenticatedRequest) -> list[dict]:
    return [_prison_row(prison, occ) for prison, occ in selectors.occupancy_by_prison(user=request.user)]


@router.get(
    "/{int:prison_id}",
    response={200: PrisonDetailOut, **NOT_FOUND_RESPONSES},
    summary="One prison with its units and cells",
    description=(
        "The prison's occupancy, then each unit and each of its cells with capacity, population and "
        "occupancy rate. People on the roll without a cell count in the prison, not in a unit."
    ),
)
@requires(GET=right("view_estate"))
def prison_detail(request: AuthenticatedRequest, prison_id: Id) -> dict:
    prison = selectors.prison_get(user=request.user, prison_id=prison_id)
    ((_prison, occupancy),) = selectors.occupancy_by_prison(user=request.user, prison_ids=[prison.pk])
    cells_by_unit: dict[int, list[dict]] = defaultdict(list)
    for cell, occ in selectors.occupancy_by_cell(prison=prison):
        cells_by_unit[cell.unit_id].append(
            {
                "id": cell.pk,
                "label": cell.label,
                "capacity": cell.capacity,
                "population": occ.population,
                "occupancy_rate": occ.rate,
            }
        )
    units = [
        {
            "id": unit.pk,
            "name": unit.name,
            "security_level": unit.security_level,
            "capacity": occ.capacity,
            "population": occ.population,
            "occupancy_rate": occ.rate,
            "cells": cells_by_unit[unit.pk],
        }
        for unit, occ in selectors.occupancy_by_unit(prison=prison)
    ]
    return {**_prison_row(prison, occupancy), "units": units}
