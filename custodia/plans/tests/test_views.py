"""The sentence plan pages and API: what each role may do, the query bounds, and the file's section."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.plans import services
from custodia.plans.choices import ObjectiveStatus, PlanStatus
from custodia.plans.models import SentencePlan
from custodia.register.models import Admission

from .factories import agreed_plan, planning

pytestmark = pytest.mark.django_db


def test_a_case_manager_builds_a_plan_through_the_pages(client, make_staff, sign_in):
    p = planning(make_staff)
    sign_in(client, p.case_manager)
    file = client.get(reverse("register:prisoner_detail", args=[p.prisoner.pk])).content.decode()
    assert 'id="start-sentence-plan"' in file and 'id="sentence-plan-due"' in file
    response = client.post(reverse("plans:start", args=[p.prisoner.pk]))
    plan = SentencePlan.objects.get()
    assert response.url == reverse("plans:detail", args=[plan.pk])
    first, second, *others = plan.objectives.all()
    edit = reverse("plans:objective_edit", args=[first.pk])
    refused = client.post(edit, {"version": first.version, "wording": "Read", "responsible": "agency"})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    client.post(edit, {"version": first.version, "wording": "Read a letter from home", "responsible": "person"})
    client.post(reverse("plans:objective_set_aside", args=[second.pk]), {"reason": "Not now", "version": 1})
    for objective in others:
        client.post(
            reverse("plans:objective_set_aside", args=[objective.pk]), {"reason": "One step at a time", "version": 1}
        )
    client.post(
        reverse("plans:view", args=[plan.pk]),
        {"version": plan.version, "own_goals": "Write to my mother", "agreement": "agrees", "explained_in": "English"},
    )
    client.post(reverse("plans:agree", args=[plan.pk]), {"version": plan.version + 1})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED and plan.own_goals == "Write to my mother"
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (ObjectiveStatus.NOT_STARTED, ObjectiveStatus.SET_ASIDE)


def test_plan_page_and_api_within_query_bounds_and_logged(client, make_staff, sign_in, django_assert_max_num_queries):
    p = planning(make_staff)
    plan = agreed_plan(p)
    services.progress_note_add(actor=p.case_manager, objective=plan.objectives.first(), text="Comes to class")
    sign_in(client, p.director)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    # The director reads the plan; only a case manager changes it.
    assert "Read to my children" in page and 'id="review-plan"' not in page
    assert AuditEvent.objects.filter(action="read", actor=p.director, object_type="plans.sentenceplan").exists()
    with django_assert_max_num_queries(25):
        listed = client.get("/api/v1/sentence-plans", {"prisoner": p.prisoner.pk}).json()
    assert [item["number"] for item in listed] == [1]
    assert listed[0]["objectives"][0]["status"] == "not_started" and listed[0]["agreement"] == "agrees"
    assert listed[0]["objectives"][0]["notes"][0] | {"at": None} == {
        "text": "Comes to class",
        "by": p.case_manager.username,
        "at": None,
    }
    detail = client.get(f"/api/v1/sentence-plans/{plan.pk}").json()
    assert detail["own_goals"] == "Read to my children" and detail["based_on"]


def test_worklist_and_home_counts_agree(client, make_staff, sign_in, django_assert_max_num_queries):
    p = planning(make_staff, assessed=False)
    # Admitted 50 days ago: the first plan (60 days in the generic profile) is due within 14 days.
    Admission.objects.filter(prisoner=p.prisoner).update(admitted_at=timezone.now() - timedelta(days=50))
    sign_in(client, p.case_manager)
    home = client.get(reverse("home")).content.decode()
    counts = dict(re.findall(r'href="([^"]*sentence-plans/[^"]*)".*?fs-3[^>]*>(\d+)<', home, re.S))
    assert len(counts) == 2
    for url, number in counts.items():
        with django_assert_max_num_queries(25):
            listed = client.get(url.replace("&amp;", "&")).content.decode()
        assert listed.count('<tr class="urgency-') == int(number)
    assert sorted(counts.values()) == ["0", "1"]


def test_people_not_serving_a_sentence_are_listed_as_offered_never_as_due(
    client, make_staff, sign_in, django_assert_max_num_queries
):
    from custodia.estate.tests.factories import CellFactory
    from custodia.register.choices import LegalStatus
    from custodia.register.tests.factories import admit

    p = planning(make_staff, legal_status=LegalStatus.PRE_TRIAL, assessed=False)
    prison, sex = p.prisoner.current_prison, p.prisoner.sex
    # Each in a unit of their own (Mandela Rule 11 keeps the categories apart).
    taken_up = admit(
        cell=CellFactory(unit__prison=prison), sex=sex, legal_status=LegalStatus.CIVIL, family_name="Taken-Up"
    )
    services.plan_start(actor=p.case_manager, prisoner=taken_up)
    admit(cell=CellFactory(unit__prison=prison), sex=sex, legal_status=LegalStatus.CONVICTED, family_name="Sentenced")
    sign_in(client, p.case_manager)
    url = reverse("plans:worklist") + f"?prison={p.prisoner.current_prison_id}&people=offered"
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    rows = page.split('id="offered"')[1].split("</table>")[0]
    assert rows.count("<tr>") == 3  # the head and the two people not serving a sentence
    assert p.prisoner.number in rows and "Offered, not taken up" in rows
    assert "Taken-Up" in rows and "Version 1: Draft" in rows and "Sentenced" not in rows
    due = client.get(reverse("plans:worklist") + f"?prison={p.prisoner.current_prison_id}").content.decode()
    assert p.prisoner.number not in due and taken_up.number not in due


@pytest.mark.parametrize("role", [roles.WING, roles.SECURITY, roles.RECEPTION])
def test_others_are_refused_the_plan(client, make_staff, sign_in, role):
    p = planning(make_staff)
    plan = agreed_plan(p)
    sign_in(client, make_staff(f"other-{role}", role, prisons=[p.prison]))
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 403
    assert client.get(f"/api/v1/sentence-plans/{plan.pk}").status_code == 403


def test_the_plan_versions_are_on_the_files_timeline_for_those_who_may_see_plans(client, make_staff, sign_in):
    p = planning(make_staff)
    agreed_plan(p)
    url = reverse("register:prisoner_detail", args=[p.prisoner.pk])
    sign_in(client, p.case_manager)
    timeline = client.get(url).content.decode().split('id="timeline"')[1].split("</section>")[0]
    assert "Sentence plan version 1 started" in timeline and "Sentence plan version 1 agreed" in timeline
    sign_in(client, make_staff("wing-timeline", roles.WING, prisons=[p.prisoner.current_prison]))
    timeline = client.get(url).content.decode().split('id="timeline"')[1].split("</section>")[0]
    assert "Sentence plan" not in timeline
