"""Alerts in a real Chromium: a case manager sees, on the home page, the self-harm alert an urgent
screening rating proposes, opens the proposal, sets the alert with the referral recorded, and finds
the banner at the top of the file and the mark in the index of people."""

import pytest
from django.utils import timezone

from custodia.alerts.models import Alert
from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_through_form

from .factories import held, staff, urgent_assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_manager_sets_the_proposed_self_harm_alert_and_the_banner_appears(page, make_staff):
    s = staff(make_staff)
    person = held(s.prison, given_names="Fred", family_name="Kaggwa")
    urgent_assessment(s.case_manager, person)
    sign_in_through_form(page, s.case_manager.username)
    page.goto("/en/")
    page.locator("a[href*='/alerts/proposals/']").first.click()
    page.wait_for_url("**/en/alerts/proposals/**")
    proposal = page.locator(".proposal").first
    assert "Refer the person to health care today" in proposal.inner_text()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    proposal.locator(".set-from-proposal").click()
    page.wait_for_url(f"**/en/alerts/set/{person.pk}/**")
    assert "Proposed by the assessment" in page.locator("#id_reason").input_value()
    assert page.locator("#id_referral_made").is_checked()
    page.locator("#save-alert").click()
    page.wait_for_url(f"**/en/prisoners/{person.pk}/**")
    made = Alert.objects.get(prisoner=person)
    assert made.code == "self_harm_risk" and made.referred_on == timezone.localdate()
    banner = page.locator("#glance-alerts")
    assert banner.is_visible() and "Self-harm risk" in banner.inner_text()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.goto("/en/prisoners/")
    assert page.locator("[data-mark='self_harm_risk']").count() == 1
