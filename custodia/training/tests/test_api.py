"""Staff training over the API: staff records (paginated, scoped: a director's own prison, 404
for another's), the catalogue, sessions with their participants and results, and the check of a
certificate's code."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.training.models import Participant, StaffMember

from .world import certify, training_world

pytestmark = pytest.mark.django_db
TRAINING = "/api/v1/training"


def test_training_over_the_api(client, sign_in, make_staff):
    t = training_world(make_staff)
    valid = certify(t.amina, t.mandela, score=90)
    Participant.objects.filter(session=t.session, staff=t.amina).update(result="passed", score=88)
    sign_in(client, t.trainer)
    listed = client.get(f"{TRAINING}/staff", {"limit": 2}).json()
    assert listed["count"] == StaffMember.objects.filter(is_active=True).count() and len(listed["items"]) == 2
    found = client.get(f"{TRAINING}/staff", {"q": "okel", "prison": t.prison.pk}).json()
    assert [s["service_number"] for s in found["items"]] == ["UG-100"]
    assert found["items"][0]["prison"] == {"id": t.prison.pk, "name": "Luzira"}
    assert client.get(f"{TRAINING}/staff", {"post": "warder"}).status_code == 422
    assert client.get(f"{TRAINING}/staff", {"limit": 201}).status_code == 422
    detail = client.get(f"{TRAINING}/staff/{t.amina.pk}").json()
    assert detail["language"] == "ru" and not detail["has_account"]
    assert [(c["course"], c["code"], c["valid_today"]) for c in detail["certificates"]] == [
        ("mandela-rules", valid.code, True)
    ]
    courses = {c["code"]: c for c in client.get(f"{TRAINING}/courses").json()}
    assert courses["dynamic-security-tot"]["qualifies_for"] == ["dynamic-security"]
    assert courses["dynamic-security"]["delivered_by"] == ["dynamic-security-tot"]
    assert courses["dynamic-security"]["titles"]["ru"] == "Динамическая безопасность"
    assert [m["title"] for m in courses["dynamic-security"]["modules"]] == [
        "Knowing the prison",
        "Talking with prisoners",
    ]
    sessions = client.get(f"{TRAINING}/sessions", {"course": "dynamic-security"}).json()
    assert sessions["count"] == 1 and sessions["items"][0]["participant_count"] == 2
    assert sessions["items"][0]["trainers"][0]["family_name"] == "Namuli"
    assert client.get(f"{TRAINING}/sessions", {"course": "nothing"}).json()["count"] == 0
    assert client.get(f"{TRAINING}/sessions", {"year": 10_000}).status_code == 422
    session = client.get(f"{TRAINING}/sessions/{t.session.pk}").json()
    assert {p["staff"]["service_number"]: p["result"] for p in session["participants"]} == {
        "UG-100": "passed",
        "UG-200": None,
    }
    checked = client.get(f"{TRAINING}/certificates/{valid.code.lower()}/verify").json()
    assert checked == {
        "name": "Amina Okello",
        "course": "The Nelson Mandela Rules",
        "issued_on": valid.issued_on.isoformat(),
        "valid_until": valid.valid_until.isoformat(),
        "valid_now": True,
    }
    assert client.get(f"{TRAINING}/certificates/ABCD-EFGH-JKLM/verify").status_code == 404


def test_a_director_reads_their_prisons_staff_and_a_wing_officer_nothing(client, sign_in, make_staff):
    t = training_world(make_staff)
    later = timezone.localdate() + timedelta(days=3)
    t.session.__class__.objects.create(
        course=t.dynamic, starts_on=later, ends_on=later, place="Kitalya hall", prison=t.other, created_by=t.trainer
    )
    sign_in(client, t.director)
    listed = client.get(f"{TRAINING}/staff").json()
    assert t.amina.pk in {s["id"] for s in listed["items"]} and t.brian.pk not in {s["id"] for s in listed["items"]}
    assert client.get(f"{TRAINING}/staff/{t.brian.pk}").status_code == 404
    places = {s["place"] for s in client.get(f"{TRAINING}/sessions").json()["items"]}
    assert places == {"National training centre, Kampala"}  # attended by Amina; not Kitalya's
    session = client.get(f"{TRAINING}/sessions/{t.session.pk}").json()
    assert [p["staff"]["id"] for p in session["participants"]] == [t.amina.pk]  # their own staff only
    sign_in(client, t.wing)
    assert client.get(f"{TRAINING}/staff").status_code == 403
    assert client.get(f"{TRAINING}/courses").status_code == 403
