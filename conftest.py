"""Test-wide fixtures. The suite runs on SQLite by default and on PostgreSQL when
DATABASE_URL is set (make test runs both). Under CI=true a missing PostgreSQL or Chromium
fails the run instead of skipping."""

import os

import pytest

IN_CI = os.environ.get("CI") == "true"


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


def pytest_sessionstart(session):
    """Under CI a PostgreSQL run that cannot reach its server must fail, not skip."""
    url = os.environ.get("DATABASE_URL", "")
    if IN_CI and url.startswith("postgres"):
        import psycopg

        try:
            psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=5).close()
        except psycopg.OperationalError as exc:
            pytest.exit(f"PostgreSQL is not reachable at {url}: {exc}", returncode=1)


def _make_staff(username: str, *roles: str, prisons=(), nationwide: bool = False):
    """A member of staff with roles (accounts.roles) working at prisons, or nationwide."""
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType

    from custodia.accounts.models import StaffAssignment
    from custodia.accounts.seeding import seed_roles

    # Transactional tests flush every table, the seeded roles included: put them back.
    seed_roles(Group, Permission, ContentType)

    user = User.objects.create_user(username, password="a-long-test-password")
    user.groups.set(Group.objects.filter(name__in=roles))
    assignment = StaffAssignment.objects.create(user=user, nationwide=nationwide)
    assignment.prisons.set(prisons)
    return user


@pytest.fixture
def staff_user(db):
    """A nationwide officer with every role that works with files: most tests are not about rights."""
    from custodia.accounts import roles

    return _make_staff("officer", *roles.FILE_READERS, roles.HQ_STATISTICS, nationwide=True)


@pytest.fixture
def make_staff(db):
    """make_staff(username, *roles, prisons=(), nationwide=False) -> user"""
    return _make_staff


def _sign_in(client, user):
    """Signs a user in on the test client as after a full sign-in, second factor included."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "test", "confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def sign_in(db):
    """sign_in(client, user): signed in with the second factor already given."""
    return _sign_in


@pytest.fixture
def staff_client(client, staff_user):
    return _sign_in(client, staff_user)


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request to /ar/ must not leak its language into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_profile():
    """Tests create and roll back prison services; the process-wide profile must follow."""
    from custodia.estate.selectors import forget_active_profile

    forget_active_profile()
    yield
    forget_active_profile()


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
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
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _no_checkpoint_file_of_the_machine(settings):
    """audit_verify reads the installation's checkpoint file (var/ by default): tests that want
    checkpoints give their own, so that one left on a developer's machine cannot fail them."""
    settings.AUDIT_CHECKPOINTS = ""
