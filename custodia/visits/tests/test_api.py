"""Visits over the API: sessions with free places, booking with a 422 listing every reason, the day."""

from datetime import time

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.tests.factories import PrisonFactory

from .factories import session, visits_world

pytestmark = pytest.mark.django_db
VISITS = "/api/v1/visits"


def post(client, url, data):
    return client.post(url, data=data, content_type="application/json")


def test_visits_over_the_api(client, make_staff, sign_in):
    v = visits_world(make_staff)
    hall = session(v.hall, places=1)
    video = session(v.video, day=timezone.localdate(), start=9)
    sign_in(client, v.officer)
    sessions = client.get(f"{VISITS}/sessions").json()
    assert {s["id"]: s["free_places"] for s in sessions} == {hall.pk: 1, video.pk: 1}
    refused = post(
        client,
        f"{VISITS}/bookings",
        {"prisoner_id": v.w.prisoner.pk, "session_id": hall.pk, "visitor_ids": [v.mother.pk, v.child.pk]},
    )
    assert refused.status_code == 422, refused.content
    assert "session_id" in refused.json()["errors"]
    made = post(
        client,
        f"{VISITS}/bookings",
        {"prisoner_id": v.w.prisoner.pk, "session_id": video.pk, "visitor_ids": [v.mother.pk, v.child.pk]},
    )
    assert made.status_code == 201, made.content
    booking = made.json()
    assert booking["kind"] == "video" and booking["with_children"]
    again = post(
        client,
        f"{VISITS}/bookings",
        {"prisoner_id": v.w.prisoner.pk, "session_id": video.pk, "visitor_ids": [v.mother.pk]},
    )
    errors = again.json()["errors"]
    assert set(errors) == {"session_id", "prisoner_id", "visitor_ids"}, errors
    listed = client.get(f"{VISITS}/bookings", {"prisoner": v.w.prisoner.pk, "limit": 1}).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == booking["id"]
    assert client.get(f"{VISITS}/bookings", {"limit": 1, "offset": 5}).json()["items"] == []
    assert client.get(f"{VISITS}/bookings", {"limit": 201}).status_code == 422
    day = post(
        client,
        f"{VISITS}/bookings/{booking['id']}/day",
        {
            "status": "completed",
            "started_at": "09:00",
            "ended_at": "09:25",
            "connection_failed": True,
            "version": booking["version"],
        },
    )
    assert day.status_code == 200, day.content
    assert day.json()["duration_minutes"] == 25 and day.json()["connection_failed"]
    assert time(9) == time.fromisoformat(day.json()["started_at"])
    elsewhere = make_staff("visits-away", roles.VISITS, prisons=[PrisonFactory()])
    sign_in(client, elsewhere)
    assert client.get(f"{VISITS}/bookings/{booking['id']}").status_code == 404
    assert client.get(f"{VISITS}/sessions").json() == []


def test_a_booked_visit_cancelled_over_the_api(client, make_staff, sign_in):
    v = visits_world(make_staff)
    hall = session(v.hall)
    sign_in(client, v.case_manager)
    booking = post(
        client,
        f"{VISITS}/bookings",
        {"prisoner_id": v.w.prisoner.pk, "session_id": hall.pk, "visitor_ids": [v.mother.pk]},
    ).json()
    url = f"{VISITS}/bookings/{booking['id']}/cancel"
    assert post(client, url, {"reason": ""}).status_code == 422
    done = post(client, url, {"reason": "The family cannot come.", "version": booking["version"]})
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    assert post(client, url, {"reason": "Again"}).status_code == 422  # already recorded
    sign_in(client, make_staff("wing-api", roles.WING, prisons=[v.w.prison]))
    assert post(client, url, {"reason": "x"}).status_code == 403
