"""The main path of a reception officer, in a real Chromium: sign in, admit a person through
the step-by-step form, find them by name."""

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_step(page) -> None:
    page.get_by_role("button", name="Next").click()


def test_admit_and_find_by_name(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    cell = CellFactory(unit__prison__name="Gulu Main Prison", label="B4")
    make_staff("reception", roles.RECEPTION, prisons=[cell.unit.prison])
    sign_in_through_form(page, "reception")

    page.get_by_role("link", name="Admission", exact=True).click()
    page.fill("#id_identity-given_names", "Grace")
    page.fill("#id_identity-family_name", "Lakot")
    page.select_option("#id_identity-sex", "female")
    page.fill("#id_identity-date_of_birth", "1994-03-12")
    page.select_option("#id_identity-nationality", "UG")
    page.fill("#id_identity-languages", "Acholi, English")
    next_step(page)

    page.fill("#id_names-0-given_names", "Akello")
    next_step(page)

    admitted = timezone.localtime() - timezone.timedelta(hours=1)
    page.select_option("#id_commitment-prison", label="Gulu Main Prison")
    page.fill("#id_commitment-admitted_at", admitted.strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_commitment-legal_status", "pre_trial")
    page.fill("#id_commitment-authority", "Chief Magistrate, Gulu")
    page.fill("#id_commitment-reference", "GU/CR/118/2026")
    page.fill("#id_commitment-order_date", admitted.strftime("%Y-%m-%d"))
    page.fill("#id_commitment-reasons", "Remanded pending trial")
    next_step(page)

    # Court case: a court without a case number is explained on the field, in place.
    page.fill("#id_legal-court", "High Court, Gulu")
    next_step(page)
    assert (
        page.locator(".invalid-feedback").first.inner_text() == "Give both the court and the case number, or neither."
    )
    page.fill("#id_legal-case_number", "HCT-02-CR-0118")
    next_step(page)

    page.select_option("#id_offences-0-iccs_code", "09061")
    page.fill("#id_offences-0-national_wording", "Belonging to a terrorist organisation, s.11 Anti-Terrorism Act")
    next_step(page)
    page.fill("#id_health-ill_treatment_complaint", "States she was beaten during questioning")
    next_step(page)
    page.fill("#id_property-0-description", "Mobile telephone")
    next_step(page)
    page.fill("#id_family-0-name", "Joel")
    page.select_option("#id_family-0-relationship", "child")
    page.fill("#id_family-0-birth_year", "2019")
    page.fill("#id_family-0-whereabouts", "Gulu, with his grandmother")
    next_step(page)

    page.select_option("#id_placement-cell", str(cell.pk))
    assert "Grace Lakot" in page.locator(".card").inner_text()
    page.get_by_role("button", name="Confirm the admission").click()

    page.wait_for_url("**/prisoners/*/")
    assert "Grace Lakot admitted with number UPS/" in page.locator(".alert-success").inner_text()
    # The complaint is for the director: reception staff see the file without the health section.
    assert page.locator(".alert-danger").count() == 0
    assert page.locator(".withheld").count() >= 1

    page.fill("input[name=q][type=search]", "lakot")
    page.keyboard.press("Enter")
    page.wait_for_url("**/prisoners/?q=lakot")
    row = page.locator("tbody tr").first
    assert "Grace Lakot" in row.inner_text() and "Gulu Main Prison" in row.inner_text()
    row.get_by_role("link", name="Grace Lakot").click()
    assert "HCT-02-CR-0118" in page.content()


def test_language_switch_to_arabic_turns_the_layout_right_to_left(page, make_staff):
    make_staff("wing", roles.WING, prisons=[CellFactory().unit.prison])
    sign_in_through_form(page, "wing")
    page.select_option("#language", "ar")
    page.wait_for_url("**/ar/prisoners/")
    assert page.locator("html").get_attribute("dir") == "rtl"
