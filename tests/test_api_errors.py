"""The API's own answers to what no operation handles well: numbers out of any range, addresses
that are no route, bodies that are not JSON, methods a route does not serve. Each answers a
documented JSON error, never a 500 or an HTML page (penetration test, findings 6 and 14)."""

import json

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.utils import timezone, translation

from config.api import api
from custodia.accounts import roles, tokens
from custodia.core.api import ERROR_RESPONSES, MAX_ID, MAX_OFFSET, MAX_VERSION
from custodia.estate.tests.factories import CellFactory
from custodia.register.tests.factories import admit
from custodia.register.tests.test_api import admission_payload

pytestmark = pytest.mark.django_db

BEYOND_BIGINT = str(2**63)  # one past the largest id SQLite and PostgreSQL hold
HUGE = "99999999999999999999"


@pytest.fixture
def held(db):
    cell = CellFactory()
    return admit(cell=cell)


@pytest.fixture
def api_client(client, make_staff, held):
    """A nationwide user who may read and write everything the API offers, by API token."""
    user = make_staff("api-errors", *roles.FILE_READERS, nationwide=True)
    _token, secret = tokens.token_create(actor=user, name="Errors", scopes=["read", "write"], days=30)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    client.raise_request_exception = False
    return client


def test_ids_are_bounded_by_what_the_database_holds():
    """core.api.MAX_ID is the range of BigAutoField (settings.DEFAULT_AUTO_FIELD) on this database:
    a model with another primary key would need its own bound."""
    custodia = {config.label for config in apps.get_app_configs() if config.name.startswith("custodia.")}
    others = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in custodia and not isinstance(model._meta.pk, models.BigAutoField)
    ]
    assert not others
    assert connection.ops.integer_field_range("BigAutoField")[1] == MAX_ID
    assert connection.ops.integer_field_range("PositiveIntegerField")[1] >= MAX_VERSION


@pytest.mark.parametrize(
    ("url", "field"),
    [
        # The penetration test's two cases, then every paginated list and every id in a query.
        (f"/api/v1/prisoners/?offset={2**63}", "offset"),
        (f"/api/v1/prisoners/?prison={HUGE}", "prison"),
        (f"/api/v1/prisons/?offset={MAX_OFFSET + 1}", "offset"),
        (f"/api/v1/prisoners/?offset={MAX_OFFSET + 1}", "offset"),
        (f"/api/v1/placement/exceptions?offset={BEYOND_BIGINT}", "offset"),
        (f"/api/v1/classification/reviews?offset={BEYOND_BIGINT}", "offset"),
        (f"/api/v1/classification/reviews?prison={BEYOND_BIGINT}", "prison"),
        (f"/api/v1/assessments/worklist?prison={HUGE}", "prison"),
        (f"/api/v1/assessments/?prisoner={HUGE}", "prisoner"),
        (f"/api/v1/classification/decisions?prisoner={BEYOND_BIGINT}", "prisoner"),
        (f"/api/v1/classification/proposal?prisoner={BEYOND_BIGINT}", "prisoner"),
        (f"/api/v1/non-associations/?prisoner={BEYOND_BIGINT}", "prisoner"),
        ("/api/v1/prisoners/?prison=0", "prison"),
        # Ids in a path: a whole number out of range is bad input too.
        (f"/api/v1/prisons/{BEYOND_BIGINT}", "prison_id"),
        (f"/api/v1/prisoners/{HUGE}", "prisoner_id"),
        (f"/api/v1/prisoners/{BEYOND_BIGINT}/movements", "prisoner_id"),
        (f"/api/v1/placement/{BEYOND_BIGINT}/cells", "prisoner_id"),
        (f"/api/v1/assessments/{BEYOND_BIGINT}", "assessment_id"),
        (f"/api/v1/assessments/instruments/general_screening/{MAX_VERSION + 1}", "version"),
        (f"/api/v1/classification/decisions/{BEYOND_BIGINT}", "decision_id"),
        ("/api/v1/prisoners/0", "prisoner_id"),
    ],
)
def test_a_number_out_of_range_in_a_query_or_path_answers_422(api_client, url, field):
    response = api_client.get(url)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()["errors"]) == [field]


