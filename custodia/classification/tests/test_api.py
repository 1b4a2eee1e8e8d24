"""The classification API per role: the computed proposal, the workflow over HTTP, reviews due,
refusals as 403 and 422 with the field named, and bounded queries."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from custodia.accounts import roles
from custodia.classification.models import ClassificationDecision

from .factories import approved, propose, world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/classification/"


def url(decision_id: int, action: str = "") -> str:
    return f"{BASE}decisions/{decision_id}" + (f"/{action}" if action else "")


def post(client: Client, path: str, data: dict[str, Any]):
    return client.post(path, data, content_type="application/json")


def test_the_proposal_with_every_reason(client, make_staff, sign_in):
    w = world(make_staff)
    w.assessment("general_screening", value=2)
    sign_in(client, w.case_manager)
    body = client.get(BASE + "proposal", {"prisoner": w.prisoner.pk}).json()
    assert body["level"] == "high" and body["level_in_force"] is None and body["is_vep"] is False
    rules = {reason["rule"]: reason for reason in body["reasons"]}
    assert rules["escape_risk"]["label"] == "Clear indicators of escape risk in the general screening"
    assert rules["escape_risk"]["level"] == "high" and not rules["escape_risk"]["withheld"]
    # In French, the rule's own label from the country profile.
    body = client.get(BASE + "proposal", {"prisoner": w.prisoner.pk}, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert {r["rule"]: r for r in body["reasons"]}["escape_risk"][
        "label"
    ] == "Indices nets de risque d'évasion au dépistage général"
    # Someone held elsewhere is not found.
    other = world(make_staff)
    assert client.get(BASE + "proposal", {"prisoner": other.prisoner.pk}).status_code == 404


def test_the_workflow_over_http(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.case_manager)
    response = post(
        client, BASE + "decisions", {"prisoner": w.prisoner.pk, "proposed_level": "medium", "rationale": "x"}
    )
    assert response.status_code == 422 and "override_reason" in response.json()["errors"]
    response = post(
        client,
        BASE + "decisions",
        {
            "prisoner": w.prisoner.pk,
            "proposed_level": "medium",
            "rationale": "x",
            "override_reason": "Threats at court.",
        },
    )
    assert response.status_code == 201
    decision = response.json()
    assert (decision["status"], decision["computed_level"], decision["proposed_level"]) == ("proposed", "low", "medium")
    assert decision["reasons"][0]["rule"] == "first_assessment"  # not assessed yet: the interim placement rule
    # The case manager cannot approve.
    assert post(client, url(decision["id"], "approve"), {"level": "medium"}).status_code == 403

    sign_in(client, w.director)
    response = post(client, url(decision["id"], "approve"), {"level": "low", "version": decision["version"]})
    assert response.status_code == 422 and "reason" in response.json()["errors"]
    response = post(client, url(decision["id"], "return"), {"comment": "", "version": decision["version"]})
    assert response.status_code == 422 and "comment" in response.json()["errors"]
    response = post(client, url(decision["id"], "approve"), {"level": "medium", "version": decision["version"]})
    assert response.status_code == 200
    body = response.json()
    assert (
        body["status"] == "approved"
        and body["approved_level"] == "medium"
        and body["decided_by"] == w.director.username
    )
    assert body["next_review_on"] == (timezone.localdate() + timedelta(days=180)).isoformat()

    today = timezone.localdate().isoformat()
    assert post(client, url(decision["id"], "information"), {"informed_on": today}).json()["informed_on"] == today
    body = post(
        client, url(decision["id"], "appeal"), {"lodged_on": today, "outcome": "withdrawn", "decided_on": today}
    ).json()
    assert body["appeal_outcome"] == "withdrawn"
    new = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = post(client, url(decision["id"], "review-date"), {"new_date": new, "reason": ""})
    assert response.status_code == 422 and "reason" in response.json()["errors"]
    body = post(client, url(decision["id"], "review-date"), {"new_date": new, "reason": "Hearing then."}).json()
    assert body["next_review_on"] == new and body["review_changes"][0]["reason"] == "Hearing then."

    listed = client.get(BASE + "decisions", {"prisoner": w.prisoner.pk}).json()
    assert [d["id"] for d in listed] == [decision["id"]]
    detail = client.get(url(decision["id"])).json()
    assert detail["status"] == "approved" and detail["review_changes"][0]["new_date"] == new


def test_a_stale_version_is_refused(client, make_staff, sign_in):
    w = world(make_staff)
    decision = propose(w)
    sign_in(client, w.director)
    post(client, url(decision.pk, "return"), {"comment": "Add the court report.", "version": decision.version})
    response = post(client, url(decision.pk, "approve"), {"level": "low", "version": decision.version})
    assert response.status_code == 422 and "version" in response.json()["errors"]


def test_for_a_vep_only_headquarters_approves(client, make_staff, sign_in):
    w = world(make_staff, vep=True)
    decision = propose(w)
    sign_in(client, w.director)
    response = post(client, url(decision.pk, "approve"), {"level": decision.proposed_level})
    assert response.status_code == 403 and "headquarters VEP unit" in response.json()["detail"]
    sign_in(client, w.hq)
    response = post(client, url(decision.pk, "approve"), {"level": decision.proposed_level})
    assert response.status_code == 200 and response.json()["vep_placement"] == "integration_dispersal"


def test_reviews_due_in_a_fixed_number_of_queries(client, make_staff, sign_in, django_assert_max_num_queries):
    people = [world(make_staff, given_names=f"Person{i}") for i in range(3)]
    decisions = [approved(w) for w in people]
    ClassificationDecision.objects.filter(pk=decisions[2].pk).update(
        next_review_on=timezone.localdate() - timedelta(days=1)
    )
    sign_in(client, people[0].hq)
    with django_assert_max_num_queries(16):
        body = client.get(BASE + "reviews").json()
    assert body["count"] == 3
    first = body["items"][0]
    assert first["decision"] == decisions[2].pk and first["urgency"] == "overdue" and first["reason"] == "scheduled"
    body = client.get(BASE + "reviews", {"prison": people[0].prison.pk}).json()
    assert body["count"] == 1
    sign_in(client, people[0].director)
    assert client.get(BASE + "reviews", {"prison": people[1].prison.pk}).status_code == 404
    assert client.get(BASE + "reviews").json()["count"] == 1


def test_a_decision_the_user_may_not_see_is_not_found(client, make_staff, sign_in):
    w = world(make_staff)
    decision = propose(w)
    elsewhere = world(make_staff)
    sign_in(client, elsewhere.director)
    assert client.get(url(decision.pk)).status_code == 404
    assert post(client, url(decision.pk, "approve"), {"level": "low"}).status_code == 404
    wing = make_staff("wing-api", roles.WING, prisons=[w.prison])
    sign_in(client, wing)
    assert client.get(url(decision.pk)).status_code == 200
    assert post(client, url(decision.pk, "approve"), {"level": "low"}).status_code == 403
