"""Alerts over HTTP: list with filters, one alert, set, end; each refusal with its status; reads
logged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.alerts.models import Alert
from custodia.core.models import AuditEvent

from .factories import alert, held, staff

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def here(make_staff):
    return staff(make_staff)


def post(client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def test_list_filters_and_logs_reads(client, sign_in, here):
    first, second = held(here.prison), held(here.prison)
    alert(here.security, first)
    ended = alert(here.security, second, code="violent_to_staff")
    ended.ended_on = TODAY()
    ended.save()
    sign_in(client, here.wing)
    body = client.get("/api/v1/alerts/").json()
    assert body["count"] == 2
    assert client.get("/api/v1/alerts/?active=true").json()["count"] == 1
    assert client.get("/api/v1/alerts/?active=false").json()["items"][0]["code"] == "violent_to_staff"
    assert client.get(f"/api/v1/alerts/?prisoner={first.pk}").json()["items"][0]["label"] == "Escape risk"
    assert client.get("/api/v1/alerts/?code=medical").json()["count"] == 0
    assert AuditEvent.objects.filter(action="read", actor=here.wing, object_id=str(first.pk)).exists()


def test_set_and_end(client, sign_in, here):
    person = held(here.prison)
    sign_in(client, here.security)
    body = {"prisoner_id": person.pk, "code": "escape_risk", "reason": "Rope", "active_from": TODAY().isoformat()}
    response = post(client, "/api/v1/alerts/", body)
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["in_force"] and made["set_by"] == "alerts-security" and made["active_to"] is None
    again = post(client, "/api/v1/alerts/", body)
    assert again.status_code == 422 and "already in force" in again.json()["errors"]["code"][0]
    assert post(client, f"/api/v1/alerts/{made['id']}/end", {"reason": ""}).status_code == 422
    stale = post(client, f"/api/v1/alerts/{made['id']}/end", {"reason": "Done", "version": 7})
    assert stale.status_code == 422 and "version" in stale.json()["errors"]
    ended = post(client, f"/api/v1/alerts/{made['id']}/end", {"reason": "Done", "version": 1})
    assert ended.status_code == 200 and ended.json()["ended_on"] == TODAY().isoformat()
    assert not ended.json()["in_force"]


def test_refusals(client, sign_in, here, make_staff):
    person = held(here.prison)
    body = {"prisoner_id": person.pk, "reason": "R", "active_from": TODAY().isoformat()}
    sign_in(client, here.case_manager)
    # Seen but not theirs to set: 403 saying so; restricted to others: as unknown as a made-up code.
    refused = post(client, "/api/v1/alerts/", {**body, "code": "escape_risk"})
    assert refused.status_code == 403 and "may not set" in refused.json()["detail"]
    hidden = post(client, "/api/v1/alerts/", {**body, "code": "recruiter_risk"})
    unknown = post(client, "/api/v1/alerts/", {**body, "code": "dragon_rider"})
    assert hidden.status_code == unknown.status_code == 422 and hidden.json() == unknown.json()
    backwards = post(
        client,
        "/api/v1/alerts/",
        {
            **body,
            "code": "self_harm_risk",
            "active_from": (TODAY() - timedelta(days=2)).isoformat(),
            "active_to": (TODAY() - timedelta(days=3)).isoformat(),
        },
    )
    assert backwards.status_code == 422 and "active_to" in backwards.json()["errors"]
    sign_in(client, make_staff("api-elsewhere", "security_officer", prisons=[held(here.prison).current_prison]))
    sign_in(client, here.wing)
    assert post(client, "/api/v1/alerts/", {**body, "code": "escape_risk"}).status_code == 403  # no right
    elsewhere = held(staff(make_staff, prefix="other").prison)
    sign_in(client, here.security)
    assert (
        post(client, "/api/v1/alerts/", {**body, "prisoner_id": elsewhere.pk, "code": "escape_risk"}).status_code == 404
    )
    assert not Alert.objects.exists()
