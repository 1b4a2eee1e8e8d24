"""Restrictive measures over the API: the list in scope with its filters, one measure with its
reviews, visits and appeals (health notes withheld from those who may not read them), imposing one,
recording a health-care visit and a review; each refusal as the other routers answer it, each read
logged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.measures import services
from custodia.measures.models import HealthVisit, Measure, Review
from custodia.measures.tests.factories import held, imposed, staff

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
URL = "/api/v1/measures"


@pytest.fixture
def here(make_staff):
    return staff(make_staff)


def post(client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def test_the_list_is_scoped_filtered_and_logged(client, sign_in, here, make_staff):
    first = imposed(here.director, held(here.prison, given_names="First"), first=3)
    ended = imposed(here.director, held(here.prison, given_names="Second"), first=3, hours=6)
    services.measure_end(actor=here.director, measure=ended, reason="Calm")
    other = staff(make_staff, "other")
    imposed(other.director, held(other.prison, given_names="Elsewhere"))
    sign_in(client, here.nurse)  # health-care staff see the people they visit
    answer = client.get(URL).json()
    assert answer["count"] == 2 and {item["id"] for item in answer["items"]} == {first.pk, ended.pk}
    item = next(item for item in answer["items"] if item["id"] == first.pk)
    assert item["prisoner"]["display_name"].startswith("First") and item["solitary"] is True
    assert "health_view" not in item and item["imposed_by"] == "measures-director"
    assert AuditEvent.objects.filter(action="read", actor=here.nurse).count() == 2
    assert [i["id"] for i in client.get(URL, {"status": "in_force"}).json()["items"]] == [first.pk]
    assert [i["id"] for i in client.get(URL, {"prisoner": ended.prisoner_id}).json()["items"]] == [ended.pk]
    assert client.get(URL, {"prison": other.prison.pk}).json()["count"] == 0
    sign_in(client, make_staff("hq", roles.HQ_VEP, nationwide=True))
    assert client.get(URL).json()["count"] == 3
    assert client.get(URL, {"status": "over"}).status_code == 422


def test_one_measure_with_its_reviews_visits_and_appeals(client, sign_in, here, make_staff):
    measure = imposed(here.director, held(here.prison), first=3, last=6, health_view="Asthma")
    services.measure_review(actor=here.deputy, measure=measure, outcome="continue", note="Still needed")
    services.health_visit_record(
        actor=here.nurse, measure=measure, visited_on=TODAY() - timedelta(days=1), adverse_effects=True, note="Pale"
    )
    services.appeal_lodge(actor=here.wing, measure=measure, lodged_on=TODAY(), grounds="Unfair")
    sign_in(client, here.nurse)
    detail = client.get(f"{URL}/{measure.pk}").json()
    assert detail["days"] == 4 and detail["solitary_days_so_far"] == 4 and detail["solitary_days_planned"] == 7
    assert detail["next_review_on"] == (TODAY() + timedelta(days=7)).isoformat()
    assert detail["missed_visits"] == [(TODAY() - timedelta(days=n)).isoformat() for n in (3, 2)]
    assert [r["note"] for r in detail["reviews"]] == ["Still needed"]
    assert detail["health_visits"][0] | {"id": 0} == {
        "id": 0,
        "visited_on": (TODAY() - timedelta(days=1)).isoformat(),
        "visited_by": "measures-nurse",
        "adverse_effects": True,
        "note": "Pale",
    }
    assert detail["appeals"][0]["outcome"] == "pending" and detail["appeals"][0]["decided_by"] is None
    assert detail["health_view"] == "Asthma" and detail["withheld"] == []
    read = AuditEvent.objects.get(action="read", actor=here.nurse)
    assert (read.object_type, read.object_id) == ("register.prisoner", str(measure.prisoner_id))
    # The wing officer reads that a visit took place, not what it found.
    sign_in(client, here.wing)
    detail = client.get(f"{URL}/{measure.pk}").json()
    assert detail["health_view"] is None and detail["worsened"] is None and detail["withheld"] == ["health"]
    assert detail["health_visits"][0]["note"] is None and detail["health_visits"][0]["visited_by"] == "measures-nurse"
    sign_in(client, staff(make_staff, "other").director)
    assert client.get(f"{URL}/{measure.pk}").status_code == 404


def test_the_director_imposes(client, sign_in, here):
    person = held(here.prison)
    body = {
        "prisoner_id": person.pk,
        "kind": "segregation",
        "legal_basis": "Prisons Act, section 80",
        "reason": "Threats",
        "hours_without_contact": 23,
        "starts_on": TODAY().isoformat(),
        "ends_on": (TODAY() + timedelta(days=5)).isoformat(),
        "health_view": "Fit",
    }
    sign_in(client, here.wing)
    assert post(client, URL, body).status_code == 403
    sign_in(client, here.director)
    response = post(client, URL, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["solitary"] and created["status"] == "in_force" and created["days"] == 1
    assert Measure.objects.get().pk == created["id"]
    # Past 15 consecutive days of solitary confinement: refused under the planned end.
    longer = {
        **body,
        "starts_on": (TODAY() + timedelta(days=0)).isoformat(),
        "ends_on": (TODAY() + timedelta(days=20)).isoformat(),
    }
    refused = post(client, URL, longer)
    assert refused.status_code == 422 and "consecutive days" in refused.json()["errors"]["ends_on"][0]


def test_refusals_of_an_imposition(client, sign_in, here, make_staff):
    woman = held(here.prison, sex="female")
    body = {
        "prisoner_id": woman.pk,
        "kind": "separation",
        "legal_basis": "",
        "reason": "For her safety",
        "hours_without_contact": 23,
        "starts_on": TODAY().isoformat(),
        "ends_on": TODAY().isoformat(),
    }
    sign_in(client, here.director)
    errors = post(client, URL, body).json()["errors"]
    assert set(errors) == {"legal_basis"}
    errors = post(client, URL, {**body, "legal_basis": "Act s. 80", "health_view": "Fit"}).json()["errors"]
    assert "a woman may not be held in solitary confinement" in errors["hours_without_contact"][0]
    assert post(client, URL, {**body, "hours_without_contact": 25}).status_code == 422
    assert post(client, URL, {**body, "kind": "stocks"}).json()["errors"].keys() == {"kind"}
    elsewhere = held(staff(make_staff, "other").prison)
    assert post(client, URL, {**body, "prisoner_id": elsewhere.pk}).status_code == 404
    assert not Measure.objects.exists()


def test_health_care_staff_record_the_daily_visit(client, sign_in, here, make_staff):
    measure = imposed(here.director, held(here.prison), first=2)
    url = f"{URL}/{measure.pk}/health-visits"
    body = {"visited_on": TODAY().isoformat(), "adverse_effects": True, "note": "Low mood"}
    sign_in(client, here.director)
    assert post(client, url, body).status_code == 403  # the route: health-care staff only
    sign_in(client, here.nurse)
    response = post(client, url, body)
    assert response.status_code == 201 and response.json()["note"] == "Low mood"
    again = post(client, url, body)
    assert again.status_code == 422 and "already recorded" in again.json()["errors"]["visited_on"][0]
    assert post(client, url, {**body, "visited_on": (TODAY() - timedelta(days=1)).isoformat(), "note": ""}).json()[
        "errors"
    ].keys() == {"note"}
    sign_in(client, staff(make_staff, "other").nurse)
    assert post(client, url, body).status_code == 404
    assert HealthVisit.objects.count() == 1


def test_someone_other_than_the_imposer_reviews(client, sign_in, here):
    measure = imposed(here.director, held(here.prison), first=2)
    url = f"{URL}/{measure.pk}/reviews"
    sign_in(client, here.director)
    refused = post(client, url, {"outcome": "continue", "note": "Mine"})
    assert refused.status_code == 403 and "someone other than who imposed it" in refused.json()["detail"]
    assert AuditEvent.objects.filter(action="access.denied", actor=here.director).exists()
    services.measure_extend(actor=here.director, measure=measure, ends_on=TODAY() + timedelta(days=7), reason="More")
    sign_in(client, here.deputy)
    stale = post(client, url, {"outcome": "continue", "note": "Fine", "version": 1})
    assert stale.status_code == 422 and "version" in stale.json()["errors"]
    response = post(client, url, {"outcome": "end", "note": "Calm for three days", "version": 2})
    assert response.status_code == 201 and response.json()["reviewed_by"] == "measures-deputy"
    measure.refresh_from_db()
    assert measure.status == "ended" and Review.objects.count() == 1
    ended = post(client, url, {"outcome": "continue", "note": "Again"})
    assert ended.status_code == 422 and "status" in ended.json()["errors"]
