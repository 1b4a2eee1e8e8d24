"""A move requested ahead, in a real Chromium (issue 11): the wing asks for a cell move from the file,
finds it on its home page and in the list behind the count, and recording the movement from the
plan carries the plan out."""

import re

import pytest

from custodia.accounts import roles
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import CellFactory
from custodia.register.choices import PlannedMoveStatus
from custodia.register.models import PlannedMove, Prisoner
from custodia.register.tests.factories import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT = "Cell moves requested"


def count_on_home(page) -> int:
    page.goto("/en/")
    link = page.get_by_role("link", name=re.compile(COUNT))
    return int(link.locator(".fs-3").inner_text())


def test_the_wing_requests_a_cell_move_and_records_it_from_the_plan(page, make_staff):
    cell = CellFactory(label="A1")
    quieter = CellFactory(unit=cell.unit, label="A2")
    person = admit(cell=cell, sex="male", given_names="Moses")
    wing = make_staff("wing-browser", roles.WING, prisons=[cell.unit.prison])
    sign_in_through_form(page, wing.username)
    assert count_on_home(page) == 0

    page.goto(f"/en/prisoners/{person.pk}/")
    page.get_by_role("link", name="Request a move").click()
    page.select_option("#id_kind", "cell_move")
    # Only the fields of a cell move are shown: the prison of a transfer is hidden.
    assert page.locator("#id_to_cell").is_visible() and not page.locator("#id_to_prison").is_visible()
    page.select_option("#id_to_cell", str(quieter.pk))
    page.fill("#id_reason", "A quarrel in the cell")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/en/prisoners/{person.pk}/")
    assert "A quarrel in the cell" in page.locator("#planned-moves").inner_text()

    assert count_on_home(page) == 1
    page.get_by_role("link", name=re.compile(COUNT)).click()
    page.wait_for_url("**/en/prisoners/moves/planned/?direction=within")
    rows = page.locator("#planned-moves tbody tr")
    assert rows.count() == 1 and person.number in rows.first.inner_text()

    rows.first.get_by_role("link", name="Record this move").click()
    page.wait_for_url(f"**/en/prisoners/{person.pk}/movements/new/?*")
    assert page.input_value("#id_kind") == "cell_move" and page.input_value("#id_to_cell") == str(quieter.pk)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/en/prisoners/{person.pk}/")

    move = PlannedMove.objects.get()
    assert move.status == PlannedMoveStatus.CARRIED_OUT and move.movement.to_cell == quieter
    assert Prisoner.objects.get(pk=person.pk).current_cell == quieter
    assert "None requested" in page.locator("#planned-moves").inner_text()
    assert count_on_home(page) == 0
