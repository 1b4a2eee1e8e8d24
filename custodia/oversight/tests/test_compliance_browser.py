"""The compliance page in a real Chromium: headquarters see the scores of every prison and the
trend drawn from three days of snapshots; the director follows a count to the people concerned; no
serious axe-core violation and no sideways scrolling on a 390 px telephone or a 1366 px laptop, in
Russian (the longest words) and in Arabic (right to left)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from custodia.accounts import roles
from custodia.core.tests.browser import (
    SERIOUS,
    axe_violations,
    describe_violations,
    sign_in_through_form,
    sign_in_with_second_factor,
)
from custodia.estate.tests.factories import PrisonFactory, PrisonServiceFactory
from custodia.oversight.services import compliance_snapshot_record
from custodia.register.choices import Sex
from custodia.register.tests.factories import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
ADMISSION = "rule-7-admission"


@pytest.fixture
def world(make_staff):
    PrisonServiceFactory(profile="uganda")
    luzira = PrisonFactory(name="Luzira Upper Prison", official_capacity=2)
    others = [PrisonFactory(name=f"Prison of the district number {n}", official_capacity=5) for n in range(4)]
    for prison in [luzira, luzira, luzira, *others]:
        admit(prison=prison, sex=Sex.MALE, given_names="Mukasa", family_name="Ssebunya")
    today = timezone.localdate()
    for days in (2, 1, 0):
        compliance_snapshot_record(today=today - timedelta(days=days))
    director = make_staff("compliance-director", roles.DIRECTOR, prisons=[luzira])
    hq = make_staff("compliance-hq", roles.HQ_STATISTICS, roles.HQ_VEP, nationwide=True)
    return {"luzira": luzira, "director": director, "hq": hq}


def paths(world, language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "compliance": reverse("oversight:compliance"),
            "people concerned": reverse("oversight:compliance_people", args=[ADMISSION, world["luzira"].pk]),
        }


def test_headquarters_see_the_trend_drawn(page, world):
    sign_in_with_second_factor(page, world["hq"])
    page.goto(reverse("oversight:compliance"))
    assert page.locator("#table-compliance thead th").count() == 2 + 5 + 1  # rule, check, 5 prisons, total
    drawn = "(c) => window.Chart && window.Chart.getChart(c)"
    assert page.evaluate(f"() => [...document.querySelectorAll('canvas[data-chart]')].every({drawn})")
    assert page.evaluate("() => Chart.getChart(document.querySelector('canvas')).data.labels.length") == 3
    page.locator("#trend summary").click()
    assert page.locator("#table-compliance-trend tbody tr").count() == 3


def test_the_director_follows_a_count_to_the_people(page, world):
    sign_in_through_form(page, world["director"].username)
    page.goto(reverse("oversight:compliance"))
    page.locator(f"#check-{ADMISSION} a").first.click()
    page.wait_for_url(f"**/statistics/compliance/{ADMISSION}/{world['luzira'].pk}/")
    assert page.locator("#compliance-people tbody tr").count() == 3


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_no_serious_violation_and_no_sideways_scrolling(page, world, language):
    found, wide = {}, []
    for who in ("director", "hq"):
        if who == "hq":
            page.context.clear_cookies()
            sign_in_with_second_factor(page, world["hq"], language)
        else:
            sign_in_through_form(page, world["director"].username, language)
        for name, path in paths(world, language).items():
            for width in (390, 1366):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(path)
                if (overflow := page.evaluate(OVERFLOW)) > 0:
                    wide.append(f"{who}, {name} at {width} px: {overflow} px too wide")
            found[f"{who}, {name}"] = axe_violations(page, impacts=SERIOUS)
    report = "\n".join(f"{name} ({language}):\n{describe_violations(v)}" for name, v in found.items() if v)
    assert not report, report
    assert not wide, wide
