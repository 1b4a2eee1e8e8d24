"""Intelligence over the API: the same services and selectors as the pages, the same refusals,
and nothing the page withholds."""

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.assessment.models import ReassessmentTrigger
from custodia.intelligence.models import Sharing

from .factories import held, staff

pytestmark = pytest.mark.django_db


def post(client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def test_a_report_from_submission_to_sharing(client, sign_in, make_staff):
    s = staff(make_staff)
    person, elsewhere = held(s.prison), held(staff(make_staff, suffix="-x").prison)
    sign_in(client, s.wing)
    body = {
        "prison_id": s.prison.pk,
        "observed_at": timezone.now().isoformat(),
        "content": "Overheard planning to take a hostage at the next visit.",
        "subjects": [{"kind": "in_custody", "prisoner_id": elsewhere.pk}, {"kind": "place", "name": ""}],
    }
    refused = post(client, reverse("api:intelligence_submit"), body)
    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"subjects.0.prisoner_id", "subjects.1.name"}
    body["subjects"] = [{"kind": "in_custody", "prisoner_id": person.pk, "role": "planner"}]
    created = post(client, reverse("api:intelligence_submit"), body)
    assert created.status_code == 201, created.json()
    report = created.json()
    assert report["status"] == "submitted" and report["withheld"] == ["grading"]
    assert report["subjects"][0]["prisoner"]["number"] == person.number
    assert post(client, reverse("api:intelligence_grade", args=[report["id"]]), {}).status_code == 403

    sign_in(client, s.security)
    listed = client.get(reverse("api:intelligence_list"), {"status": "submitted"}).json()
    assert listed["count"] == 1 and listed["items"][0]["handling_code"] is None
    grade = {"source_grade": "A", "information_grade": "9", "handling_code": "2", "assessment": "Credible"}
    bad = post(client, reverse("api:intelligence_grade", args=[report["id"]]), grade)
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["information_grade"]
    grade["information_grade"] = "1"
    done = post(client, reverse("api:intelligence_grade", args=[report["id"]]), grade)
    assert done.status_code == 200, done.json()
    detail = done.json()
    assert (detail["source_grade"], detail["information_grade"], detail["handling_code"]) == ("A", "1", "2")
    assert detail["reliable"] is True and detail["assessment"] == "Credible" and detail["withheld"] == []
    assert ReassessmentTrigger.objects.get().prisoner == person

    sanitised = post(client, reverse("api:intelligence_sanitise", args=[report["id"]]), {"text": "Threat to a visit."})
    assert sanitised.status_code == 201
    version_id = sanitised.json()["sanitised_versions"][0]["id"]
    foreign = post(
        client,
        reverse("api:intelligence_share", args=[report["id"]]),
        {"agency_name": "Embassy", "agency_kind": "foreign", "purpose": "x"},
    )
    assert foreign.status_code == 422 and "agency_kind" in foreign.json()["errors"]
    shared = post(
        client,
        reverse("api:intelligence_share", args=[report["id"]]),
        {
            "agency_name": "Police",
            "agency_kind": "law_enforcement",
            "purpose": "Prevent it",
            "sanitised_id": version_id,
        },
    )
    assert shared.status_code == 201
    sharing = shared.json()["sharings"][0]
    assert sharing["status"] == "approved" and sharing["needs_approval"] is False
    done = post(client, reverse("api:intelligence_shared", args=[sharing["id"]]), {"version": sharing["version"]})
    assert done.json()["sharings"][0]["status"] == "shared"

    asked = post(
        client,
        reverse("api:intelligence_share", args=[report["id"]]),
        {"agency_name": "Social services", "agency_kind": "other_public_body", "purpose": "Family visit"},
    ).json()["sharings"][1]
    assert asked["status"] == "requested"
    assert (
        post(client, reverse("api:intelligence_decide", args=[asked["id"]]), {"decision": "approve"}).status_code == 403
    )
    sign_in(client, s.director)
    refused = post(client, reverse("api:intelligence_decide", args=[asked["id"]]), {"decision": "refuse"})
    assert refused.status_code == 422 and "note" in refused.json()["errors"]
    decided = post(
        client, reverse("api:intelligence_decide", args=[asked["id"]]), {"decision": "refuse", "note": "Not needed"}
    )
    assert decided.status_code == 200 and decided.json()["sharings"][1]["status"] == "refused"
    assert Sharing.objects.get(pk=asked["id"]).decided_by == s.director
