"""A wing officer moves a person from the placement page, in French, in a real Chromium: a cell
that breaches Nelson Mandela Rule 11 shows the rule cited and offers no move; a fitting cell is
recorded."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from custodia.accounts import roles
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory, UnitFactory
from custodia.placement import rules

from .factories import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wing_officer_is_refused_a_breach_in_french_then_moves_the_person(page, make_staff):
    PrisonServiceFactory()
    remand_unit = UnitFactory(name="Bloc A")
    prison = remand_unit.prison
    prisoner = person(cell=CellFactory(unit=remand_unit, label="A1"), legal_status="pre_trial", given_names="Karim")
    fitting = CellFactory(unit=remand_unit, label="A2")
    convicted_unit = UnitFactory(prison=prison, name="Bloc B")
    breaching = CellFactory(unit=convicted_unit, label="B1")
    convicted = person(cell=breaching, given_names="Samir")
    make_staff("wing", roles.WING, prisons=[prison])
    with translation.override("fr"):
        rule = rules.rule_text("11b")
        refusal = gettext("Refused under %(rule)s: %(unit)s holds %(others)s.") % {
            "rule": rule,
            "unit": "Bloc B",
            "others": convicted.number,
        }
        moved = gettext("Moved to cell %(cell)s.") % {"cell": "Bloc A / A2"}

    sign_in_through_form(page, "wing", "fr")
    page.goto(f"/fr/prisoners/{prisoner.pk}/")
    page.locator(f'a[href="/fr/prisoners/{prisoner.pk}/placement/"]').click()
    page.wait_for_url(f"**/fr/prisoners/{prisoner.pk}/placement/")
    assert page.locator("html").get_attribute("lang") == "fr"
    # The breaching cell is listed last, with the refusal and the rule cited, and offers no move.
    breaching_row = page.locator(f'tr[data-cell="{breaching.pk}"]')
    assert refusal in breaching_row.inner_text() and convicted.number in breaching_row.inner_text()
    assert breaching_row.locator("button").count() == 0

    page.fill("#id_reason", "Cellule plus calme")
    page.locator(f'tr[data-cell="{fitting.pk}"] button[name=cell]').click()
    page.wait_for_url(f"**/fr/prisoners/{prisoner.pk}/")
    assert moved in page.locator(".alert-success").inner_text()
    prisoner.refresh_from_db()
    assert prisoner.current_cell == fitting
    assert prisoner.movements.last().reason == "Cellule plus calme"