def test_an_offset_within_range_past_the_end_answers_an_empty_page(api_client):
    body = api_client.get(f"/api/v1/prisoners/?offset={MAX_OFFSET}").json()
    assert body == {"items": [], "count": 1}


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/prisoners/", {"commitment": {"prison_id": HUGE}}, "commitment.prison_id"),
        ("/api/v1/prisoners/", {"commitment": {"cell_id": 2**63}}, "commitment.cell_id"),
        ("/api/v1/prisoners/{id}/movements", {"to_prison_id": 2**63}, "to_prison_id"),
        ("/api/v1/prisoners/{id}/movements", {"to_cell_id": 2**64}, "to_cell_id"),
        ("/api/v1/prisoners/{id}/movements", {"version": MAX_VERSION + 1}, "version"),
        ("/api/v1/non-associations/", {"prisoner_id": 2**63}, "prisoner_id"),
        ("/api/v1/placement/exceptions", {"unit_id": 2**63}, "unit_id"),
        ("/api/v1/assessments/", {"prisoner": 2**63}, "prisoner"),
        ("/api/v1/assessments/triggers", {"prisoner": 2**63}, "prisoner"),
        ("/api/v1/classification/decisions", {"prisoner": 2**63}, "prisoner"),
        ("/api/v1/classification/decisions", {"version": 2**40}, "version"),
    ],
)
def test_a_number_out_of_range_in_a_body_answers_422_under_its_path(api_client, held, url, body, field):
    url = url.format(id=held.pk)
    if url == "/api/v1/prisoners/":
        payload = admission_payload(held.current_prison_id)
        payload["commitment"].update(body["commitment"])
    else:
        payload = {"kind": "hospital", **body} if "movements" in url else body
    response = api_client.post(url, payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/assessments/abc",
        "/api/v1/assessments/-1",
        "/api/v1/prisoners/abc",
        "/api/v1/prisons/1.5",
        "/api/v1/classification/decisions/%F0%9F%98%80",
        "/api/v1/nothing-here",
        "/api/v1/prisoners/1/nothing-here",
        "/api/v2/prisoners/",
    ],
)
@pytest.mark.parametrize("signed_in", [True, False])
def test_an_address_that_is_no_route_answers_json_404(api_client, url, signed_in):
    caller = api_client if signed_in else Client()
    for response in (caller.get(url), caller.post(url, "{}", content_type="application/json")):
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe\x00", b"[1, 2", b"'single quotes'"])
def test_a_body_that_cannot_be_parsed_answers_422(api_client, held, body):
    response = api_client.post(f"/api/v1/prisoners/{held.pk}/movements", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"errors": {"__all__": ["The request body is not valid JSON."]}}


def test_a_body_that_is_json_but_not_an_object_answers_422(api_client, held):
    response = api_client.post(f"/api/v1/prisoners/{held.pk}/movements", "[1, 2]", content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["__all__"]


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("DELETE", "/api/v1/prisoners/", "GET, POST"),
        ("PUT", "/api/v1/prisoners/{id}", "GET"),
        ("PATCH", "/api/v1/prisons/", "GET"),
        ("GET", "/api/v1/placement/exceptions/1/close", "POST"),
        ("HEAD", "/api/v1/prisons/", "GET"),
    ],
)
@pytest.mark.parametrize("signed_in", [True, False])
def test_a_method_the_route_does_not_serve_answers_405(api_client, held, method, url, allow, signed_in):
    caller = api_client if signed_in else Client()
    response = caller.generic(method, url.format(id=held.pk))
    assert response.status_code == 405
    assert response["Allow"] == allow
    if method != "HEAD":
        assert response.json() == {"detail": f"This address does not accept the {method} method."}


def test_every_operation_documents_its_errors():
    """401, 403 and 422 everywhere (ERROR_RESPONSES), 404 wherever the path takes an id, each as JSON."""
    missing = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            documented = {int(code) for code in operation["responses"]}
            expected = set(ERROR_RESPONSES) | ({404} if "{" in path else set())
            if not expected <= documented:
                missing.append(f"{method.upper()} {path}: {sorted(expected - documented)}")
            for code, answer in operation["responses"].items():
                assert list(answer["content"]) == ["application/json"], (method, path, code)
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # PostgreSQL cannot store NUL: it was a 500 there (and stored as sent on SQLite).
        ("x\x00y", "Remove the NUL character (U+0000) from this text: it cannot be stored."),
        # A lone surrogate cannot be encoded for either database.
        ("x\ud800y", "Enter text: this value holds characters that are not valid Unicode."),
    ],
)
def test_text_that_cannot_be_stored_answers_422_under_its_field(api_client, held, text, message):
    # Escaped as JSON allows (\\u0000, \\ud800): what any client sends.
    body = json.dumps({"kind": "hospital", "occurred_at": timezone.now().isoformat(), "reason": text})
    response = api_client.post(f"/api/v1/prisoners/{held.pk}/movements", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"errors": {"reason": [message]}}
    assert not held.movements.filter(kind="hospital").exists()


def test_nul_in_a_list_of_texts_is_named_by_its_index(api_client, held):
    """Property items in an admission: the message sits under the item that holds the character."""
    items = [{"description": "Watch"}, {"description": "\x00"}]
    payload = admission_payload(held.current_prison_id, property_items=items)
    response = api_client.post("/api/v1/prisoners/", payload, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["property_items.1.description"]


def test_the_openapi_document_is_made_once_per_prefix_and_language(staff_client) -> None:
    """Making the document takes most of a second; it describes the code, so it is kept."""
    first = staff_client.get("/api/v1/openapi.json").json()
    assert api.get_openapi_schema(path_prefix="/api/v1/") is api.get_openapi_schema(path_prefix="/api/v1/")
    with translation.override("fr"):
        french = api.get_openapi_schema(path_prefix="/api/v1/")
    assert french is not api.get_openapi_schema(path_prefix="/api/v1/")
    assert staff_client.get("/api/v1/openapi.json").json() == first
