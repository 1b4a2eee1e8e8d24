"""The UN-CTS page in a real Chromium: a director of a prison with people of every category sees
the figures with their definitions and the trends drawn; no serious axe-core violation in English
or Arabic, and no sideways scrolling on a 390 px telephone or a 1366 px laptop in Russian or Arabic."""

import pytest
from django.urls import reverse
from django.utils import translation

from custodia.accounts import roles
from custodia.core.tests.browser import SERIOUS, axe_violations, describe_violations, sign_in_through_form
from custodia.estate.tests.factories import PrisonFactory, PrisonServiceFactory
from custodia.register import services
from custodia.register.choices import LegalStatus, OffenceStatus
from custodia.register.tests.factories import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def director(make_staff):
    PrisonServiceFactory(profile="uganda")
    prison = PrisonFactory(name="Luzira Upper Prison", official_capacity=3)
    admit(prison=prison, nationality="UG", offences=[services.OffenceData("09061", "Terrorism")])
    admit(
        prison=prison,
        nationality="KE",
        legal_status=LegalStatus.CONVICTED,
        offences=[services.OffenceData("0401", "Robbery", status=OffenceStatus.CONVICTED)],
    )
    return make_staff("uncts-director", roles.DIRECTOR, prisons=[prison])


def test_the_director_sees_the_figures_and_the_trends_drawn(page, director):
    sign_in_through_form(page, director.username)
    page.goto(reverse("oversight:uncts"))
    assert "Reference date: today" in page.locator("#reference-date").inner_text()
    assert page.locator("#table-uncts-legal-status").inner_text().count("1") >= 2
    drawn = "(c) => window.Chart && window.Chart.getChart(c)"
    assert page.evaluate(f"() => [...document.querySelectorAll('canvas[data-chart]')].every({drawn})")
    assert page.locator("canvas[data-chart=chart-trend-occupancy]").count() == 1


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_serious_violation(page, director, language):
    sign_in_through_form(page, director.username, language)
    with translation.override(language):
        page.goto(reverse("oversight:uncts"))
    found = axe_violations(page, impacts=SERIOUS)
    assert not found, describe_violations(found)


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_no_sideways_scrolling(page, director, language):
    sign_in_through_form(page, director.username, language)
    wide = []
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        with translation.override(language):
            page.goto(reverse("oversight:uncts"))
        if (overflow := page.evaluate(OVERFLOW)) > 0:
            wide.append(f"{width} px: {overflow} px too wide")
    assert not wide, wide
