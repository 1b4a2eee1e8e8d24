"""The admission wizard in a real Chromium (issue 11): a refusal at Confirm brings the officer back
to the cell, with everything typed kept, and the admission completes once another cell is chosen;
a person already on file is shown before Confirm and readmitted on that file."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory
from custodia.register import services
from custodia.register.choices import LegalStatus, MovementKind, ReleaseReason, Sex
from custodia.register.models import Prisoner
from custodia.register.tests.admission_pages import (
    fill_commitment,
    fill_identity,
    fill_property_and_family,
    heading,
    next_step,
)
from custodia.register.tests.factories import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_from_commitment_to_family(page, prison_name: str) -> None:
    """The commitment (remanded), a court case, an offence, property and a child, then the placement step."""
    fill_commitment(page, prison_name)
    page.fill("#id_legal-court", "High Court, Gulu")
    page.fill("#id_legal-case_number", "HCT-02-CR-0118")
    next_step(page)
    page.select_option("#id_offences-0-iccs_code", "0401")
    page.fill("#id_offences-0-national_wording", "Robbery, s.285 Penal Code")
    next_step(page)
    page.fill("#id_health-visible_injuries", "Bruise on the left arm")
    next_step(page)
    fill_property_and_family(page)


def test_a_refusal_at_confirm_is_fixed_on_the_cell_and_the_admission_completes(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    chosen = CellFactory(unit__prison__name="Gulu Main Prison", unit__name="Wing A", label="A1")
    taken_meanwhile = CellFactory(unit=chosen.unit, label="A2")
    other = CellFactory(unit__prison=chosen.unit.prison, unit__name="Wing B", label="B1")
    make_staff("reception", roles.RECEPTION, prisons=[chosen.unit.prison])
    sign_in_through_form(page, "reception")

    page.get_by_role("link", name="Admission", exact=True).click()
    fill_identity(page, "Grace", "Lakot", "female", "1994-03-12")
    next_step(page)  # no other name
    fill_from_commitment_to_family(page, "Gulu Main Prison")
    assert heading(page) == "Step 9 of 10: Placement"
    page.get_by_label("Wing A / A1").check()
    next_step(page)
    assert heading(page) == "Step 10 of 10: Check and confirm"
    assert "Robbery, s.285 Penal Code" in page.locator("#summary-offences").inner_text()

    # Meanwhile another officer places someone convicted in the same unit: Rule 11(b) refuses.
    admit(cell=taken_meanwhile, given_names="Sarah", family_name="Nakato", legal_status=LegalStatus.CONVICTED)
    page.get_by_role("button", name="Confirm the admission").click()

    assert heading(page) == "Step 9 of 10: Placement"
    summary = page.locator("[data-error-summary]")
    assert "Rule 11(b)" in summary.inner_text()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert page.get_by_role("button", name="Back").is_visible() and page.get_by_role("button", name="Next").is_visible()
    assert page.get_by_label("Wing A / A1").is_disabled()
    assert "Rule 11(b)" in page.locator(f'tr[data-cell="{chosen.pk}"]').inner_text()

    # The summary's link puts the focus in the cell list.
    summary.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.name") == "placement-cell"

    page.get_by_label("Wing B / B1").check()
    next_step(page)
    assert "Wing B / B1" in page.locator("#summary-placement").inner_text()
    assert "Mobile telephone" in page.locator("#summary-property").inner_text()
    page.get_by_role("button", name="Confirm the admission").click()

    page.wait_for_url("**/prisoners/*/")
    assert "Grace Lakot admitted with number" in page.locator(".alert-success").inner_text()
    grace = Prisoner.objects.get(display_name="Grace Lakot")
    assert grace.current_cell == other
    assert grace.offences.get().national_wording == "Robbery, s.285 Penal Code"
    assert grace.admissions.get().visible_injuries == "Bruise on the left arm"


def test_a_person_on_file_is_shown_before_confirm_and_readmitted_on_that_file(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    cell = CellFactory(unit__prison__name="Gulu Main Prison", unit__name="Wing A", label="A1")
    officer = make_staff("reception", roles.RECEPTION, prisons=[cell.unit.prison])
    kato = admit(
        actor=officer,
        cell=cell,
        given_names="Mohammed",
        family_name="Kato",
        sex=Sex.MALE,
        date_of_birth=date(1990, 5, 1),
        nationality="UG",
        admitted_at=timezone.now() - timedelta(days=60),
    )
    services.movement_record(
        actor=officer,
        prisoner=kato,
        data=services.MovementData(
            kind=MovementKind.RELEASE,
            occurred_at=timezone.now() - timedelta(days=30),
            release_reason=ReleaseReason.BAIL,
        ),
    )
    sign_in_through_form(page, "reception")

    page.get_by_role("link", name="Admission", exact=True).click()
    fill_identity(page, "Mohammed", "Kato", "male", "1990-05-01")
    assert heading(page) == "Step 2 of 11: Already on file?"
    row = page.locator(f'tr[data-prisoner="{kato.pk}"]')
    assert kato.number in row.inner_text() and "Released" in row.inner_text()

    # "Not the same person" needs a reason: refused on the field, with the summary on top.
    page.get_by_label("Not the same person as any of these").check()
    next_step(page)
    assert "Say why this is not the same person." in page.locator("[data-error-summary]").inner_text()
    assert heading(page) == "Step 2 of 11: Already on file?"

    page.get_by_label(f"This is a readmission of {kato.number}").check()
    next_step(page)
    next_step(page)  # no other name
    fill_from_commitment_to_family(page, "Gulu Main Prison")
    page.get_by_label("Wing A / A1").check()
    next_step(page)
    assert f"This is a readmission of {kato.number}" in page.locator("#summary-duplicates").inner_text()
    page.get_by_role("button", name="Confirm the admission").click()

    page.wait_for_url(f"**/prisoners/{kato.pk}/")
    assert f"Mohammed Kato readmitted on file {kato.number}." in page.locator(".alert-success").inner_text()
    assert Prisoner.objects.count() == 1
    kato.refresh_from_db()
    assert kato.custody_status == "in_custody" and kato.admissions.count() == 2
