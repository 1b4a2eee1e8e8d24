"""The admission wizard's identity step in a real Chromium (issue 11): an Arabic name recorded as
Latin is refused on the script field, naming the script of its letters; left to be detected, the
script is filled in and the admission goes on."""

import pytest

from custodia.accounts import roles
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory
from custodia.register.tests.admission_pages import fill_identity, heading, next_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_arabic_name_recorded_as_latin_is_refused_and_detected_once_left_to_the_system(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    cell = CellFactory(unit__prison__name="Gulu Main Prison")
    make_staff("reception", roles.RECEPTION, prisons=[cell.unit.prison])
    sign_in_through_form(page, "reception")

    page.get_by_role("link", name="Admission", exact=True).click()
    page.select_option("#id_identity-script", "Latn")
    fill_identity(page, "محمد", "الطرابلسي", "male", "1990-05-01")

    assert heading(page).startswith("Step 1 of")
    assert "The letters of this name are not Latin but Arabic" in page.locator("[data-error-summary]").inner_text()
    assert page.locator("#id_identity-given_names").input_value() == "محمد"

    page.select_option("#id_identity-script", "")
    next_step(page)
    assert heading(page).startswith("Step 2 of")
