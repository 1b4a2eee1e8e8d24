"""Page width in a real Chromium: no main page scrolls sideways on a 1366 px laptop or a 390 px
telephone, in Russian (the longest words) or in Arabic (right to left). The menu folds behind its
button on the telephone and opens on a tap; wide tables scroll inside their own box."""

import pytest

from custodia.core.tests.browser import sign_in_through_form, sign_in_with_second_factor

from .main_pages import OFFICER, admission_to_confirm, headquarters_pages, main_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1366)
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def overflow_of(page, name: str, width: int) -> list[str]:
    """The page, if it scrolls sideways, and what reaches past the window's edge."""
    if (overflow := page.evaluate(OVERFLOW)) > 0:
        return [f"{name} at {width} px: {overflow} px too wide, {widest_elements(page)}"]
    return []


def widest_elements(page) -> list[str]:
    """The elements that reach past the window's edge, for a person to fix (the deepest first)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 1 || r.left < -1; })
            .filter(e => !e.closest('.table-responsive') && !e.closest('.visually-hidden, .visually-hidden-focusable'))
            .reverse().slice(0, 3)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'))"""
    )


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_no_main_page_scrolls_sideways(page, make_staff, language):
    pages = main_pages(make_staff)
    sign_in_through_form(page, OFFICER, language)
    wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.paths(language).items():
            page.goto(path)
            wide.extend(overflow_of(page, name, width))

        # Every step of the wizard, the table of cells included.
        def check(step: str, width: int = width) -> None:
            wide.extend(overflow_of(page, f"admission, {step}", width))

        admission_to_confirm(page, language, pages.prison, on_step=check)
    assert not wide, f"pages that scroll sideways in {language}:\n" + "\n".join(wide)


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_no_headquarters_page_scrolls_sideways(page, make_staff, language):
    user, paths = headquarters_pages(make_staff)
    sign_in_with_second_factor(page, user, language)
    wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in paths(language).items():
            page.goto(path)
            wide.extend(overflow_of(page, name, width))
    assert not wide, f"pages that scroll sideways in {language}:\n" + "\n".join(wide)


def test_the_menu_folds_on_a_telephone_and_opens_on_a_tap(page, make_staff):
    main_pages(make_staff)
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in_through_form(page, OFFICER, "ru")
    menu, toggle = page.locator("#main-menu"), page.locator("[data-menu-toggle]")
    assert not menu.is_visible() and toggle.get_attribute("aria-expanded") == "false"

    toggle.click()
    assert menu.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    page.locator("#main-menu a[href='/ru/prisoners/']").click()
    page.wait_for_url("**/ru/prisoners/")

    page.set_viewport_size({"width": 1366, "height": 800})
    assert page.locator("#main-menu").is_visible() and not page.locator("[data-menu-toggle]").is_visible()
