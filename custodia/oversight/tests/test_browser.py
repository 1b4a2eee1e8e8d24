"""Classification oversight in a real Chromium: the director of a prison with one decision in
force, whose level the case manager changed from the computed one, sees it counted and both
charts drawn."""

import pytest

from custodia.classification.tests.factories import approved, world
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import PrisonServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_sees_the_figures_and_the_charts_drawn(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    w = world(make_staff)
    approved(w, "medium")  # the system computes the lowest level: the case manager proposed another
    sign_in_through_form(page, w.director.username)
    page.goto("/en/statistics/classification/")
    assert page.locator("#figure-approved").inner_text() == "1"
    assert page.locator("#figure-overridden").inner_text() == "1"
    drawn = "(c) => window.Chart && window.Chart.getChart(c)"
    assert page.evaluate(f"() => [...document.querySelectorAll('canvas[data-chart]')].every({drawn})")
