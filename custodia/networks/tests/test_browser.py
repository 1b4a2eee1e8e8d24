"""A network in a real Chromium, in Arabic (right to left): the director opens a man's network
from his file, sees it drawn and as a table, and keeps only the cell-mates. Asserted on ids and
values, not on words."""

import pytest

from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_through_form

from .world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_reads_a_network_in_arabic(page, make_staff):
    world = build(make_staff)
    sign_in_through_form(page, world.director.username, "ar")
    page.goto(f"/ar/prisoners/{world.vep.pk}/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.click("#open-network")
    page.wait_for_selector("#network-graph[data-drawn]")
    # The drawing holds everyone the table names.
    drawn = int(page.get_attribute("#network-graph", "data-drawn"))
    assert drawn == len(
        {
            world.vep.pk,
            world.co_defendant.pk,
            world.cell_mate.pk,
            world.in_incident.pk,
            world.in_report.pk,
            world.kept_apart.pk,
            world.same_visitor.pk,
            world.second_step.pk,
        }
    )
    assert page.locator("#network-links tbody tr").count() == 7
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    # No box ticked draws every kind; ticking one keeps only its links.
    page.check("#network-choice input[value=cell_mate]")
    page.click("#network-choice button[type=submit]")
    page.wait_for_url("**kinds=cell_mate**")
    rows = page.locator("#network-links tbody tr")
    assert rows.count() == 1 and rows.first.get_attribute("data-kind") == "cell_mate"
    assert world.cell_mate.number in rows.first.inner_text()
