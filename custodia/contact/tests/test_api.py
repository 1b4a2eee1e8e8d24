"""Contacts over the API: the same rights, refusals and scope as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.tests.factories import PrisonFactory

from .factories import contact, world

pytestmark = pytest.mark.django_db
CONTACTS = "/api/v1/contacts"


def post(client, url, data):
    return client.post(url, data=data, content_type="application/json")


def test_contacts_over_the_api(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.reception)
    response = post(client, CONTACTS, {"prisoner_id": w.prisoner.pk, "kind": "legal_adviser", "name": "Adv. Nakato"})
    assert response.status_code == 201, response.content
    lawyer = response.json()
    assert lawyer["confidential"] and not lawyer["may_visit_today"]
    response = post(
        client, f"{CONTACTS}/{lawyer['id']}/approval", {"may_visit": True, "may_call": True, "may_video": False}
    )
    assert response.status_code == 200 and response.json()["may_visit_today"]
    sign_in(client, w.director)
    today = timezone.localdate()
    sanction = {
        "reason": "sanction",
        "explanation": "Fight",
        "starts_on": today.isoformat(),
        "ends_on": today.isoformat(),
    }
    response = post(client, f"{CONTACTS}/{lawyer['id']}/restrictions", sanction)
    assert response.status_code == 422 and list(response.json()["errors"]) == ["reason"]
    order = {**sanction, "reason": "court_order", "ends_on": (today + timedelta(days=10)).isoformat()}
    response = post(client, f"{CONTACTS}/{lawyer['id']}/restrictions", order)
    assert response.status_code == 201
    listed = client.get(CONTACTS, {"prisoner": w.prisoner.pk}).json()
    assert [(c["name"], c["may_visit_today"]) for c in listed] == [("Adv. Nakato", False)]
    assert listed[0]["withheld"] == [] and listed[0]["telephone"] == ""
    sign_in(client, w.wing)
    seen = client.get(CONTACTS, {"prisoner": w.prisoner.pk}).json()[0]
    assert seen["withheld"] == ["contact_details"] and seen["telephone"] is None and seen["address"] is None
    sign_in(client, w.director)
    restriction = listed[0]["restrictions"][0]
    response = post(client, f"{CONTACTS}/restrictions/{restriction['id']}/lift", {"reason": "Order quashed"})
    assert response.status_code == 200 and response.json()["lifted_on"] == today.isoformat()


def test_another_prison_neither_sees_nor_changes_contacts(client, make_staff, sign_in):
    w = world(make_staff)
    made = contact(w)
    sign_in(client, make_staff("reception-elsewhere", roles.RECEPTION, prisons=[PrisonFactory()]))
    assert client.get(CONTACTS, {"prisoner": w.prisoner.pk}).status_code == 404
    assert client.get(f"{CONTACTS}/{made.pk}").status_code == 404
    assert (
        post(
            client, f"{CONTACTS}/{made.pk}/approval", {"may_visit": False, "may_call": False, "may_video": False}
        ).status_code
        == 404
    )
    assert post(client, CONTACTS, {"prisoner_id": w.prisoner.pk, "kind": "friend", "name": "X"}).status_code == 404
