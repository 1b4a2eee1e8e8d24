"""The main path of a reception officer, in a real Chromium: sign in, admit a person through
the step-by-step form, find them by name; the list's filters update it in place."""

import re

import pytest
from playwright.sync_api import expect

from custodia.accounts import roles
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory
from custodia.register.tests.admission_pages import (
    fill_commitment,
    fill_identity,
    fill_property_and_family,
    next_step,
)
from custodia.register.tests.factories import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admit_and_find_by_name(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    cell = CellFactory(unit__prison__name="Gulu Main Prison", label="B4")
    make_staff("reception", roles.RECEPTION, prisons=[cell.unit.prison])
    sign_in_through_form(page, "reception")

    page.get_by_role("link", name="Admission", exact=True).click()
    fill_identity(page, "Grace", "Lakot", "female", "1994-03-12", languages="Acholi, English")

    page.fill("#id_names-0-given_names", "Akello")
    next_step(page)

    fill_commitment(page, "Gulu Main Prison")

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
    fill_property_and_family(page)

    page.check(f"#id_placement-cell_{cell.pk}")
    next_step(page)
    assert "Lakot" in page.locator("#summary-identity").inner_text()
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
    # The list and the file share nothing in their address but the path, so wait for the file's
    # own content rather than reading the page in the middle of its navigation.
    expect(page.locator("main")).to_contain_text("HCT-02-CR-0118")


def test_language_switch_to_arabic_turns_the_layout_right_to_left(page, make_staff):
    make_staff("wing", roles.WING, prisons=[CellFactory().unit.prison])
    sign_in_through_form(page, "wing")
    page.select_option("#language", "ar")
    page.wait_for_url("**/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"


def rows_shown(page) -> list[str]:
    return page.locator("#prisoner-results tbody tr").all_inner_texts()


def test_filters_update_the_list_in_place(page, make_staff):
    """htmx brings the table up to date as the officer types, and the address with it; nothing of
    the list is kept in the browser's storage, and back reloads the list from the server."""
    cell = CellFactory()
    officer = make_staff("reception", roles.RECEPTION, prisons=[cell.unit.prison])
    admit(actor=officer, cell=cell, given_names="Grace", family_name="Lakot")
    admit(actor=officer, cell=cell, given_names="Amina", family_name="Okello")
    sign_in_through_form(page, "reception")
    page.goto("/en/prisoners/")
    errors: list[str] = []  # a Content Security Policy violation among them
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.evaluate("() => { window.notReloaded = true }")

    page.fill("#id_q", "lakot")
    page.wait_for_url(re.compile(r"/prisoners/\?q=lakot&"))  # the address names the filters, as a form's would
    page.wait_for_function("() => document.querySelectorAll('#prisoner-results tbody tr').length === 1")
    assert "Grace Lakot" in rows_shown(page)[0]
    assert page.locator("#prisoner-count").inner_text() == "1 person found"
    assert page.evaluate("() => window.notReloaded === true && sessionStorage.getItem('htmx-history-cache') === null")

    page.go_back()
    page.wait_for_function("() => window.notReloaded === undefined")
    assert len(rows_shown(page)) == 2
    assert not errors, errors
