"""No route answers 500 to anything a user can put in the address bar.

Every GET route of the URL configuration is opened, for every role it lets in and for a signed-out
visitor, with absurd ids in its path, and with empty and malformed query strings: words where
numbers are expected, negative and huge numbers, impossible dates, a NUL character (PostgreSQL
refuses it in any string), repeated keys and very long values. The keys
tried are those the page's own forms name and those the views read. A refusal (4xx) or a
redirection is a fine answer; a server error, or an exception, fails naming the request. Every
role's answer to every route with the world's own ids is checked for server errors where those
requests are made already: by the crawls of tests/test_access.py and tests/test_need_to_know.py.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from custodia.accounts import roles
from custodia.core.rights import PUBLIC, SIGNED_IN, declared

from .test_access import NATIONWIDE, world  # noqa: F401 - world: the small world of the role-by-route test, a fixture

pytestmark = pytest.mark.django_db

ABSURD_INTS = (0, 999_999_999, 10**20)
ABSURD_STRINGS = ("0", "x" * 1000, "\x00", "'; drop table x; --")
# The keys the views read from the query string (request.GET, the filter forms, the API's query
# parameters); the names of the page's own form fields are added to them per page.
KNOWN_KEYS = (
    "page",
    "prison",
    "prison_id",
    "prisoner_id",
    "q",
    "sort",
    "from",
    "to",
    "unit",
    "urgency",
    "status",
    "mine",
    "overcrowded",
    "next",
    "limit",
    "offset",
    "instrument_id",
    "legal_status",
    "date",
    "months",
    "language",
    "instrument",
)
MALFORMED_VALUES = (
    "",
    "abc",
    "-1",
    "99999999999999999999",
    "\x00",
    ";drop",
    "2026-13-45",
    "ك" * 5000,
)
FORM_FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')


def get_routes(
    patterns: Any = None, namespace: str | None = None, converters: Any = None
) -> Iterator[tuple[str, dict, str]]:
    """Each named route that answers GET, with the converter of each of its path parameters and
    the right its GET declares."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or None
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from get_routes(pattern.url_patterns, full, found)
        elif isinstance(pattern, URLPattern) and pattern.name and "GET" in (rights := declared(pattern.callback) or {}):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), found, str(rights["GET"])


def lets_in(user: Any, rule: str) -> bool:
    """Whether the route's own rule lets the user in: otherwise the route access middleware refuses
    before any view reads the path or the query string."""
    if rule == PUBLIC:
        return True
    return user is not None and (rule == SIGNED_IN or user.has_perm(rule))


def real_values(records: dict[str, Any]) -> dict[str, object]:
    """The ids of the world's records, by the name routes give their path parameter."""
    return {
        "prison_id": records["prison"].pk,
        "prisoner_id": records["prisoner"].pk,
        "admission_id": records["admission"].pk,
        "photograph_id": records["photograph"].pk,
        "assessment_id": records["assessment"].pk,
        "non_association_id": records["non_association"].pk,
        "exception_id": records["exception"].pk,
        "decision_id": records["decision"].pk,
        "user_id": records["account"].pk,
        "planned_move_id": records["planned_move"].pk,
        "plan_id": records["plan"].pk,
        "objective_id": records["objective"].pk,
        "release_plan_id": records["release_plan"].pk,
        "referral_id": records["referral"].pk,
        "programme_id": records["programme"].pk,
        "session_id": records["session"].pk,
        "participation_id": records["participation"].pk,
        "measure_id": records["measure"].pk,
        "appeal_id": records["appeal"].pk,
        "report_id": records["report"].pk,
        "sharing_id": records["sharing"].pk,
        "alert_id": records["alert"].pk,
        "incident_id": records["incident"].pk,
        "involvement_id": records["involvement"].pk,
        "examination_id": records["examination"].pk,
        "audit_id": records["security_audit"].pk,
        "action_id": records["audit_action"].pk,
        "contact_id": records["contact"].pk,
        "restriction_id": records["restriction"].pk,
        "family_member_id": records["family_member"].pk,
        "complaint_id": records["complaint"].pk,
        "pair_id": records["duplicate_pair"].pk,
        "job_id": 1,  # custodia.jobs: the world holds no export job; someone else's or none is not found
        "key": "rule-7-admission",  # a check of the compliance monitor (oversight.compliance.registry)
        "visit_session_id": records["visit_session"].pk,
        "booking_id": records["booking"].pk,
        "staff_id": records["staff"].pk,
        "course_code": records["course_code"],
        "training_session_id": records["training_session"].pk,
        "certificate_id": records["certificate"].pk,
        "elearning_import_id": records["elearning_import"].pk,
        "certificate_code": records["certificate_code"],
        "instrument_id": "general_screening",
        "version": 1,
        "language": "ar",
    }


