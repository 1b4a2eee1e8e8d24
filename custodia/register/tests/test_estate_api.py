"""The estate API: prisons with live occupancy, against a real database."""

import pytest
from django.test import Client

from custodia.estate.tests.factories import CellFactory, PrisonFactory, RegionFactory, UnitFactory
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db

LIST = "/api/v1/prisons/"


def detail_url(prison_id: int) -> str:
    return f"/api/v1/prisons/{prison_id}"


def test_list_gives_occupancy_without_a_query_per_prison(staff_client: Client, django_assert_max_num_queries) -> None:
    north, south = RegionFactory(name="North"), RegionFactory(name="South")
    crowded = PrisonFactory(region=north, name="Alpha", official_capacity=2)
    for _ in range(3):
        admit(prison=crowded)
    for n in range(14):
        PrisonFactory(region=south, name=f"Prison {n:02d}")

    with django_assert_max_num_queries(11):
        response = staff_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 15
    first = body["items"][0]
    assert first == {
        "id": crowded.pk,
        "code": crowded.code,
        "name": "Alpha",
        "region": {"id": north.pk, "code": north.code, "name": "North"},
        "prison_type": "closed",
        "official_capacity": 2,
        "population": 3,
        "occupancy_rate": 150.0,
    }
    assert {item["population"] for item in body["items"][1:]} == {0}


def test_list_is_paginated_with_limit_and_offset(staff_client: Client) -> None:
    region = RegionFactory()
    names = [f"Prison {n:02d}" for n in range(7)]
    for name in names:
        PrisonFactory(region=region, name=name)

    body = staff_client.get(LIST, {"limit": 3, "offset": 3}).json()

    assert body["count"] == 7
    assert [item["name"] for item in body["items"]] == names[3:6]


def test_list_leaves_out_prisons_no_longer_in_use(staff_client: Client) -> None:
    PrisonFactory(name="Open")
    PrisonFactory(name="Closed down", is_active=False)

    assert [item["name"] for item in staff_client.get(LIST).json()["items"]] == ["Open"]


def test_too_large_a_page_is_refused_naming_the_parameter(staff_client: Client) -> None:
    response = staff_client.get(LIST, {"limit": 10_000})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]


def test_detail_gives_units_and_cells_with_live_occupancy(staff_client: Client, django_assert_max_num_queries) -> None:
    prison = PrisonFactory(official_capacity=10)
    unit_a, unit_b = UnitFactory(prison=prison, name="A wing"), UnitFactory(prison=prison, name="B wing")
    a1, a2 = CellFactory(unit=unit_a, label="A1", capacity=2), CellFactory(unit=unit_a, label="A2", capacity=1)
    CellFactory(unit=unit_b, label="B1", capacity=4)
    admit(cell=a1)
    admit(cell=a1)
    admit(cell=a2)
    admit(prison=prison)  # on the roll, not yet in a cell

    with django_assert_max_num_queries(15):
        response = staff_client.get(detail_url(prison.pk))

    assert response.status_code == 200
    body = response.json()
    assert (body["population"], body["occupancy_rate"]) == (4, 40.0)
    assert [(u["name"], u["capacity"], u["population"]) for u in body["units"]] == [("A wing", 3, 3), ("B wing", 4, 0)]
    assert body["units"][0]["cells"] == [
        {"id": a1.pk, "label": "A1", "capacity": 2, "population": 2, "occupancy_rate": 100.0},
        {"id": a2.pk, "label": "A2", "capacity": 1, "population": 1, "occupancy_rate": 100.0},
    ]
    assert body["units"][1]["cells"][0]["occupancy_rate"] == 0.0


def test_unit_without_cells_has_no_rate(staff_client: Client) -> None:
    prison = PrisonFactory()
    UnitFactory(prison=prison)

    unit = staff_client.get(detail_url(prison.pk)).json()["units"][0]

    assert (unit["capacity"], unit["occupancy_rate"], unit["cells"]) == (0, None, [])


def test_unknown_prison_is_404(staff_client: Client) -> None:
    closed = PrisonFactory(is_active=False)

    for prison_id in (closed.pk, 999_999):
        response = staff_client.get(detail_url(prison_id))
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_signed_out_is_401_not_a_redirect(client: Client) -> None:
    prison = PrisonFactory()

    for url in (LIST, detail_url(prison.pk)):
        response = client.get(url)
        assert response.status_code == 401
        assert "detail" in response.json()
