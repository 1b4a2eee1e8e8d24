"""The statistics page shows each demo country's figures exactly (at a small scale here; the
same code builds scale 1.0 in `make bench`)."""

import re

import pytest
from django.urls import reverse

from custodia.demo.builder import build
from custodia.demo.scenarios import COUNTRIES, scaled

pytestmark = pytest.mark.django_db

SCALE = 0.01


def figure(html: str, element_id: str) -> int:
    match = re.search(rf'id="{element_id}">([^<]+)<', html)
    assert match, element_id
    return int(re.sub(r"\D", "", match.group(1)))


def row(html: str, table_id: str, code: str) -> int:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    match = re.search(rf'<tr data-code="{code}"><td>[^<]*</td><td class="text-end">([^<]+)</td>', table)
    assert match, (table_id, code)
    return int(re.sub(r"\D", "", match.group(1)))


@pytest.mark.parametrize("country", COUNTRIES)
def test_statistics_page_shows_the_scenario(staff_client, country):
    build(country=country, scale=SCALE)
    expected = scaled(country, SCALE)
    html = staff_client.get(reverse("oversight:statistics")).content.decode()
    assert figure(html, "figure-population") == expected.population
    assert figure(html, "figure-prisons") == expected.prisons
    assert figure(html, "figure-occupancy") == round(100 * expected.population / expected.capacity)
    assert figure(html, "figure-vep") == expected.vep_on_roll
    assert row(html, "table-legal-status", "pre_trial") == expected.pre_trial
    assert row(html, "table-legal-status", "convicted") == expected.convicted
    assert row(html, "table-terrorism-convicted", "open") == expected.vep_semi_open
    assert row(html, "table-terrorism-convicted", "closed") == expected.vep_convicted - expected.vep_semi_open
    assert row(html, "table-terrorism-convicted", "probation") == expected.vep_probation
    if expected.returnees:
        assert row(html, "table-returnees", "male") == expected.returnees_men
        assert row(html, "table-returnees", "female") == expected.returnees_women