def urls_of(name: str, converters: dict, records: dict[str, Any]) -> Iterator[str]:
    """The route with the world's ids, then with each absurd value in each of its parameters."""
    real = real_values(records)
    unknown = sorted(set(converters) - set(real))
    assert not unknown, f"{name}: give the world a record for the path parameters {unknown} (real_values)"
    kwargs = {parameter: real[parameter] for parameter in converters}
    yield reverse(name, kwargs=kwargs or None)
    for parameter, converter in converters.items():
        for absurd in ABSURD_INTS if isinstance(converter, IntConverter) else ABSURD_STRINGS:
            yield reverse(name, kwargs={**kwargs, parameter: absurd})


def malformed_queries(keys: set[str]) -> Iterator[dict[str, object]]:
    """Every key with the same malformed value, for each value; then every key given twice."""
    for value in MALFORMED_VALUES:
        yield dict.fromkeys(keys, value)
    yield dict.fromkeys(keys, ["1", "abc"])


def client_for(role: str | None, records: dict[str, Any], make_staff, sign_in) -> tuple[Client, Any]:
    client, user = Client(), None
    if role is not None:
        user = make_staff(f"crawler-{role}", role, prisons=[records["prison"]], nationwide=role in NATIONWIDE)
        sign_in(client, user)
    return client, user


def fetch(client: Client, url: str, query: dict[str, object] | None = None) -> tuple[HttpResponse | None, str | None]:
    """The answer, or what went wrong when the request raised; each request runs in a savepoint, so
    that a failed query on PostgreSQL does not abort the test's transaction."""
    try:
        with transaction.atomic():
            response = client.get(url, query)
    except Exception as exc:  # noqa: BLE001 - every exception is a server error to report
        return None, f"{type(exc).__name__}: {str(exc)[:200]}"
    return response, f"status {response.status_code}" if response.status_code >= 500 else None


def refused(response: HttpResponse) -> bool:
    """Refused by the route's right, before the view reads anything of the request."""
    return response.status_code in (401, 403) or "/accounts/login/" in response.get("Location", "")


def form_keys(response: HttpResponse) -> set[str]:
    """The names of the fields the page offers (its filters among them), for the query strings."""
    if "html" not in response.get("Content-Type", ""):
        return set()
    return set(FORM_FIELD.findall(response.content.decode())) - {"csrfmiddlewaretoken"}


def test_no_route_answers_500(world, make_staff, sign_in):  # noqa: F811 - world is the fixture imported above
    """Every role the route lets in opens it with absurd ids (a role the route's rule refuses is
    refused before any view reads the path). The malformed query strings, which are most of the
    requests, are tried on each route once by a prison's staff and once by a nationwide user (the
    scopes the selectors tell apart), as the first role of each kind that the route lets in: the
    views read a query string the same way whoever asks. Every role's answer to every route with
    the world's ids is checked for server errors by the crawls of the role-by-route and need-to-know
    tests (tests/test_access.py, access_problem), which make those requests already."""
    errors = []
    queried: set[tuple[str, bool]] = set()
    let_in: set[str] = set()  # the routes some role was let into, to know that each was crawled
    for role in [None, *roles.LABELS]:
        client, user = client_for(role, world, make_staff, sign_in)
        who = role or "a signed-out visitor"
        for name, converters, rule in get_routes():
            if not lets_in(user, rule):
                continue
            let_in.add(name)
            real, *absurd = urls_of(name, converters, world)
            for url in absurd:
                if problem := fetch(client, url)[1]:
                    errors.append(f"GET {url} ({name}) as {who}: {problem}")
            scope = (name, role in NATIONWIDE)
            if scope in queried:
                continue
            response, problem = fetch(client, real)
            if problem:
                errors.append(f"GET {real} ({name}) as {who}: {problem}")
            if response is None or refused(response):
                continue
            queried.add(scope)
            for query in malformed_queries(set(KNOWN_KEYS) | form_keys(response)):
                if problem := fetch(client, real, query)[1]:
                    value = next(iter(query.values()))
                    errors.append(f"GET {real}?…={value!r:.40} ({name}, keys {sorted(query)}) as {who}: {problem}")
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)
    assert let_in == {name for name, _converters, _rule in get_routes()}
