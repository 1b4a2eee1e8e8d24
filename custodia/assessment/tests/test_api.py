"""The assessment API against a real database: instruments, a person's assessments, the workflow
over HTTP, the worklist, triggers, who may call what, and query bounds."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment import services
from custodia.assessment.instruments import latest_instruments
from custodia.assessment.models import Assessment, ItemRating, ReassessmentTrigger
from custodia.core import workflow
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.register import services as register_services
from custodia.register.choices import MovementKind
from custodia.register.tests.factories import admit

from .factories import completed, full_ratings, team

pytestmark = pytest.mark.django_db

BASE = "/api/v1/assessments/"
INSTRUMENTS = BASE + "instruments"
WORKLIST = BASE + "worklist"
TRIGGERS = BASE + "triggers"


def url(assessment_id: int, action: str = "") -> str:
    return f"{BASE}{assessment_id}" + (f"/{action}" if action else "")


def post(client: Client, path: str, data: dict[str, Any]):
    return client.post(path, data, content_type="application/json")


def put(client: Client, path: str, data: dict[str, Any]):
    return client.put(path, data, content_type="application/json")


def rating_list(instrument_id: str, value: int = 1, *, without: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [
        {"item_code": code, "value": rating.value, "evidence": rating.evidence}
        for code, rating in full_ratings(instrument_id, value).items()
        if code not in without
    ]


# --- Instruments -----------------------------------------------------------------------------


def test_instruments_are_listed_in_the_users_language(client, make_staff, sign_in):
    sign_in(client, make_staff("officer-fr", roles.WING))  # any member of staff may read instruments
    response = client.get(INSTRUMENTS, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    listed = {instrument["id"]: instrument for instrument in response.json()}
    assert set(listed) == set(latest_instruments())
    general, source = listed["general_screening"], latest_instruments()["general_screening"]
    assert general["title"] == source.title.fr and general["title"] != source.title.en
    assert general["validated"] is False and general["kind"] == "screening" and general["section"] == "general"
    assert {"event": "serious_incident", "due_within_days": 14} in general["triggers"]
    item = general["domains"][0]["items"][0]
    assert item["prompt"] == source.domains[0].items[0].prompt.fr
    assert item["scale"][0] == {
        "value": 0,
        "label": source.domains[0].items[0].scale[0].label.fr,
        "description": source.domains[0].items[0].scale[0].description.fr,
    }
    assert {"code", "nature", "direction", "need_area", "evidence_required", "guidance"} <= set(item)
    assert general["scoring"]["method"] == "sum" and general["scoring"]["bands"]
    assert listed["vep_spj"]["scoring"] == {"method": "spj", "bands": []}
    # The next request, without the header, is in English again.
    assert client.get(INSTRUMENTS).json()[0]["title"] in {str(i.title.en) for i in latest_instruments().values()}


def test_one_instrument_version(client, make_staff, sign_in):
    sign_in(client, make_staff("case-manager", roles.CASE_MANAGER))
    response = client.get(f"{INSTRUMENTS}/vep_spj/1")
    assert response.status_code == 200
    assert response.json()["id"] == "vep_spj" and response.json()["version"] == 1
    assert client.get(f"{INSTRUMENTS}/vep_spj/99").status_code == 404
    assert client.get(f"{INSTRUMENTS}/no_such_tool/1").json() == {"detail": "Not found."}


# --- The workflow ----------------------------------------------------------------------------


def test_the_whole_workflow_over_http(client, make_staff, sign_in):
    t = team(make_staff)
    sign_in(client, t.assessor)
    response = post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "general_screening"})
    assert response.status_code == 201, response.content
    created = response.json()
    assessment_id = created["id"]
    assert created["status"] == "draft" and created["version"] == 1 and created["ratings"] == []
    assert created["prisoner"]["id"] == t.prisoner.pk and created["prison"]["id"] == t.prisoner.current_prison_id
    assert created["instrument"] == {
        "id": "general_screening",
        "version": latest_instruments()["general_screening"].version,
        "title": str(latest_instruments()["general_screening"].title),
        "kind": "screening",
        "validated": False,
    }
    assert created["created_by"] == t.assessor.username and created["countersigned_by"] is None

    # All but one item rated; the answer lists them in the instrument's order.
    response = put(
        client,
        url(assessment_id, "ratings"),
        {"version": 1, "ratings": rating_list("general_screening", without=("education",))},
    )
    assert response.status_code == 200, response.content
    rated = response.json()
    assert rated["version"] == 2 and len(rated["ratings"]) == len(full_ratings("general_screening")) - 1
    order = [item.code for _d, item in latest_instruments()["general_screening"].items() if item.code != "education"]
    assert [r["item_code"] for r in rated["ratings"]] == order

    # A change made on the copy read before is refused, and nothing of it is saved.
    stale = put(
        client, url(assessment_id, "ratings"), {"version": 1, "ratings": [{"item_code": "escape_risk", "value": 2}]}
    )
    assert stale.status_code == 422 and list(stale.json()["errors"]) == ["version"]
    assert ItemRating.objects.get(assessment_id=assessment_id, item_code="escape_risk").value == 1

    # Submitting with an item unrated names the item.
    response = post(client, url(assessment_id, "submit"), {"version": 2})
    assert response.status_code == 422 and set(response.json()["errors"]) == {"education"}

    response = put(
        client, url(assessment_id, "ratings"), {"version": 2, "ratings": [{"item_code": "education", "value": 1}]}
    )
    assert response.status_code == 200 and response.json()["version"] == 3
    response = post(client, url(assessment_id, "submit"), {"version": 3})
    assert response.status_code == 200, response.content
    submitted = response.json()
    assert submitted["status"] == "submitted" and submitted["submitted_by"] == t.assessor.username
    assert submitted["total_score"] == 12 and submitted["final_judgement"] == submitted["computed_level"]

    # The one who made it cannot countersign it.
    response = post(client, url(assessment_id, "countersign"), {"version": submitted["version"]})
    assert response.status_code == 403 and response.json()["detail"]
    assert AuditEvent.objects.filter(action="access.denied", actor=t.assessor).exists()

    sign_in(client, t.second)
    response = post(client, url(assessment_id, "return"), {"version": submitted["version"], "comment": "  "})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["comment"]
    response = post(client, url(assessment_id, "return"), {"version": submitted["version"]})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["comment"]
    response = post(client, url(assessment_id, "countersign"), {"version": submitted["version"]})
    assert response.status_code == 200, response.content
    final = response.json()
    assert final["status"] == "final" and final["countersigned_by"] == t.second.username
    assert final["countersigned_at"] and {"education", "employment"} <= set(final["need_areas"])
    assert final["domain_scores"]["custody_risks"]["max"] > 0
    actions = list(
        AuditEvent.objects.filter(object_type="assessment.assessment", object_id=str(assessment_id))
        .exclude(action="read")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["assessment.start", *["assessment.rate"] * 2, "assessment.submit", "assessment.countersign"]


def test_a_returned_assessment_is_corrected_and_submitted_again(client, make_staff, sign_in):
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    services.assessment_rate(actor=t.assessor, assessment=assessment, ratings=full_ratings("general_screening"))
    services.assessment_submit(actor=t.assessor, assessment=assessment)
    sign_in(client, t.second)
    response = post(client, url(assessment.pk, "return"), {"comment": "Evidence for escape risk is dated"})
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["return_comment"] == "Evidence for escape risk is dated"
    sign_in(client, t.assessor)
    assert post(client, url(assessment.pk, "submit"), {}).json()["status"] == "submitted"


def test_spj_rationale_and_final_judgement_are_the_raters(client, make_staff, sign_in):
    t = team(make_staff, vep=True)
    sign_in(client, t.assessor)
    assessment_id = post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "vep_spj"}).json()["id"]
    response = post(client, url(assessment_id, "submit"), {})
    assert response.status_code == 422
    assert {"rationale", "final_judgement"} <= set(response.json()["errors"])
    response = put(
        client,
        url(assessment_id, "ratings"),
        {"ratings": rating_list("vep_spj"), "rationale": "Profile read as a whole", "final_judgement": "high"},
    )
    assert response.status_code == 200 and response.json()["final_judgement"] == "high"
    assert response.json()["computed_level"] is None
    response = post(client, url(assessment_id, "submit"), {})
    assert response.json()["final_judgement"] == "high" and response.json()["total_score"] is None


def test_ratings_are_refused_under_their_path_in_the_request(client, make_staff, sign_in):
    t = team(make_staff)
    sign_in(client, t.assessor)
    assessment_id = post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "general_screening"}).json()["id"]
    ratings = [
        {"item_code": "escape_risk", "value": 1},
        {"item_code": "education", "value": 7},
        {"item_code": "no_such_item", "value": 0},
    ]
    response = put(client, url(assessment_id, "ratings"), {"ratings": ratings, "final_judgement": "low"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"ratings.1.value", "ratings.2.item_code", "final_judgement"}
    assert not ItemRating.objects.exists()  # nothing half-saved
    # What the request alone shows is refused by the schema.
    twice = [{"item_code": "education", "value": 1}, {"item_code": "education", "value": 0}]
    assert list(put(client, url(assessment_id, "ratings"), {"ratings": twice}).json()["errors"]) == ["ratings"]
    errors = put(
        client, url(assessment_id, "ratings"), {"ratings": [{"item_code": "education", "value": -1}], "score": 3}
    ).json()["errors"]
    assert set(errors) == {"ratings.0.value", "score"}
    errors = put(client, url(assessment_id, "ratings"), {"final_judgement": "extreme"}).json()["errors"]
    assert list(errors) == ["final_judgement"]


def test_start_is_refused_for_an_instrument_that_does_not_apply_or_is_under_way(client, make_staff, sign_in):
    t = team(make_staff, sex="male")
    sign_in(client, t.assessor)
    response = post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "women_needs"})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["instrument"]
    assert post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "general_screening"}).status_code == 201
    response = post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "general_screening"})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["instrument"]
    assert list(post(client, BASE, {"prisoner": t.prisoner.pk}).json()["errors"]) == ["instrument"]


# --- Who may see and do what -----------------------------------------------------------------


def test_an_assessor_at_another_prison_neither_sees_nor_acts(client, make_staff, sign_in):
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    elsewhere = make_staff("assessor-elsewhere", roles.CASE_MANAGER, prisons=[PrisonFactory()])
    sign_in(client, elsewhere)
    assert client.get(url(assessment.pk)).status_code == 404
    assert client.get(BASE, {"prisoner": t.prisoner.pk}).status_code == 404
    assert post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "general_screening"}).status_code == 404
    assert put(client, url(assessment.pk, "ratings"), {"ratings": rating_list("general_screening")}).status_code == 404
    assert post(client, url(assessment.pk, "submit"), {}).status_code == 404
    assert client.get(WORKLIST, {"prison": t.prisoner.current_prison_id}).status_code == 404
    occurred = timezone.localdate().isoformat()
    response = post(client, TRIGGERS, {"prisoner": t.prisoner.pk, "event": "transfer", "occurred_on": occurred})
    assert response.status_code == 404
    assert not ItemRating.objects.exists() and not ReassessmentTrigger.objects.exists()


def test_a_former_prison_reads_what_it_made_but_cannot_start_another(client, make_staff, sign_in, staff_user):
    t = team(make_staff)
    made_here = completed(t, "general_screening")
    register_services.movement_record(
        actor=staff_user,
        prisoner=t.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=PrisonFactory()
        ),
    )
    sign_in(client, t.assessor)
    assert client.get(url(made_here.pk)).status_code == 200
    response = post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "women_needs"})
    assert response.status_code == 403 and response.json()["detail"]


def test_a_wing_officer_may_not_call_the_assessment_routes(client, make_staff, sign_in):
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    sign_in(client, make_staff("wing", roles.WING, prisons=[t.prisoner.current_prison]))
    assert client.get(url(assessment.pk)).status_code == 403
    assert client.get(BASE, {"prisoner": t.prisoner.pk}).status_code == 403
    assert post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "general_screening"}).status_code == 403
    assert client.get(WORKLIST, {"prison": t.prisoner.current_prison_id}).status_code == 403
    assert client.get(INSTRUMENTS).status_code == 200


def test_a_section_right_is_needed_to_see_its_assessments(client, make_staff, sign_in):
    t = team(make_staff)  # a woman: the women's module belongs to the health section
    women = completed(t, "women_needs")
    general = completed(t, "general_screening", value=1)
    sign_in(client, make_staff("security", roles.SECURITY, prisons=[t.prisoner.current_prison]))
    listed = client.get(BASE, {"prisoner": t.prisoner.pk}).json()
    assert [a["id"] for a in listed["items"]] == [general.pk]
    assert listed["withheld"] == [str(latest_instruments()["women_needs"].title)]
    assert set(listed["needs"]) == set(general.need_areas)
    assert client.get(url(women.pk)).status_code == 404


def test_reading_an_assessment_is_recorded(client, make_staff, sign_in):
    t = team(make_staff)
    assessment = completed(t, "general_screening")
    sign_in(client, t.second)
    client.get(url(assessment.pk))
    read = AuditEvent.objects.get(action="read", object_type="assessment.assessment")
    assert read.actor == t.second and read.object_id == str(assessment.pk)


# --- Worklist and triggers -------------------------------------------------------------------


def test_the_worklist_lists_who_is_due_and_why(client, make_staff, sign_in):
    t = team(make_staff)
    sign_in(client, t.assessor)
    response = client.get(WORKLIST, {"prison": t.prisoner.current_prison_id})
    assert response.status_code == 200, response.content
    body = response.json()
    rows = {row["instrument"]["id"]: row for row in body["items"]}
    assert body["count"] == 2 and set(rows) == {"general_screening", "women_needs"}  # a woman, not a VEP
    row = rows["general_screening"]
    assert row["prisoner"] == {
        "id": t.prisoner.pk,
        "number": t.prisoner.number,
        "display_name": t.prisoner.display_name,
    }
    assert row["reason"] == "first" and row["trigger_on"] is None and row["open_assessment"] is None
    today = timezone.localdate()
    assert row["urgency"] == workflow.urgency(date.fromisoformat(row["due_on"]), today) == "scheduled"

    started = post(client, BASE, {"prisoner": t.prisoner.pk, "instrument": "general_screening"}).json()
    occurred = today.isoformat()
    response = post(
        client,
        TRIGGERS,
        {"prisoner": t.prisoner.pk, "event": "release_planning", "occurred_on": occurred, "note": "Parole hearing"},
    )
    assert response.status_code == 201, response.content
    assert {k: response.json()[k] for k in ("event", "occurred_on")} == {
        "event": "release_planning",
        "occurred_on": occurred,
    }
    # A closed serious incident report writes its trigger (incidents: the function below), due within 14 days.
    services.reassessment_trigger_from_file(
        actor=t.assessor, prisoner=t.prisoner, event="serious_incident", occurred_on=today, note="Incident report #1"
    )
    row = next(
        r
        for r in client.get(WORKLIST, {"prison": t.prisoner.current_prison_id}).json()["items"]
        if r["instrument"]["id"] == "general_screening"
    )
    assert row["reason"] == "serious_incident" and row["urgency"] == "due_soon" and row["trigger_on"] == occurred
    assert row["open_assessment"] == {"id": started["id"], "status": "draft"}
    assert client.get(WORKLIST, {"prison": t.prisoner.current_prison_id, "limit": 1}).json()["count"] == 2
    assert list(client.get(WORKLIST).json()["errors"]) == ["prison"]


def test_a_trigger_is_checked_before_it_is_recorded(client, make_staff, sign_in):
    t = team(make_staff)
    sign_in(client, t.assessor)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post(client, TRIGGERS, {"prisoner": t.prisoner.pk, "event": "transfer", "occurred_on": tomorrow})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["occurred_on"]
    response = post(client, TRIGGERS, {"prisoner": t.prisoner.pk, "event": "bad_mood", "occurred_on": "2026-01-01"})
    assert response.status_code == 422 and list(response.json()["errors"]) == ["event"]
    assert not ReassessmentTrigger.objects.exists()


@pytest.mark.parametrize(
    ("event", "source"),
    [("serious_incident", "incident report is closed"), ("reliable_intelligence", "grades it reliable")],
)
def test_the_events_their_reports_write_are_refused_by_hand(client, make_staff, sign_in, event, source):
    """A serious incident and reliable intelligence come only from a closed incident report and a
    graded intelligence report: the API refuses them, naming the field and where they come from."""
    t = team(make_staff)
    sign_in(client, t.assessor)
    today = timezone.localdate().isoformat()
    response = post(client, TRIGGERS, {"prisoner": t.prisoner.pk, "event": event, "occurred_on": today})
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert list(errors) == ["event"] and "not entered by hand" in str(errors["event"]) and source in str(errors)
    assert not ReassessmentTrigger.objects.exists()


# --- Query bounds ----------------------------------------------------------------------------


def _queries(client: Client, path: str, data: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, data).status_code == 200
    return len(queries)


def test_the_worklist_does_not_grow_with_the_number_of_people(
    client, make_staff, sign_in, django_assert_max_num_queries
):
    t = team(make_staff)
    prison = t.prisoner.current_prison
    sign_in(client, t.assessor)
    client.get(WORKLIST, {"prison": prison.pk})  # the session and the profile are read once
    one = _queries(client, WORKLIST, {"prison": prison.pk})
    for n in range(4):
        admit(prison=prison, sex="male" if n % 2 else "female", given_names=f"Person {n}")
    completed(t, "general_screening")
    services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="women_needs")
    with django_assert_max_num_queries(16):
        body = client.get(WORKLIST, {"prison": prison.pk}).json()
    assert len({row["prisoner"]["id"] for row in body["items"]}) == 5
    assert _queries(client, WORKLIST, {"prison": prison.pk}) == one


def test_a_persons_assessments_in_a_fixed_number_of_queries(client, make_staff, sign_in, django_assert_max_num_queries):
    t = team(make_staff)
    completed(t, "general_screening")
    sign_in(client, t.second)
    client.get(BASE, {"prisoner": t.prisoner.pk})
    one = _queries(client, BASE, {"prisoner": t.prisoner.pk})
    completed(t, "general_screening")
    completed(t, "women_needs")
    services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    with django_assert_max_num_queries(15):  # 3 of them log the read (Rule 9)
        body = client.get(BASE, {"prisoner": t.prisoner.pk}).json()
    assert len(body["items"]) == 4 and body["withheld"] == []
    assert _queries(client, BASE, {"prisoner": t.prisoner.pk}) == one


def test_openapi_lists_the_assessment_paths(client, make_staff, sign_in):
    sign_in(client, make_staff("case-manager", roles.CASE_MANAGER))
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/assessments/instruments",
        "/api/v1/assessments/instruments/{instrument_id}/{version}",
        "/api/v1/assessments/",
        "/api/v1/assessments/{assessment_id}",
        "/api/v1/assessments/{assessment_id}/ratings",
        "/api/v1/assessments/{assessment_id}/submit",
        "/api/v1/assessments/{assessment_id}/countersign",
        "/api/v1/assessments/{assessment_id}/return",
        "/api/v1/assessments/worklist",
        "/api/v1/assessments/triggers",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/assessments/"]) == {"get", "post"}
    assert "put" in paths["/api/v1/assessments/{assessment_id}/ratings"]
    assert Assessment.objects.count() == 0
