"""The admission wizard as an officer fills it in a real Chromium: the steps the browser tests
(test_browser.py, test_browser_admission.py) go through the same way, so that a change to a step's
fields is made once."""

from datetime import timedelta

from django.utils import timezone


def next_step(page) -> None:
    page.get_by_role("button", name="Next").click()


def heading(page) -> str:
    return page.locator("#step-heading").inner_text()


def fill_identity(page, given: str, family: str, sex: str, born: str, languages: str = "") -> None:
    page.fill("#id_identity-given_names", given)
    page.fill("#id_identity-family_name", family)
    page.select_option("#id_identity-sex", sex)
    page.fill("#id_identity-date_of_birth", born)
    page.select_option("#id_identity-nationality", "UG")
    page.fill("#id_identity-languages", languages)
    next_step(page)


def fill_commitment(page, prison_name: str) -> None:
    """Remanded pending trial an hour ago, by a magistrate's order of the same day."""
    admitted = timezone.localtime() - timedelta(hours=1)
    page.select_option("#id_commitment-prison", label=prison_name)
    page.fill("#id_commitment-admitted_at", admitted.strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_commitment-legal_status", "pre_trial")
    page.fill("#id_commitment-authority", "Chief Magistrate, Gulu")
    page.fill("#id_commitment-reference", "GU/CR/118/2026")
    page.fill("#id_commitment-order_date", admitted.strftime("%Y-%m-%d"))
    page.fill("#id_commitment-reasons", "Remanded pending trial")
    next_step(page)


def fill_property_and_family(page) -> None:
    """A telephone handed in and a child outside, then on to the placement step."""
    page.fill("#id_property-0-description", "Mobile telephone")
    next_step(page)
    page.fill("#id_family-0-name", "Joel")
    page.select_option("#id_family-0-relationship", "child")
    page.fill("#id_family-0-birth_year", "2019")
    page.fill("#id_family-0-whereabouts", "Gulu, with his grandmother")
    next_step(page)
