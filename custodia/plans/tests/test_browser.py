"""A case manager builds a sentence plan from an assessment in a real Chromium, in French: the
plan started from the file, a proposal accepted and worded for the person, the others set aside
with a reason, the person's view recorded and the plan agreed."""

import pytest
from playwright.sync_api import expect

from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_through_form
from custodia.plans.choices import Agreement, ObjectiveStatus, PlanStatus
from custodia.plans.models import SentencePlan

from .factories import planning

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_manager_builds_a_plan_from_an_assessment_in_french(page, make_staff):
    p = planning(make_staff)
    sign_in_through_form(page, p.case_manager.username, "fr")
    page.goto(f"/fr/prisoners/{p.prisoner.pk}/#sentence-plan")
    page.locator("#start-sentence-plan").click()
    page.locator("#start-plan").click()  # a start is confirmed: a stray click leaves no draft
    page.wait_for_url("**/fr/sentence-plans/*/")
    plan = SentencePlan.objects.get(prisoner=p.prisoner)
    objectives = list(plan.objectives.all())
    assert page.locator(".objective").count() == len(objectives) > 1

    first, *others = objectives
    page.locator(f"#objective-{first.pk} a").click()
    page.fill("#id_wording", "Apprendre à lire une lettre de sa famille")
    page.select_option("#id_responsible", "agency")
    page.locator("main button.btn-primary[type=submit]").click()
    # An agency without its name is refused on the page, with the error summary and nothing lost.
    expect(page.locator(".error-summary")).to_be_visible()  # the refused form comes back: wait for it
    assert page.input_value("#id_wording") == "Apprendre à lire une lettre de sa famille"
    page.fill("#id_responsible_agency", "Association d'alphabétisation")
    page.locator("main button.btn-primary[type=submit]").click()
    page.wait_for_url("**/fr/sentence-plans/*/")
    for objective in others:
        page.fill(f"#set-aside-{objective.pk}", "Un objectif à la fois")
        page.locator(f"#objective-{objective.pk} form button").first.click()
        page.wait_for_url(f"**/fr/sentence-plans/{plan.pk}/*")

    page.locator("#record-view").click()
    page.fill("#id_own_goals", "Écrire à ma mère")
    page.select_option("#id_agreement", Agreement.PARTLY)
    page.fill("#id_explained_in", "français")
    page.locator("main button.btn-primary[type=submit]").click()
    page.wait_for_url("**/fr/sentence-plans/*/")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.locator("#agree-plan").click()
    page.wait_for_url("**/fr/sentence-plans/*/")

    plan.refresh_from_db()
    first.refresh_from_db()
    assert (plan.status, plan.own_goals, plan.explained_in) == (PlanStatus.AGREED, "Écrire à ma mère", "français")
    assert (first.status, first.responsible_agency) == (ObjectiveStatus.NOT_STARTED, "Association d'alphabétisation")
    assert {o.status for o in plan.objectives.exclude(pk=first.pk)} == {ObjectiveStatus.SET_ASIDE}
    assert page.locator("#review-plan").is_visible()
