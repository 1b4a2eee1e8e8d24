"""The file at a glance in a real Chromium: a wing officer records a person's photograph from the
file, sees it at the top of the file and beside the name in the list; the side menu folds above
the file on a telephone; printed, the file carries the person's name and number and no menu."""

import pytest

from custodia.accounts import roles
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory
from custodia.register.tests.factories import admit
from custodia.register.tests.pictures import picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def natural_width(page, selector: str) -> int:
    """The width of the picture the browser decoded: 0 when the image did not load."""
    locator = page.locator(selector)
    locator.scroll_into_view_if_needed()
    page.wait_for_function("element => element.complete", arg=locator.element_handle())
    return locator.evaluate("element => element.naturalWidth")


def test_an_officer_records_a_photograph_and_sees_it_on_the_file_and_in_the_list(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    cell = CellFactory(unit__prison__name="Gulu Main Prison")
    person = admit(cell=cell, given_names="Grace", family_name="Lakot")
    admit(cell=cell, given_names="Ruth", family_name="Akello")  # no photograph: no picture in her row
    make_staff("wing", roles.WING, prisons=[cell.unit.prison])
    sign_in_through_form(page, "wing")

    page.goto(f"/en/prisoners/{person.pk}/")
    assert page.locator("#file-photograph-missing").inner_text() == "No photograph"
    page.locator("#file-actions").get_by_role("link", name="Record a photograph").click()
    page.set_input_files(
        "#id_image", files=[{"name": "grace.jpg", "mimeType": "image/jpeg", "buffer": picture(1200, 1600)}]
    )
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(f"**/en/prisoners/{person.pk}/")
    assert page.locator(".alert-success").inner_text() == "Photograph recorded."
    photograph = page.get_by_role("img", name="Photograph of Grace Lakot")
    assert photograph.get_attribute("id") == "file-photograph"
    assert natural_width(page, "#file-photograph") == 600  # 1200 × 1600 kept at 600 × 800
    assert "Taken on" in page.locator("#glance figcaption").inner_text()

    page.goto("/en/prisoners/")
    rows = page.locator("tbody tr")
    grace = rows.filter(has_text="Grace Lakot")
    assert grace.get_by_role("img", name="Photograph of Grace Lakot").count() == 1
    assert natural_width(page, "tbody tr img.list-photograph") == 72  # the thumbnail, 72 × 96
    assert rows.filter(has_text="Ruth Akello").locator("img").count() == 0


def test_the_side_menu_folds_on_a_telephone_and_the_printed_file_names_the_person(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    cell = CellFactory()
    person = admit(cell=cell, given_names="Grace", family_name="Lakot")
    make_staff("wing", roles.WING, prisons=[cell.unit.prison])
    sign_in_through_form(page, "wing")

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"/en/prisoners/{person.pk}/")
    menu, toggle = page.locator("#file-menu"), page.get_by_role("button", name="Sections of the file")
    assert not menu.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    # Folded, the menu sits above the file's sections, below its summary.
    assert toggle.bounding_box()["y"] < page.locator("#identity").bounding_box()["y"]
    toggle.click()
    assert menu.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    menu.get_by_role("link", name="Legal situation").click()
    page.wait_for_url("**#legal")

    page.set_viewport_size({"width": 1366, "height": 800})
    assert menu.is_visible() and not toggle.is_visible()
    # On a wide screen the menu stays in view down the file.
    page.locator("#readers").scroll_into_view_if_needed()
    assert 0 <= menu.bounding_box()["y"] < 100
    assert not page.locator("#print-running-header").is_visible()

    page.emulate_media(media="print")
    header = page.locator("#print-running-header")
    assert header.is_visible() and header.inner_text() == f"Grace Lakot · {person.number}"
    for hidden in ("nav.navbar", "#file-menu", "#file-actions", "#main-menu"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("#glance").is_visible() and page.locator("#identity").is_visible()
    # The head of the table that frames the file is what repeats on every printed page.
    assert page.locator(".print-frame").evaluate("table => getComputedStyle(table).display") == "table"
    assert header.evaluate("e => getComputedStyle(e.closest('thead')).display") == "table-header-group"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
