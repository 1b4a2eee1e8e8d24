"""Browser tests: Debian's Chromium driven by Playwright against the live server.

A pytest plugin (the root conftest registers it): the `browser` (one per test process, so one per
xdist worker, each with its own live server), a `page` per test and `new_page()` for a second
member of staff with cookies of their own. `sign_in_through_form` signs in as a person does, with
the password on the sign-in form; the root conftest's `sign_in` fixture is the other meaning, a
test client already signed in with the second factor given.
"""

import os
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a-long-test-password"
"""The password the root conftest's make_staff gives every member of staff."""
IN_CI = os.environ.get("CI") == "true"


AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, installed from the npm registry with the front-end packages (package.json, make setup)."""
SERIOUS = ("serious", "critical")


@cache
def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make setup` installs axe-core from package.json")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: "Page", impacts: tuple[str, ...] = SERIOUS) -> list[dict[str, Any]]:
    """What axe-core finds wrong on the page as it stands, of the impacts asked for (serious and
    critical by default). axe is evaluated through the browser's debugging protocol, which the
    Content Security Policy does not govern: the pages forbid inline and injected scripts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in results["violations"] if violation["impact"] in impacts]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """A failed check's message: each rule, its help and the elements it found, for a person to fix."""
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(
            f"    {node['target']} {node['failureSummary'].splitlines()[-1].strip()}" for node in violation["nodes"]
        )
        for violation in violations
    )


def sign_in_through_form(page: "Page", username: str, language: str = "en") -> None:
    """Signs in on the sign-in page in `language` and waits for the home page it leads to."""
    page.goto(f"/{language}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/{language}/")


def sign_in_with_second_factor(page: "Page", user: Any, language: str = "en") -> None:
    """Signs in a user whose role needs two-factor sign-in: the password, then a code from a TOTP
    device made for them here, as their authenticator application would show it."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"/{language}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{language}/")


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
