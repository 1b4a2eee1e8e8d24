"""The movement form in a real Chromium (issue 11): only the fields of the chosen movement are
shown, and a release is recorded only once the officer confirms it."""

import pytest

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import CellFactory
from custodia.register.choices import CustodyStatus
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shown(page, field: str) -> bool:
    return page.locator(f"#id_{field}").is_visible()


def test_the_fields_follow_the_movement_and_a_release_is_confirmed(page, make_staff):
    cell = CellFactory()
    person = admit(cell=cell)
    officer = make_staff("reception-browser", roles.RECEPTION, prisons=[cell.unit.prison])
    sign_in_through_form(page, officer.username)
    page.goto(f"/en/prisoners/{person.pk}/movements/new/")

    page.select_option("#id_kind", "cell_move")
    assert shown(page, "to_cell") and not shown(page, "to_prison")
    assert not shown(page, "release_reason") and not shown(page, "confirmed")
    page.select_option("#id_kind", "transfer")
    assert shown(page, "to_prison") and not shown(page, "to_cell")
    page.select_option("#id_kind", "death")
    assert shown(page, "death_circumstances") and shown(page, "confirmed") and not shown(page, "reason")

    # A release without the box ticked is refused, the choice kept and the fields still those of a release.
    page.select_option("#id_kind", "release")
    assert shown(page, "release_reason") and shown(page, "confirmed") and not shown(page, "death_circumstances")
    page.select_option("#id_release_reason", "bail")
    page.get_by_role("button", name="Save").click()
    assert "Confirm the movement: it ends the person's custody here." in page.locator("#for-confirmed").inner_text()
    assert page.input_value("#id_kind") == "release" and shown(page, "release_reason") and not shown(page, "to_cell")
    assert Prisoner.objects.get(pk=person.pk).custody_status == CustodyStatus.IN_CUSTODY

    page.check("#id_confirmed")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/en/prisoners/{person.pk}/")
    assert Prisoner.objects.get(pk=person.pk).custody_status == CustodyStatus.RELEASED
    event = AuditEvent.objects.get(action="movement.release")
    assert event.actor == officer and event.changes["confirmed"] == [None, True]
