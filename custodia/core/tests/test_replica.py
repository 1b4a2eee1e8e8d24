"""Where the router sends reads and writes (custodia.core.replica). Reads against a real replica
are in custodia/oversight/tests/test_replica.py (PostgreSQL)."""

import logging
import time

import dj_database_url
import pytest
from django.db import connections, router

from custodia.core import replica
from custodia.core.models import AuditEvent
from custodia.core.replica import (
    CONNECT_TIMEOUT_SECONDS,
    DEFAULT,
    READ_ONLY,
    REPLICA,
    RETRY_AFTER_SECONDS,
    ReplicaRouter,
    read_alias,
    reads_from_replica,
    replica_database,
)


@pytest.mark.parametrize(
    ("marked", "replica_configured", "in_transaction", "alias"),
    [
        (True, True, False, REPLICA),
        (False, True, False, DEFAULT),  # an ordinary read: the replica may lag behind a save
        (True, False, False, DEFAULT),  # no replica: one database, as before
        (True, True, True, DEFAULT),  # a transaction reads back what it wrote
        (False, False, False, DEFAULT),
    ],
)
def test_read_alias(marked, replica_configured, in_transaction, alias):
    assert read_alias(marked=marked, replica_configured=replica_configured, in_transaction=in_transaction) == alias


def test_without_a_replica_marked_reads_and_all_writes_go_to_default():
    with reads_from_replica():
        assert router.db_for_read(AuditEvent) == DEFAULT
        assert router.db_for_write(AuditEvent) == DEFAULT
    assert router.db_for_read(AuditEvent) == DEFAULT


def test_writes_go_to_default_and_nothing_migrates_on_the_replica():
    routing = ReplicaRouter()
    assert routing.db_for_write(AuditEvent) == DEFAULT
    assert routing.allow_migrate(DEFAULT, "core") is True
    assert routing.allow_migrate(REPLICA, "core") is False


def test_the_replica_opens_read_only_sessions_and_mirrors_default_in_tests():
    parsed = {"ENGINE": "django.db.backends.postgresql", "NAME": "custodia", "OPTIONS": {"sslmode": "require"}}
    replica = replica_database(parsed)
    assert replica["OPTIONS"] == {
        "sslmode": "require",
        "options": READ_ONLY,
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
    }
    assert replica["TEST"] == {"MIRROR": DEFAULT}
    assert parsed["OPTIONS"] == {"sslmode": "require"}  # the parsed settings are left as they were
    with_options = replica_database({**parsed, "OPTIONS": {"options": "-c search_path=custodia"}})
    assert with_options["OPTIONS"]["options"] == f"-c search_path=custodia {READ_ONLY}"


@pytest.fixture
def unreachable_replica(monkeypatch, django_db_blocker):
    """The `replica` alias configured as DATABASE_REPLICA_URL configures it, for a server that does
    not listen (port 1 of this machine refuses at once). The router may try to connect to it; no
    test database is involved, whatever the default database."""
    monkeypatch.setattr(replica, "_down_until", 0.0)
    databases = connections.settings  # settings.DATABASES itself: the router looks for the alias there
    parsed = dj_database_url.parse("postgres://custodia@127.0.0.1:1/custodia")
    # Django's settings of an alias in full (as those of default), none of default's own options:
    # SQLite's would be refused by PostgreSQL's driver before it even tried to connect.
    databases[REPLICA] = replica_database({**connections[DEFAULT].settings_dict, **parsed, "OPTIONS": {}})
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del databases[REPLICA]


def test_marked_reads_fall_back_to_default_while_the_replica_is_down(unreachable_replica, caplog, monkeypatch):
    with caplog.at_level(logging.WARNING, logger="custodia.core.replica"), reads_from_replica():
        assert router.db_for_read(AuditEvent) == DEFAULT
    assert "cannot be reached" in caplog.text
    assert "Connection refused" in caplog.text  # refused by the server, not by the driver's settings
    assert replica._down_until > time.monotonic() + RETRY_AFTER_SECONDS - 5

    # Left alone meanwhile: no second attempt to connect, no second warning.
    caplog.clear()
    monkeypatch.setattr(connections[REPLICA], "ensure_connection", lambda: pytest.fail("tried again too soon"))
    with caplog.at_level(logging.WARNING, logger="custodia.core.replica"), reads_from_replica():
        assert router.db_for_read(AuditEvent) == DEFAULT
    assert not caplog.text

    # Once the time is up it is tried again, and used when it answers.
    monkeypatch.setattr(replica, "_down_until", time.monotonic() - 1)
    monkeypatch.setattr(connections[REPLICA], "ensure_connection", lambda: None)
    with reads_from_replica():
        assert router.db_for_read(AuditEvent) == REPLICA


def test_unmarked_reads_never_try_the_replica(unreachable_replica, monkeypatch):
    monkeypatch.setattr(connections[REPLICA], "ensure_connection", lambda: pytest.fail("an unmarked read tried it"))
    assert router.db_for_read(AuditEvent) == DEFAULT
