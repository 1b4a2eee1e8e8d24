"""Incident reports over the API: the same services and selectors as the pages, the same
refusals, and nothing the page withholds."""

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.tests.factories import CellFactory
from custodia.incidents.models import MedicalExamination

from .factories import held

pytestmark = pytest.mark.django_db


@pytest.fixture
def here(make_staff):
    prison = CellFactory().unit.prison
    return {
        "prison": prison,
        "wing": make_staff("wing", roles.WING, prisons=[prison]),
        "security": make_staff("security", roles.SECURITY, prisons=[prison]),
        "nurse": make_staff("nurse", roles.HEALTH, prisons=[prison]),
        "elsewhere": make_staff("elsewhere", roles.SECURITY, prisons=[CellFactory().unit.prison]),
    }


def test_a_report_from_draft_to_closed_and_the_examination(client, sign_in, here):
    person = held(here["prison"])
    sign_in(client, here["wing"])
    created = client.post(
        reverse("api:incident_create"),
        {
            "prison_id": here["prison"].pk,
            "type_code": "fight",
            "occurred_at": timezone.now().isoformat(),
            "place": "Dining hall",
            "summary": "Two men fought over a place in the queue.",
            "answers": {"people_count": "two"},
        },
        content_type="application/json",
    )
    assert created.status_code == 422 and "answer_people_count" in str(created.json())
    created = client.post(
        reverse("api:incident_create"),
        {
            "prison_id": here["prison"].pk,
            "type_code": "fight",
            "occurred_at": timezone.now().isoformat(),
            "place": "Dining hall",
            "summary": "Two men fought over a place in the queue.",
            "answers": {"people_count": 2},
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    incident_id = created.json()["id"]
    added = client.post(
        reverse("api:involvement_add", args=[incident_id]),
        {"role": "involved", "prisoner_id": person.pk, "injuries": "Cut above the eye"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["people"][0]["prisoner"]["number"] == person.number
    submitted = client.post(reverse("api:incident_submit", args=[incident_id]), {}, content_type="application/json")
    assert submitted.json()["status"] == "awaiting_review"
    assert (
        client.post(
            reverse("api:incident_review", args=[incident_id]), {"decision": "close"}, content_type="application/json"
        ).status_code
        == 403
    )  # a wing officer does not review
    sign_in(client, here["elsewhere"])
    assert client.get(reverse("api:incident_detail", args=[incident_id])).status_code == 404
    assert client.get(reverse("api:incident_list")).json()["count"] == 0
    sign_in(client, here["security"])
    closed = client.post(
        reverse("api:incident_review", args=[incident_id]), {"decision": "close"}, content_type="application/json"
    )
    assert closed.json()["status"] == "closed"

    sign_in(client, here["nurse"])
    owed = client.get(reverse("api:examination_list")).json()
    assert owed["count"] == 1 and owed["items"][0]["prisoner"]["number"] == person.number
    examination_id = owed["items"][0]["id"]
    done = client.post(
        reverse("api:examination_record", args=[examination_id]),
        {"examined_at": timezone.now().isoformat(), "findings": "Sutured cut, 2 cm"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["findings"] == "Sutured cut, 2 cm"
    # The security officer reads that it took place, not what it found.
    sign_in(client, here["security"])
    person_row = client.get(reverse("api:incident_detail", args=[incident_id])).json()["people"][0]
    assert person_row["examination"]["findings"] is None and person_row["examination"]["withheld"] == ["health"]
    assert MedicalExamination.objects.get().examined_by == here["nurse"]
