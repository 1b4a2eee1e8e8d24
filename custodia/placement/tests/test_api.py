"""Placement over the API: the fit list, a refused move, separation exceptions."""

import pytest
from django.utils import timezone, translation

from custodia.accounts import roles
from custodia.estate.tests.factories import CellFactory, PrisonFactory, UnitFactory
from custodia.placement import rules, services
from custodia.placement.models import SeparationException

from .factories import person

pytestmark = pytest.mark.django_db


def test_fit_list_best_first_with_the_reasons(client, make_staff, sign_in, unit, prisoner):
    fitting = CellFactory(unit=unit, label="A2")
    refused = CellFactory(unit=UnitFactory(prison=unit.prison, name="Block B"), label="B1")
    convicted = person(cell=refused)
    sign_in(client, make_staff("wing", roles.WING, prisons=[unit.prison]))
    body = client.get(f"/api/v1/placement/{prisoner.pk}/cells").json()
    assert body["count"] == 2
    first, last = body["items"]
    assert first["cell_id"] == fitting.pk and first["fits"] and first["problems"] == []
    assert last["cell_id"] == refused.pk and not last["fits"]
    (problem,) = last["problems"]
    assert problem["kind"] == "separation" and problem["blocking"] and problem["rule"] == "11b"
    assert problem["others"] == [convicted.number] and "Rule 11(b)" in problem["message"]


def test_fit_list_only_where_the_person_is_held(client, make_staff, sign_in, prisoner):
    sign_in(client, make_staff("wing", roles.WING, prisons=[PrisonFactory()]))
    assert client.get(f"/api/v1/placement/{prisoner.pk}/cells").status_code == 404


def test_a_refused_move_answers_422_under_the_cell_in_the_users_language(client, make_staff, sign_in, unit, prisoner):
    refused = CellFactory(unit=UnitFactory(prison=unit.prison), label="B1")
    person(cell=refused)
    sign_in(client, make_staff("wing", roles.WING, prisons=[unit.prison]))
    response = client.post(
        f"/api/v1/prisoners/{prisoner.pk}/movements",
        {"kind": "cell_move", "occurred_at": timezone.now().isoformat(), "to_cell_id": refused.pk},
        content_type="application/json",
        headers={"accept-language": "fr"},
    )
    assert response.status_code == 422
    with translation.override("fr"):
        rule = rules.rule_text(rules.SeparationRule.UNTRIED_CONVICTED)
    assert rule in response.json()["errors"]["to_cell_id"][0]


def test_exceptions_grant_list_and_close(client, make_staff, sign_in, unit, prisoner):
    director = make_staff("director", roles.DIRECTOR, prisons=[unit.prison])
    sign_in(client, director)
    response = client.post(
        "/api/v1/placement/exceptions",
        {"prisoner_number": prisoner.number, "rule": "11b", "unit_id": unit.pk, "reason": "Awaiting a place"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["prisoner"]["number"] == prisoner.number and created["approved_by"] == "director"
    listed = client.get("/api/v1/placement/exceptions").json()
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    response = client.post(
        f"/api/v1/placement/exceptions/{created['id']}/close", {"reason": "Moved"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["closed_at"]
    assert client.get("/api/v1/placement/exceptions").json()["count"] == 0
    assert client.get("/api/v1/placement/exceptions?in_force=false").json()["count"] == 1


def test_exception_input_errors_name_the_request_fields(client, make_staff, sign_in, unit, prisoner):
    sign_in(client, make_staff("director", roles.DIRECTOR, prisons=[unit.prison]))
    response = client.post(
        "/api/v1/placement/exceptions",
        {"prisoner_number": "NOPE", "rule": "11b", "unit_id": UnitFactory().pk, "reason": "R"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"prisoner_number", "unit_id"}
    response = client.post(
        "/api/v1/placement/exceptions",
        {
            "prisoner_number": prisoner.number,
            "rule": "11b",
            "unit_id": unit.pk,
            "reason": "R",
            "valid_until": "2000-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "valid_until" in response.json()["errors"]
    assert not SeparationException.objects.exists()


def test_exceptions_elsewhere_are_not_found(client, make_staff, sign_in, unit, prisoner):
    director = make_staff("director", roles.DIRECTOR, prisons=[unit.prison])
    exception = services.separation_exception_grant(
        actor=director, prisoner=prisoner, rule="11b", unit=unit, reason="R"
    )
    sign_in(client, make_staff("director-elsewhere", roles.DIRECTOR, prisons=[PrisonFactory()]))
    response = client.post(
        f"/api/v1/placement/exceptions/{exception.pk}/close", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert client.get("/api/v1/placement/exceptions").json()["count"] == 0
