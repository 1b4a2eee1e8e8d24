"""Occupancy is counted live at every level of the estate (Mandela Rule 10)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.estate import selectors
from custodia.estate.tests.factories import CellFactory, PrisonFactory, RegionFactory, UnitFactory
from custodia.register import services
from custodia.register.choices import MovementKind, ReleaseReason
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db


@pytest.fixture
def estate():
    region = RegionFactory(name="Central")
    prison = PrisonFactory(region=region, official_capacity=4)
    other = PrisonFactory(region=region, official_capacity=6)
    unit = UnitFactory(prison=prison)
    return {
        "prison": prison,
        "other": other,
        "cell_a": CellFactory(unit=unit, capacity=2),
        "cell_b": CellFactory(unit=unit, capacity=2),
    }


def test_occupancy_at_every_level(estate, staff_user):
    for _ in range(3):
        admit(actor=staff_user, cell=estate["cell_a"])
    admit(actor=staff_user, cell=estate["cell_b"])
    admit(actor=staff_user, prison=estate["prison"])  # not yet allocated a cell
    released = admit(actor=staff_user, prison=estate["other"])
    services.movement_record(
        actor=staff_user,
        prisoner=released,
        data=services.MovementData(
            kind=MovementKind.RELEASE, occurred_at=timezone.now(), release_reason=ReleaseReason.BAIL
        ),
    )

    cells = {cell.pk: occ for cell, occ in selectors.occupancy_by_cell(prison=estate["prison"])}
    assert cells[estate["cell_a"].pk].population == 3 and cells[estate["cell_a"].pk].rate == 150.0
    assert cells[estate["cell_b"].pk].population == 1
    ((unit, unit_occ),) = selectors.occupancy_by_unit(prison=estate["prison"])
    assert (unit_occ.population, unit_occ.capacity) == (4, 4)
    by_prison = selectors.occupancy_by_prison(user=staff_user)
    prisons = {prison.pk: occ for prison, occ in by_prison}
    assert prisons[estate["prison"].pk].population == 5 and prisons[estate["prison"].pk].rate == 125.0
    assert prisons[estate["other"].pk].population == 0  # the released person no longer counts
    (region,) = selectors.occupancy_by_region(by_prison)
    assert (region.population, region.capacity) == (5, 10)
    national = selectors.occupancy_national(by_prison)
    assert (national.population, national.capacity, national.rate) == (5, 10, 50.0)
    # Counted for some prisons only, the figures are those of the whole list.
    ((prison, occupancy),) = selectors.occupancy_by_prison(user=staff_user, prison_ids=[estate["prison"].pk])
    assert prison == estate["prison"] and occupancy == prisons[prison.pk]


def test_zero_capacity_has_no_rate():
    assert selectors.Occupancy("x", 0, 3).rate is None


def test_estate_pages(staff_client, estate, staff_user, django_assert_max_num_queries):
    admit(actor=staff_user, cell=estate["cell_a"])
    with django_assert_max_num_queries(14):
        listing = staff_client.get(reverse("estate:prison_list"))
    assert estate["prison"].name in listing.content.decode()
    with django_assert_max_num_queries(14):
        detail = staff_client.get(reverse("estate:prison_detail", args=[estate["prison"].pk]))
    assert estate["cell_a"].label in detail.content.decode()
    assert staff_client.get(reverse("estate:prison_detail", args=[999999])).status_code == 404
