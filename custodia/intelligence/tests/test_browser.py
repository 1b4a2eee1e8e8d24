"""Intelligence in a real Chromium, in Russian: the security officer signs in with the second
factor, passes information on about a man and a group, then grades it on the 5x5x5 scales; graded
reliable, it makes the man's reassessment due. Asserted on ids and values, not on words (the
Russian catalogue is translated afterwards)."""

import pytest

from custodia.assessment.models import ReassessmentTrigger
from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_with_second_factor
from custodia.intelligence.models import IntelligenceReport

from .factories import held, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_security_officer_records_and_grades_a_report_in_russian(page, make_staff):
    s = staff(make_staff)
    person = held(s.prison, given_names="Ruslan", family_name="Akhmetov")
    sign_in_with_second_factor(page, s.security, "ru")
    assert page.evaluate("document.documentElement.lang") == "ru"

    page.goto("/ru/intelligence/new/")
    page.fill("#id_content", "Во время прогулки призывал двоих осуждённых вступить в группу.")
    page.fill("#id_submitter_assessment", "Говорил открыто; его слушали.")
    page.select_option("#id_subject-0-kind", "in_custody")
    page.fill("#id_subject-0-prisoner_number", person.number)
    page.fill("#id_subject-0-role", "вербовщик")
    page.select_option("#id_subject-1-kind", "group")
    page.fill("#id_subject-1-name", "Кружок по изучению")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.click("#save-report")
    report = IntelligenceReport.objects.get()
    page.wait_for_url(f"**/ru/intelligence/mine/{report.pk}/")
    assert report.subjects.count() == 2 and report.status == "submitted"

    page.locator(f"a[href='/ru/intelligence/{report.pk}/']").first.click()
    page.wait_for_url(f"**/ru/intelligence/{report.pk}/")
    assert page.locator("#grade-form input[type=radio]").count() == 15  # 5x5x5: five values on each scale
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.check("#id_grade-source_grade_1")  # B
    page.check("#id_grade-information_grade_1")  # 2
    page.check("#id_grade-handling_code_1")  # 2
    page.fill("#id_grade-assessment", "Подтверждается наблюдениями отряда.")
    page.click("#grade-report")
    page.wait_for_url(f"**/ru/intelligence/{report.pk}/")
    assert page.locator("#grading-values").get_attribute("data-grading") == "B22"
    assert page.locator("#reliable").is_visible() and page.locator("#graded-by-submitter").is_visible()
    assert "Подтверждается наблюдениями" in page.locator("#assessment").inner_text()
    report.refresh_from_db()
    assert (report.status, report.graded_by_id, report.handling_code) == ("graded", s.security.pk, "2")
    assert ReassessmentTrigger.objects.filter(prisoner=person, event="reliable_intelligence").exists()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
