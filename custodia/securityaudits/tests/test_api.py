"""Security audits over the API: the same steps and refusals as the pages; an audit in progress
is the auditor's alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.securityaudits import checklist, services

from .factories import final_audit, world

pytestmark = pytest.mark.django_db
AUDITS = "/api/v1/security-audits"


def post(client, url, data):
    return client.post(url, data=data, content_type="application/json")


def test_an_auditor_works_an_audit_over_the_api(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.auditor)
    today = timezone.localdate()
    response = post(client, AUDITS, {"prison_id": w.prison.pk, "audited_on": today.isoformat()})
    assert response.status_code == 201, response.content
    audit = response.json()
    assert audit["status"] == "in_progress" and [a["code"] for a in audit["areas"]][0] == "physical"
    ratings = [{"item_code": code, "rating": "met"} for code in checklist.current().area_of()]
    ratings[0] = {"item_code": "perimeter", "rating": "not_met", "evidence": "Fence cut"}
    response = post(client, f"{AUDITS}/{audit['id']}/ratings", {"ratings": ratings, "version": audit["version"]})
    assert response.status_code == 200, response.content
    response = post(client, f"{AUDITS}/{audit['id']}/final", {"summary": "Fence"})
    assert response.status_code == 422 and "status" in response.json()["errors"]
    due = (today + timedelta(days=14)).isoformat()
    response = post(
        client,
        f"{AUDITS}/{audit['id']}/actions",
        {"item_code": "perimeter", "description": "Mend the fence", "owner": "Head of works", "due_on": due},
    )
    assert response.status_code == 201 and response.json()["status"] == "open"
    response = post(client, f"{AUDITS}/{audit['id']}/final", {"summary": "Fence"})
    assert response.status_code == 200 and response.json()["overall_score"] == 95
    response = post(client, f"{AUDITS}/{audit['id']}/ratings", {"ratings": [{"item_code": "moat", "rating": "met"}]})
    assert response.status_code == 422


def test_the_prison_reads_its_final_audits_and_follows_up_their_actions(client, make_staff, sign_in):
    w = world(make_staff)
    audit = final_audit(w, audited_on=timezone.localdate() - timedelta(days=30), not_met=("counts",))
    other = final_audit(world(make_staff, suffix="-other"))
    # The auditor's working copy of this year's audit, an action already recommended in it.
    working = services.audit_start(actor=w.auditor, prison=w.prison, audited_on=timezone.localdate())
    draft_action = services.action_recommend(
        actor=w.auditor,
        audit=working,
        data=services.ActionData("ZQDRAFTACTION", "Director", timezone.localdate() + timedelta(days=9)),
    )
    sign_in(client, w.security)
    listed = client.get(AUDITS).json()
    assert [a["id"] for a in listed["items"]] == [audit.pk] and listed["count"] == 1
    assert client.get(f"{AUDITS}/{other.pk}").status_code == 404
    assert client.get(f"{AUDITS}/{working.pk}").status_code == 404
    assert client.get(f"{AUDITS}?status=in_progress").json()["count"] == 0
    done = {"done_on": timezone.localdate().isoformat(), "note": "Done"}
    assert post(client, f"{AUDITS}/actions/{draft_action.pk}/done", done).status_code == 404
    assert "ZQDRAFTACTION" not in client.get("/en/security-audits/actions/").content.decode()
    detail = client.get(f"{AUDITS}/{audit.pk}").json()
    [action] = detail["actions"]
    response = post(
        client,
        f"{AUDITS}/actions/{action['id']}/done",
        {"done_on": timezone.localdate().isoformat(), "note": "Recounted"},
    )
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert post(client, AUDITS, {"prison_id": w.prison.pk, "audited_on": "2026-01-01"}).status_code == 403
