"""A facilitator takes the attendance of a group on a phone (390 px wide) in a real Chromium:
every person marked in one form, an absence refused without its reason and then saved."""

import pytest
from playwright.sync_api import expect

from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_through_form
from custodia.programmes.models import Attendance

from .factories import another_person, scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_facilitator_takes_attendance_for_a_group_on_a_phone(page, make_staff):
    s = scene(make_staff)
    a = s.allocate(s.refer())
    b = s.allocate(s.refer(another_person(make_staff, s)))
    session = s.session_today()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_through_form(page, s.facilitator.username)
    page.goto(f"/en/programmes/{s.programme.pk}/")
    page.locator(".take-attendance").first.click()
    page.wait_for_url(f"**/en/programmes/sessions/{session.pk}/attendance/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.locator(f"label[for=mark-{a.pk}-present]").click()
    page.locator(f"label[for=mark-{b.pk}-absent]").click()
    page.fill("#notes", "Chapter 2 read aloud")
    page.locator("#save-attendance").click()
    expect(page.locator(f"#error-{b.pk}")).to_be_visible()  # an absence needs its reason, on its row
    assert page.locator(f"#mark-{a.pk}-present").is_checked()  # nothing entered is lost
    page.fill(f"#reason-{b.pk}", "At court")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.locator("#save-attendance").click()
    page.wait_for_url(f"**/en/programmes/{s.programme.pk}/")
    assert dict(Attendance.objects.values_list("participation_id", "mark")) == {a.pk: "present", b.pk: "absent"}
