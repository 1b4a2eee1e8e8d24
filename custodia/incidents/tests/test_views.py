"""The incident pages: an officer writes a report with the questions of its kind, names the
people, submits it; the security officer closes it; health-care staff record the examination.
Refusals come back on their fields with what was typed; each page in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment.models import ReassessmentTrigger
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory
from custodia.incidents.models import Incident, MedicalExamination

from .factories import held, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def here(make_staff):
    prison = CellFactory().unit.prison
    return {
        "prison": prison,
        "wing": make_staff("wing", roles.WING, prisons=[prison]),
        "security": make_staff("security", roles.SECURITY, prisons=[prison]),
        "director": make_staff("director", roles.DIRECTOR, prisons=[prison]),
        "nurse": make_staff("nurse", roles.HEALTH, prisons=[prison]),
    }


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


def test_an_officer_writes_names_and_submits_a_report(client, sign_in, here):
    person = held(here["prison"])
    sign_in(client, here["wing"])
    form = client.get(reverse("incidents:create")).content.decode()
    # Every kind's questions are on the page, each under its kind.
    assert 'data-incident-kind="escape"' in form and 'name="answer_escape__from_where"' in form
    when = local(timezone.now() - timedelta(hours=1))
    refused = client.post(
        reverse("incidents:create"),
        {
            "type_code": "escape",
            "occurred_at": when,
            "place": "",
            "summary": "Found on the roof",
            "answer_escape__attempt_only": "yes",
        },
    )
    assert refused.status_code == 200 and not Incident.objects.exists()
    html = refused.content.decode()
    assert "This field is required." in html and "Found on the roof" in html  # nothing typed is lost
    response = client.post(
        reverse("incidents:create"),
        {
            "type_code": "escape",
            "occurred_at": when,
            "place": "Roof of the kitchen",
            "summary": "Found on the roof",
            "answer_escape__attempt_only": "yes",
            "answer_escape__from_where": "prison",
            "answer_fight__people_count": "7",  # another kind's answer: dropped
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and incident.answers == {"attempt_only": True, "from_where": "prison"}
    detail = reverse("incidents:detail", args=[incident.pk])
    refused = client.post(
        reverse("incidents:involve", args=[incident.pk]),
        {"involve-role": "perpetrator", "involve-prisoner_number": "NOBODY-1", "involve-version": incident.version},
    )
    assert "Nobody with this number is held at this prison." in refused.content.decode()
    client.post(
        reverse("incidents:involve", args=[incident.pk]),
        {
            "involve-role": "perpetrator",
            "involve-prisoner_number": person.number,
            "involve-force_technique": "holds",
            "involve-force_by": "Officers Okello and Namara",
            "involve-force_reason": "He resisted being brought down",
            "involve-version": incident.version,
        },
    )
    incident.refresh_from_db()
    client.post(reverse("incidents:submit", args=[incident.pk]), {"submit-version": incident.version})
    incident.refresh_from_db()
    assert incident.status == "awaiting_review"
    page = client.get(detail).content.decode()
    assert "Owed" in page and person.number in page and 'id="review-form"' not in page


def test_the_security_officer_closes_it_and_the_reassessment_falls_due(
    client, sign_in, here, django_assert_max_num_queries
):
    person = held(here["prison"])
    incident = submitted(here["wing"], person)
    sign_in(client, here["security"])
    with django_assert_max_num_queries(40):
        page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'id="review-form"' in page
    client.post(
        reverse("incidents:review", args=[incident.pk]),
        {"review-decision": "close", "review-comment": "Adjudication opened", "review-version": incident.version},
    )
    incident.refresh_from_db()
    assert incident.status == "closed"
    assert ReassessmentTrigger.objects.get().prisoner == person
    assert AuditEvent.objects.filter(action="read", object_id=str(person.pk), reason="incident report").exists()
    # The person's file shows the report, the summary at the top counts it.
    file = client.get(reverse("register:prisoner_detail", args=[person.pk])).content.decode()
    assert f'data-incident="{incident.pk}"' in file and 'id="glance-incidents"' in file


def test_a_return_needs_a_comment_shown_on_its_field(client, sign_in, here):
    incident = submitted(here["wing"], held(here["prison"]))
    sign_in(client, here["director"])
    response = client.post(
        reverse("incidents:review", args=[incident.pk]),
        {"review-decision": "return", "review-comment": "", "review-version": incident.version},
    )
    assert response.status_code == 200 and "Say what the report lacks." in response.content.decode()


def test_the_list_in_a_fixed_number_of_queries(client, sign_in, here, django_assert_max_num_queries):
    for _ in range(3):
        submitted(here["wing"], held(here["prison"]))
    sign_in(client, here["director"])
    with django_assert_max_num_queries(25):
        html = client.get(reverse("incidents:list")).content.decode()
    assert html.count("data-incident=") == 3
    owed = client.get(reverse("incidents:list"), {"show": "examinations_owed"}).content.decode()
    assert owed.count("data-incident=") == 3
    for _ in range(3):
        submitted(here["wing"], held(here["prison"]))
    with django_assert_max_num_queries(25):
        html = client.get(reverse("incidents:list")).content.decode()
    assert html.count("data-incident=") == 6


def test_health_care_staff_record_the_examination(client, sign_in, here):
    person = held(here["prison"])
    submitted(here["wing"], person)
    examination = MedicalExamination.objects.get()
    sign_in(client, here["nurse"])
    home = client.get(reverse("home")).content.decode()
    assert "Medical examinations owed after force or an injury" in home
    listed = client.get(reverse("incidents:examinations")).content.decode()
    assert person.number in listed and "He struck the officer" not in listed  # not the rest of the report
    url = reverse("incidents:examination", args=[examination.pk])
    refused = client.post(
        url, {"examined_at": local(timezone.now()), "findings": "Bruises", "signs_of_ill_treatment": "on"}
    )
    assert "Say to which competent authority" in refused.content.decode()
    client.post(url, {"examined_at": local(timezone.now()), "findings": "Graze, consistent with the account"})
    examination.refresh_from_db()
    assert examination.examined_by == here["nurse"]
    # A wing officer sees on the report that the examination took place, not what it found.
    sign_in(client, make_wing := here["wing"])
    assert make_wing
    page = client.get(reverse("incidents:detail", args=[examination.involvement.incident_id])).content.decode()
    assert "Examined" in page and "consistent with the account" not in page and "withheld" in page
