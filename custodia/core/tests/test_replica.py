"""Where the router sends reads and writes (custodia.core.replica). Reads against a real replica
are in custodia/oversight/tests/test_replica.py (PostgreSQL)."""

import pytest
from django.db import router

from custodia.core.models import AuditEvent
from custodia.core.replica import (
    DEFAULT,
    READ_ONLY,
    REPLICA,
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
    assert replica["OPTIONS"] == {"sslmode": "require", "options": READ_ONLY}
    assert replica["TEST"] == {"MIRROR": DEFAULT}
    assert parsed["OPTIONS"] == {"sslmode": "require"}  # the parsed settings are left as they were
    with_options = replica_database({**parsed, "OPTIONS": {"options": "-c search_path=custodia"}})
    assert with_options["OPTIONS"]["options"] == f"-c search_path=custodia {READ_ONLY}"
