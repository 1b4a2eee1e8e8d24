"""Classification in a real Chromium: a case manager proposes from the file, with the computed
level and every reason in front of them; the director signs in and approves the classification;
the file and the reviews list show it (the oversight chart: oversight/tests/test_browser.py)."""

import pytest

from custodia.classification.models import ClassificationDecision
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import PrisonServiceFactory

from .factories import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_manager_proposes_and_the_director_approves_in_the_browser(page, new_page, make_staff):
    PrisonServiceFactory(profile="uganda")
    w = world(make_staff, given_names="Okot", family_name="Odongo")
    w.assessment("general_screening", value=2)  # escape risk and violence in custody rated 2

    # The case manager reads the computed proposal and its reasons on the file, then proposes.
    sign_in_through_form(page, w.case_manager.username)
    page.goto(f"/en/prisoners/{w.prisoner.pk}/#classification")
    section = page.locator("#classification")
    assert section.locator("#computed-level").inner_text() == "Maximum security class"
    reasons = section.locator("#computed-reasons .reason")
    assert reasons.filter(has_text="Clear indicators of escape risk in the general screening").count() == 1
    assert "Not classified yet" in section.locator("#level-in-force").inner_text()
    section.locator("#propose-classification").click()
    page.wait_for_url(f"**/en/classification/propose/{w.prisoner.pk}/")
    assert page.locator("#computed-level").inner_text() == "Maximum security class"
    assert page.input_value("#id_proposed_level") == "maximum"
    # Another level without a reason is refused on the field, and what was typed is kept.
    page.select_option("#id_proposed_level", "medium")
    page.fill("#id_rationale", "Escape attempt in 2019; calm on the wing for two years.")
    page.locator("#proposal-form button[type=submit]").click()
    assert "say why you propose another level" in page.locator("#proposal-form").inner_text()
    assert page.input_value("#id_rationale").startswith("Escape attempt in 2019")
    page.fill("#id_override_reason", "The escape indicators date from 2019; two years without incident since.")
    page.locator("#proposal-form button[type=submit]").click()
    page.wait_for_url("**/en/classification/*/")
    assert page.locator("#status").inner_text() == "Proposed, awaiting approval"
    decision = ClassificationDecision.objects.get()
    assert (decision.computed_level, decision.proposed_level) == ("maximum", "medium")

    # The director signs in, finds the proposal on the file and approves it.
    director = new_page()
    sign_in_through_form(director, w.director.username)
    director.goto(f"/en/prisoners/{w.prisoner.pk}/#classification")
    director.locator("#open-decision a").click()
    director.wait_for_url(f"**/en/classification/{decision.pk}/")
    assert director.locator("#computed-level").inner_text() == "Maximum security class"
    assert director.locator("#proposed-level").inner_text() == "Medium security class"
    assert "two years without incident" in director.locator("#override-reason").inner_text()
    assert director.input_value("#id_level") == "medium"
    director.locator("#approve-form button[type=submit]").click()
    director.wait_for_url(f"**/en/classification/{decision.pk}/")
    assert director.locator(".alert-success").inner_text().strip() == "Decided: the classification is in force."
    assert director.locator("#status").inner_text() == "Approved"
    assert director.locator("#approved-level").inner_text() == "Medium security class"
    decision.refresh_from_db()
    assert decision.status == "approved" and decision.decided_by == w.director and decision.approved_level == "medium"

    # The file shows the level in force and its next review; the reviews list counts it.
    director.goto(f"/en/prisoners/{w.prisoner.pk}/#classification")
    assert "Medium security class" in director.locator("#level-in-force").inner_text()
    assert director.locator("#next-review time").get_attribute("datetime") == decision.next_review_on.isoformat()
    director.goto("/en/classification/reviews/")
    assert "Okot Odongo" in director.locator("#reviews tbody").inner_text()
