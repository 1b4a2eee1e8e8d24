"""The intelligence pages: a wing officer passes information on about a man by his number, the
security officer grades it with the scales of the profile's system, sanitises it and shares it;
the director approves. Refusals come back on their fields with what was typed; each page in a
fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.assessment.models import ReassessmentTrigger
from custodia.core.models import AuditEvent
from custodia.intelligence import services
from custodia.intelligence.models import IntelligenceReport, Sharing

from .factories import graded, held, staff, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(make_staff):
    return staff(make_staff)


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


def management(total: int = 3) -> dict[str, str]:
    return {
        "subject-TOTAL_FORMS": str(total),
        "subject-INITIAL_FORMS": "0",
        "subject-MIN_NUM_FORMS": "0",
        "subject-MAX_NUM_FORMS": "20",
    }


def test_a_wing_officer_passes_information_on_and_sees_only_that_it_was_graded(client, sign_in, s):
    person = held(s.prison)
    sign_in(client, s.wing)
    form = client.get(reverse("intelligence:create")).content.decode()
    assert 'name="subject-0-prisoner_number"' in form and 'name="content"' in form
    when = local(timezone.now() - timedelta(hours=1))
    refused = client.post(
        reverse("intelligence:create"),
        {
            **management(),
            "observed_at": when,
            "content": "He says a brother outside will bring a phone.",
            "subject-0-kind": "in_custody",
            "subject-0-prisoner_number": "NOBODY-1",
        },
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and not IntelligenceReport.objects.exists()
    assert "No person in custody at your prisons has this number." in html
    assert "He says a brother outside" in html  # nothing typed is lost
    response = client.post(
        reverse("intelligence:create"),
        {
            **management(),
            "observed_at": when,
            "content": "He says a brother outside will bring a phone.",
            "subject-0-kind": "in_custody",
            "subject-0-prisoner_number": person.number,
            "subject-0-role": "asked for the phone",
            "subject-1-kind": "outside_person",
            "subject-1-name": "His brother",
        },
    )
    report = IntelligenceReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("intelligence:submission", args=[report.pk])
    assert report.subjects.count() == 2
    services.report_grade(
        actor=s.security, report=report, source="A", information="1", handling="4", assessment="ZQSECRETASSESSMENT"
    )
    page = client.get(reverse("intelligence:submission", args=[report.pk])).content.decode()
    assert "Graded" in page and "ZQSECRETASSESSMENT" not in page and "withheld" in page
    assert 'data-grading="' not in page
    # The readers' page is not theirs.
    assert client.get(reverse("intelligence:detail", args=[report.pk])).status_code == 403


def test_the_security_officer_grades_and_the_trigger_is_written(client, sign_in, s, django_assert_max_num_queries):
    person = held(s.prison)
    report = submitted(s.wing, person)
    sign_in(client, s.security)
    home = client.get(reverse("home")).content.decode()
    assert "Intelligence reports to grade" in home
    url = reverse("intelligence:detail", args=[report.pk])
    with django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    assert 'id="grade-form"' in page and "E: untested source" in page and "5: suspected to be false" in page
    assert AuditEvent.objects.filter(action="read", object_id=str(person.pk), reason="intelligence report").exists()
    assert AuditEvent.objects.filter(
        action="read", object_type="intelligence.intelligencereport", object_id=str(report.pk)
    ).exists()
    refused = client.post(
        reverse("intelligence:grade", args=[report.pk]),
        {"grade-source_grade": "B", "grade-information_grade": "2", "grade-version": report.version},
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and "This field is required." in html
    assert 'value="B" class="form-check-input" id="id_grade-source_grade_1" required checked' in html  # kept
    client.post(
        reverse("intelligence:grade", args=[report.pk]),
        {
            "grade-source_grade": "B",
            "grade-information_grade": "2",
            "grade-handling_code": "1",
            "grade-assessment": "Matches the wing's observations",
            "grade-version": report.version,
        },
    )
    report.refresh_from_db()
    assert report.status == "graded" and report.handling_code == "1"
    assert ReassessmentTrigger.objects.get().prisoner == person
    page = client.get(url).content.decode()
    assert 'data-grading="B21"' in page and 'id="reliable"' in page and 'id="share-form"' in page
    # The person's file lists the report for the security officer.
    file = client.get(reverse("register:prisoner_detail", args=[person.pk])).content.decode()
    assert f'data-intelligence="{report.pk}"' in file


def test_sanitise_share_and_approve(client, sign_in, s):
    report = graded(s.wing, s.security, held(s.prison), handling="2")
    sign_in(client, s.security)
    client.post(reverse("intelligence:sanitise", args=[report.pk]), {"sanitise-text": "A man is said to recruit."})
    sanitised = report.sanitised_versions.get()
    refused = client.post(
        reverse("intelligence:share", args=[report.pk]),
        {"share-agency_name": "Embassy", "share-agency_kind": "foreign", "share-purpose": "x"},
    )
    assert "does not allow sharing with this kind of agency" in refused.content.decode()
    client.post(
        reverse("intelligence:share", args=[report.pk]),
        {
            "share-agency_name": "Probation office",
            "share-agency_kind": "other_public_body",
            "share-purpose": "Supervision",
            "share-sanitised_id": sanitised.pk,
        },
    )
    sharing = Sharing.objects.get()
    assert sharing.status == "requested" and sharing.sanitised == sanitised
    sign_in(client, s.director)
    home = client.get(reverse("home")).content.decode()
    assert "Sharing requests awaiting approval" in home
    listed = client.get(reverse("intelligence:list"), {"show": "sharing_requested"}).content.decode()
    assert f'data-report="{report.pk}"' in listed
    refused = client.post(
        reverse("intelligence:decide", args=[sharing.pk]),
        {f"decide-{sharing.pk}-decision": "refuse", f"decide-{sharing.pk}-version": sharing.version},
    )
    assert "Give the reason for refusing." in refused.content.decode()
    client.post(
        reverse("intelligence:decide", args=[sharing.pk]),
        {f"decide-{sharing.pk}-decision": "approve", f"decide-{sharing.pk}-version": sharing.version},
    )
    sharing.refresh_from_db()
    assert sharing.status == "approved" and sharing.decided_by == s.director
    sign_in(client, s.security)
    client.post(reverse("intelligence:shared", args=[sharing.pk]), {"shared-version": sharing.version})
    sharing.refresh_from_db()
    assert sharing.status == "shared"


def test_the_list_in_a_fixed_number_of_queries(client, sign_in, s, django_assert_max_num_queries):
    for _ in range(3):
        graded(s.wing, s.security, held(s.prison))
    sign_in(client, s.director)
    with django_assert_max_num_queries(25):
        html = client.get(reverse("intelligence:list")).content.decode()
    assert html.count("data-report=") == 3
    for _ in range(3):
        graded(s.wing, s.security, held(s.prison))
    with django_assert_max_num_queries(25):
        html = client.get(reverse("intelligence:list")).content.decode()
    assert html.count("data-report=") == 6
    sign_in(client, s.wing)
    with django_assert_max_num_queries(25):
        mine = client.get(reverse("intelligence:submissions")).content.decode()
    assert mine.count("data-report=") == 6
