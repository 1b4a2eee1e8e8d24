"""The release planning pages, API, summary PDF, validation export and oversight figures: who
sees what (need-to-know), query bounds, consent in the PDF, reads logged."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from custodia.accounts import roles
from custodia.assessment.validation import read_csv
from custodia.classification.tests.factories import world
from custodia.core.models import AuditEvent
from custodia.register import photographs
from custodia.register.tests.test_photograph_rule import picture
from custodia.reintegration import oversight, selectors, services
from custodia.reintegration.choices import Pathway, PathwayStatus
from custodia.reintegration.models import ReleasePlan

from .factories import PROBATION, near_release, released_plan

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_case_manager_finds_the_plan_opened_when_due(client, make_staff, sign_in):
    w = near_release(make_staff)
    sign_in(client, w.case_manager)
    file = client.get(reverse("register:prisoner_detail", args=[w.prisoner.pk])).content.decode()
    assert 'id="open-release-plan"' in file
    response = client.get(reverse("reintegration:prisoner", args=[w.prisoner.pk]))
    plan = ReleasePlan.objects.get()
    assert response.url == reverse("reintegration:detail", args=[plan.pk])
    page = client.get(response.url).content.decode()
    assert page.count('class="card mb-2 pathway"') == len(Pathway)
    client.post(
        reverse("reintegration:pathway_status", args=[plan.pk]),
        {"pathway": "identity", "status": "in_progress", "version": 1},
    )
    assert plan.pathways.get(pathway="identity").status == PathwayStatus.IN_PROGRESS


def test_remand_opens_only_on_request(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.case_manager)
    page = client.get(reverse("reintegration:prisoner", args=[w.prisoner.pk]))
    assert page.status_code == 200 and 'id="open-plan"' in page.content.decode() and not ReleasePlan.objects.exists()
    client.post(reverse("reintegration:prisoner", args=[w.prisoner.pk]))
    assert ReleasePlan.objects.get().opened_how == "request"


def test_need_to_know(client, make_staff, sign_in):
    w = near_release(make_staff)
    plan = services.release_plan_open(actor=w.case_manager, prisoner=w.prisoner)
    elsewhere = near_release(make_staff)
    wing = make_staff("wing-x", roles.WING, prisons=[w.prison])
    for user, seen in ((w.case_manager, True), (w.director, True), (w.hq, True), (elsewhere.case_manager, False)):
        assert (selectors.prisoner_plan(user=user, prisoner=w.prisoner) is not None) == seen
    assert selectors.prisoner_plan(user=wing, prisoner=w.prisoner) is None
    sign_in(client, elsewhere.case_manager)
    assert client.get(reverse("reintegration:detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("api:release_plan_detail", args=[w.prisoner.pk])).status_code == 404
    sign_in(client, w.director)  # reads, never changes
    page = client.get(reverse("reintegration:detail", args=[plan.pk])).content.decode()
    assert 'id="add-referral"' not in page


def test_plan_page_and_api_within_query_bounds_and_logged(client, make_staff, sign_in, django_assert_max_num_queries):
    w, plan = released_plan(make_staff)
    for _ in range(3):
        referral = services.referral_make(actor=w.case_manager, plan=plan, data=PROBATION)
        services.consent_record(
            actor=w.case_manager,
            referral=referral,
            data=services.ConsentData(["accommodation"], timezone.localdate(), "English"),
        )
    services.follow_up_record(actor=w.case_manager, plan=plan, months=1, data=services.FollowUpData(True, housed=True))
    sign_in(client, w.case_manager)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("reintegration:detail", args=[plan.pk]))
    assert page.status_code == 200 and 'id="released-on"' in page.content.decode()
    with django_assert_max_num_queries(30):
        api = client.get(reverse("api:release_plan_detail", args=[w.prisoner.pk])).json()
    assert len(api["referrals"]) == 3 and api["referrals"][0]["consent"]["sections"] == ["accommodation"]
    follow_ups = client.get(reverse("api:follow_up_list", args=[w.prisoner.pk])).json()
    assert follow_ups[0]["months"] == 1 and follow_ups[0]["housed"] is True and follow_ups[0]["recalled"] is None
    with django_assert_max_num_queries(30):
        assert client.get(reverse("reintegration:worklist")).status_code == 200
    assert (
        AuditEvent.objects.filter(action="read", actor=w.case_manager, object_type="reintegration.releaseplan").count()
        == 3
    )


def test_worklist_lists_plans_to_open_and_follow_ups_due(make_staff):
    w = near_release(make_staff)
    work = selectors.worklist(user=w.case_manager, prison_id=w.prison.pk)
    assert [item.prisoner.pk for item in work.openings] == [w.prisoner.pk] and work.openings[0].urgency == "overdue"
    r, plan = released_plan(make_staff)
    work = selectors.worklist(user=r.case_manager, prison_id=plan.prison_id)
    assert [item.due.months for item in work.follow_ups] == [1, 3, 6, 12]
    assert selectors.worklist(user=w.case_manager, prison_id=plan.prison_id).follow_ups == []


def test_the_summary_holds_only_what_the_person_agreed_to_share(client, make_staff, sign_in):
    w = near_release(make_staff)
    plan = services.release_plan_open(actor=w.case_manager, prisoner=w.prisoner)
    for pathway, note in ((Pathway.ACCOMMODATION, "Hostel bed at Nsambya"), (Pathway.HEALTH, "Methadone clinic")):
        services.pathway_status_change(
            actor=w.case_manager, pathway=plan.pathways.get(pathway=pathway), status="in_progress", note=note
        )
    referral = services.referral_make(actor=w.case_manager, plan=plan, data=PROBATION)
    services.consent_record(
        actor=w.case_manager,
        referral=referral,
        data=services.ConsentData(["accommodation"], timezone.localdate(), "Luganda"),
    )
    sign_in(client, w.case_manager)
    for language in ("en", "ar", "ru"):
        response = client.get(reverse("reintegration:summary", args=[referral.pk]), {"language": language})
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "Hostel bed at Nsambya" in text and w.prisoner.number in text
        assert "Methadone" not in text
    assert (
        AuditEvent.objects.filter(action="read", object_type="reintegration.referral", actor=w.case_manager).count()
        >= 3
    )
    # Rendering the PDF leaves the register's photograph check as strict as before.
    with pytest.raises(photographs.PhotographRefused):
        photographs.prepare(picture()[:2000])


def test_validation_export_reads_in_the_validation_page(client, make_staff, sign_in):
    w, plan = released_plan(make_staff)
    services.follow_up_record(
        actor=w.case_manager, plan=plan, months=3, data=services.FollowUpData(True, new_offence=True, recalled=False)
    )
    sign_in(client, make_staff("hq-stats", roles.HQ_STATISTICS, nationwide=True))
    response = client.get(reverse("reintegration:validation_csv"))
    text = response.content.decode().lstrip("\ufeff")
    assert next(csv.reader(io.StringIO(text))) == ["instrument", "score", "reoffended_or_recalled"]
    dataset = read_csv(io.StringIO(text), score="score", outcome="reoffended_or_recalled", groups=["instrument"])
    assert dataset.records == ()  # no final assessment before release in this world
    assert 'id="validation-sources"' in client.get(reverse("assessment:validation")).content.decode()


def test_oversight_figures_are_scoped_aggregates(make_staff):
    w, plan = released_plan(make_staff)
    services.follow_up_record(
        actor=w.case_manager, plan=plan, months=1, data=services.FollowUpData(True, new_offence=False, recalled=True)
    )
    released_plan(make_staff)  # at another prison
    director = make_staff("dir-o", roles.DIRECTOR, prisons=[w.prison])
    tables = {t.slug: t for t in oversight.figures(user=director, prison_id=None)}
    assert tables["release-plans-opened"].rows[1:] == [
        ["Share opened before release (%)", 100.0],
        ["Median months between opening and release", 2.0],
    ]
    assert dict((row[0], row[1]) for row in tables["outcomes-after-release"].rows)["Recalled to prison"] == 1
    assert tables["follow-up-contacts"].rows[0] == ["1", 100.0, 1]
    hq = make_staff("hq-o", roles.HQ_VEP, nationwide=True)
    assert {t.slug: t for t in oversight.figures(user=hq, prison_id=None)}["release-plans-opened"].rows[0][1] == 2
    assert oversight.figures(user=w.case_manager, prison_id=None)[0].rows[0][1] == 0
