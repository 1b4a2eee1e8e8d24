"""Reads of figures from a streaming replica of the PostgreSQL database (docs/deployment.md).

A national deployment may run a read-only standby beside the primary (DATABASE_REPLICA_URL, the
alias `replica`). Only reads that declare themselves with `reads_from_replica()` go there: the
counts of the statistics, UN-CTS, compliance and other oversight pages, which scan the whole
country and tolerate being a few seconds behind. Everything else stays on `default`: writes, the
audit trail, sessions and sign-in, and every other read, because a standby lags behind its
primary and a page shown after a save must show what was saved.

Without a replica every read and write goes to `default`, as with no router at all. When the
replica cannot be reached the marked reads go to `default` too, and the replica is tried again
after RETRY_AFTER_SECONDS: the pages of figures stay open while the standby is down."""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from dj_database_url import DBConfig
from django.conf import settings
from django.db import DatabaseError, connections

DEFAULT = "default"
REPLICA = "replica"
# The replica's sessions refuse to write, so a write sent there by mistake fails loudly, in the tests
# too, instead of waiting for the standby to refuse it.
READ_ONLY = "-c default_transaction_read_only=on"
# A standby that does not answer is given up on after this many seconds (connecting, not reading),
# and then left alone for RETRY_AFTER_SECONDS while the figures are read from the primary.
CONNECT_TIMEOUT_SECONDS = 3
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)
# Per process (each gunicorn worker finds out for itself): until when the replica is left alone.
_down_until = 0.0

_marked: ContextVar[bool] = ContextVar("custodia_reads_from_replica", default=False)


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Reads inside the block may come from the replica. Mark only reads that write nothing and
    whose answer may be a few seconds old; a write inside the block still goes to `default`."""
    token = _marked.set(True)
    try:
        yield
    finally:
        _marked.reset(token)


def read_alias(*, marked: bool, replica_configured: bool, in_transaction: bool) -> str:
    """Where a read goes. Inside a transaction on `default` it stays there: the transaction may
    have written what it reads back, and the replica has not seen it."""
    return REPLICA if marked and replica_configured and not in_transaction else DEFAULT


def replica_reachable() -> bool:
    """Whether the replica takes connections: an open connection is trusted (Django closes one
    that failed at the end of the request); otherwise one is opened, at most every
    RETRY_AFTER_SECONDS after a failure."""
    global _down_until
    if time.monotonic() < _down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        _down_until = time.monotonic() + RETRY_AFTER_SECONDS
        logger.warning(
            "The replica cannot be reached: the figures are read from the primary; tried again in %s s.",
            RETRY_AFTER_SECONDS,
            exc_info=True,
        )
        return False
    return True


def replica_database(parsed: DBConfig) -> DBConfig:
    """The settings of the replica alias from those parsed from its URL: read-only sessions, and in
    a test run the default test database in its place (a standby cannot hold a test database)."""
    options = dict(parsed.get("OPTIONS", {}))
    options["options"] = f"{options['options']} {READ_ONLY}" if options.get("options") else READ_ONLY
    options.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    replica = parsed.copy()
    replica["OPTIONS"] = options
    replica["TEST"] = {"MIRROR": DEFAULT}
    return replica


def _in_transaction() -> bool:
    """An application transaction is open on `default`. The test framework's own transactions
    (Django's TestCase wraps each test in one) do not count, as for `atomic(durable=True)`."""
    # Django marks its test transactions so; django-stubs do not declare the mark.
    return any(not block._from_testcase for block in connections[DEFAULT].atomic_blocks)  # type: ignore[attr-defined]


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: marked reads to the replica when there is one, all else to default."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        # Always an answer: Django would otherwise send a read about an object to the database it
        # came from, and an object read from the replica would draw unmarked reads there.
        marked = _marked.get()
        alias = read_alias(
            marked=marked,
            replica_configured=REPLICA in settings.DATABASES,
            in_transaction=marked and _in_transaction(),
        )
        # Asked only of a read bound there, as it may open a connection; one that cannot be
        # reached sends it to `default`.
        return alias if alias == DEFAULT or replica_reachable() else DEFAULT

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows: an object read there may be linked to one read here.
        return True if {obj1._state.db, obj2._state.db} <= {DEFAULT, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The standby receives the primary's schema through replication.
        return db != REPLICA
