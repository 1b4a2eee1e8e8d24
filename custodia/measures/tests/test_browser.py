"""Restrictive measures in a real Chromium: the director sees, from the home page, a measure whose
daily health-care visit was missed (Mandela Rule 46) and is refused a sixteenth day of solitary
confinement (Rules 43-44); health-care staff record today's visit on a phone, in Russian."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_through_form
from custodia.measures import services
from custodia.measures.models import HealthVisit

from .factories import held, imposed, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit(s, measure, days_ago: int) -> None:
    services.health_visit_record(
        actor=s.nurse,
        measure=measure,
        visited_on=timezone.localdate() - timedelta(days=days_ago),
        adverse_effects=False,
        note="Eating and sleeping",
    )


def test_the_director_sees_the_missed_health_visit_and_is_refused_a_sixteenth_day(page, make_staff):
    s = staff(make_staff)
    person = held(s.prison, given_names="Fred", family_name="Kaggwa")
    # Solitary confinement in its fifteenth day, visited every day but two days ago.
    measure = imposed(s.director, person, first=14, last=14)
    for days_ago in range(14, -1, -1):
        if days_ago != 2:
            visit(s, measure, days_ago)
    sign_in_through_form(page, s.director.username)
    page.goto("/en/")
    page.locator("a[href*='show=missed']").first.click()
    page.wait_for_url("**/en/measures/**show=missed**")
    page.get_by_role("link", name="Fred Kaggwa").first.click()
    page.wait_for_url(f"**/en/measures/{measure.pk}/")
    missed = page.locator("#missed-visits")
    assert missed.is_visible()
    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert missed.locator(f"time[datetime='{day}']").count() == 1
    assert page.locator("#solitary-run").get_attribute("value") == "15"
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    # The sixteenth day is refused, on the field, and nothing changes.
    page.fill("#id_extend-ends_on", (measure.ends_on + timedelta(days=1)).isoformat())
    page.fill("#id_extend-reason", "Still refuses to say where the weapon is")
    page.locator("#extend-form button[type=submit]").click()
    assert "16 consecutive days" in page.locator("#extend-form").inner_text()
    measure.refresh_from_db()
    assert measure.ends_on == timezone.localdate()


def test_health_care_staff_record_todays_visit_on_a_phone_in_russian(page, make_staff):
    s = staff(make_staff)
    person = held(s.prison, given_names="Robert", family_name="Muwanika")
    measure = imposed(s.director, person, first=3, last=10, hours=20)
    for days_ago in (3, 2, 1):
        visit(s, measure, days_ago)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_through_form(page, s.nurse.username)
    page.goto("/ru/measures/?show=to_visit")
    assert page.evaluate("document.documentElement.lang") == "ru"
    page.get_by_role("link", name="Robert Muwanika").first.click()
    page.wait_for_url(f"**/ru/measures/{measure.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.fill("#id_visit-note", "Осмотрен в камере; жалоб нет")
    page.locator("#visit-form button[type=submit]").click()
    page.wait_for_url(f"**/ru/measures/{measure.pk}/")
    assert HealthVisit.objects.filter(measure=measure, visited_on=timezone.localdate(), visited_by=s.nurse).exists()
    assert "Осмотрен в камере" in page.locator("#visit-list").inner_text()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
