"""Test-wide fixtures. The suite runs on SQLite by default and on PostgreSQL when
DATABASE_URL is set (make test runs both, each over two xdist workers: every worker has a
database of its own, in memory on SQLite, test_<name>_gw<n> on PostgreSQL). Under CI=true a
missing PostgreSQL or Chromium fails the run instead of skipping. The browser fixtures are in the
plugin custodia.core.tests.browser."""

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.test import Client
    from pytest_django.fixtures import Settings

    from custodia.estate.models import Prison

pytest_plugins = ["custodia.core.tests.browser", "custodia.placement.tests.fixtures"]

IN_CI = os.environ.get("CI") == "true"


def pytest_configure(config: pytest.Config) -> None:
    """Passwords are hashed with Argon2 at its lowest cost: at the production cost every user a
    test makes (and every sign-in) takes most of a second on a small machine."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = [
        "custodia.core.tests.passwords.QuickArgon2PasswordHasher",
        *settings.PASSWORD_HASHERS[1:],
    ]


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI a PostgreSQL run that cannot reach its server must fail, not skip."""
    url = os.environ.get("DATABASE_URL", "")
    if IN_CI and url.startswith("postgres"):
        import psycopg

        try:
            psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=5).close()
        except psycopg.OperationalError as exc:
            pytest.exit(f"PostgreSQL is not reachable at {url}: {exc}", returncode=1)


def _make_staff(username: str, *roles: str, prisons: Iterable["Prison"] = (), nationwide: bool = False) -> "User":
    """A member of staff with roles (accounts.roles) working at prisons, or nationwide."""
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType

    from custodia.accounts.models import StaffAssignment
    from custodia.accounts.roles import LABELS
    from custodia.accounts.seeding import seed_roles
    from custodia.core.tests.browser import PASSWORD

    # Transactional tests flush every table, the seeded roles included: put them back then. Only
    # then: seeding is about a hundred queries, which every member of staff a test makes would repeat.
    if Group.objects.filter(name__in=LABELS).count() < len(LABELS):
        seed_roles(Group, Permission, ContentType)

    user = User.objects.create_user(username, password=PASSWORD)
    user.groups.set(Group.objects.filter(name__in=roles))
    assignment = StaffAssignment.objects.create(user=user, nationwide=nationwide)
    assignment.prisons.set(prisons)
    return user


@pytest.fixture
def staff_user(db: None) -> "User":
    """A nationwide officer with every role that works with files: most tests are not about rights."""
    from custodia.accounts import roles

    return _make_staff("officer", *roles.FILE_READERS, roles.HQ_STATISTICS, nationwide=True)


@pytest.fixture
def make_staff(db: None) -> Callable[..., "User"]:
    """make_staff(username, *roles, prisons=(), nationwide=False) -> user"""
    return _make_staff


def _sign_in(client: "Client", user: "User") -> "Client":
    """Signs a user in on the test client as after a full sign-in, second factor included, without
    the sign-in form (browser tests sign in through the form: custodia.core.tests.browser)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "test", "confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def sign_in(db: None) -> Callable[["Client", "User"], "Client"]:
    """sign_in(client, user): signed in with the second factor already given."""
    return _sign_in


@pytest.fixture
def staff_client(client: "Client", staff_user: "User") -> "Client":
    return _sign_in(client, staff_user)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Each test starts in English: a request to /ar/ must not leak its language into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_profile() -> Iterator[None]:
    """Tests create and roll back prison services; the process-wide profile must follow."""
    from custodia.estate.selectors import forget_active_profile

    forget_active_profile()
    yield
    forget_active_profile()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Cached figures are keyed by the newest audit event, whose id SQLite gives again after a
    test's rollback: a figure cached by one test must not answer the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_checkpoint_file_of_the_machine(settings: "Settings") -> None:
    """audit_verify reads the installation's checkpoint file (var/ by default): tests that want
    checkpoints give their own, so that one left on a developer's machine cannot fail them."""
    settings.AUDIT_CHECKPOINTS = ""
