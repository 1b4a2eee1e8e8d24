"""Security audits in a real Chromium: the headquarters auditor works an audit in Russian from
start to final (every item rated on the page, an action for the item not met), on a phone-width
screen too; the director reads it in Arabic beside last year's, drawn as a chart. Asserted on ids
and values, not on words."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.core.tests.browser import (
    axe_violations,
    describe_violations,
    sign_in_through_form,
    sign_in_with_second_factor,
)
from custodia.securityaudits import checklist
from custodia.securityaudits.models import SecurityAudit

from .factories import final_audit, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_an_auditor_works_an_audit_in_russian_and_the_director_reads_it_in_arabic(new_page, make_staff):
    w = world(make_staff)
    last_year = final_audit(w, audited_on=timezone.localdate() - timedelta(days=365), not_met=("perimeter",))
    page = new_page()
    sign_in_with_second_factor(page, w.auditor, "ru")
    page.goto("/ru/security-audits/new/")
    page.select_option("#id_prison", str(w.prison.pk))
    page.click("main button[type=submit]")
    page.wait_for_selector("#ratings-form")
    audit = SecurityAudit.objects.exclude(pk=last_year.pk).get()
    for code in checklist.current().area_of():
        page.select_option(f"#id_r-rating_{code}", "met")
    page.select_option("#id_r-rating_gate_control", "not_met")
    page.fill("#id_r-evidence_gate_control", "Журнал КПП не ведётся по выходным.")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(OVERFLOW) <= 0
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click("#ratings-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert audit.ratings.count() == len(checklist.current().area_of())
    page.select_option("#id_a-item_code", "gate_control")
    page.fill("#id_a-description", "Вести журнал КПП ежедневно.")
    page.fill("#id_a-owner", "Начальник оперативного отдела")
    page.fill("#id_a-due_on", (timezone.localdate() + timedelta(days=30)).strftime("%d.%m.%Y"))
    page.click("#action-form button[type=submit]")
    page.wait_for_selector(f"#actions tr[data-action='{audit.actions.get().pk}']")
    page.fill("#id_f-summary", "Журнал КПП.")
    page.click("#finalise-form button[type=submit]")
    page.wait_for_selector("#audit-status.text-bg-success")
    audit.refresh_from_db()
    assert audit.status == "final" and audit.area_scores["physical"] == 75

    director = new_page()
    sign_in_through_form(director, w.director.username, "ar")
    director.goto(f"/ar/security-audits/{audit.pk}/")
    assert director.evaluate("document.documentElement.dir") == "rtl"
    # Physical: 3 of 4 met a year ago and now; the table and the chart say the same.
    assert director.locator("#scores tr[data-area='physical'] td").nth(1).inner_text().strip() == "75 %"
    assert director.locator("#history tbody tr").count() == 2
    director.wait_for_function("() => Chart.getChart(document.querySelector('canvas[data-chart=chart-history]'))")
    violations = axe_violations(director)
    assert not violations, describe_violations(violations)
