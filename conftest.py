"""Test-wide fixtures. The suite runs on SQLite by default and on PostgreSQL when
DATABASE_URL is set (make test runs both). Under CI=true a missing PostgreSQL or Chromium
fails the run instead of skipping."""

import os

import pytest

IN_CI = os.environ.get("CI") == "true"


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_user("officer", password="a-long-test-password")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


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
