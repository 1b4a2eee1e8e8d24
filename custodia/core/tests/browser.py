"""Browser tests: Debian's Chromium driven by Playwright against the live server.

A pytest plugin (the root conftest registers it): the `browser` (one per test process, so one per
xdist worker, each with its own live server), a `page` per test and `new_page()` for a second
member of staff with cookies of their own. `sign_in_through_form` signs in as a person does, with
the password on the sign-in form; the root conftest's `sign_in` fixture is the other meaning, a
test client already signed in with the second factor given.
"""

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a-long-test-password"
"""The password the root conftest's make_staff gives every member of staff."""
IN_CI = os.environ.get("CI") == "true"


def sign_in_through_form(page: "Page", username: str, language: str = "en") -> None:
    """Signs in on the sign-in page in `language` and waits for the list of people it leads to."""
    page.goto(f"/{language}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/{language}/prisoners/")


@pytest.fixture(scope="session")
def browser() -> Iterator["Browser"]:
    """Debian's Chromium driven by Playwright (its own browser download cannot work offline)."""
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: CI must install the chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the live server's database
    # work happens in its own thread, so Django's async-safety guard does not apply here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: "Browser", live_server: "LiveServer") -> Iterator[Callable[[], "Page"]]:
    """new_page() -> a browser session of its own (its own cookies) on the live server."""
    contexts = []

    def make() -> "Page":
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], "Page"]) -> "Page":
    return new_page()
