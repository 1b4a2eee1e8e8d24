"""The audit trail as its tests write and tamper with it: events about a member of staff, and
changes made in SQL as someone with access to the database would make them. Shared by the tests
of the chain (tests/test_audit.py) and of its signed checkpoints (test_checkpoints.py)."""

from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction

from custodia.core import audit
from custodia.core.models import AuditChainHead, AuditEvent
from custodia.core.tests.browser import PASSWORD

EVENTS = AuditEvent._meta.db_table
HEAD = AuditChainHead._meta.db_table


def auditor() -> User:
    """The member of staff whose events the tests write."""
    return User.objects.create_user("auditor", password=PASSWORD)


def record_events(actor: User, n: int) -> list[AuditEvent]:
    """n events about `actor` itself (any model does), each in its own transaction."""
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(
                audit.record(
                    actor=actor,
                    action=f"test.step{i}",
                    obj=actor,
                    changes={"step": [i, i + 1], "note": [None, f"événement {i}"]},
                    reason=f"reason {i}",
                )
            )
    return events


def tamper(statement: str, params: list[Any] | None = None) -> None:
    """Tamper in SQL as the table's owner would: on PostgreSQL, with the append-only trigger off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of the events just written would block the ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {EVENTS} DISABLE TRIGGER custodia_audit_append_only")
        cursor.execute(statement, params or [])
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {EVENTS} ENABLE TRIGGER custodia_audit_append_only")
