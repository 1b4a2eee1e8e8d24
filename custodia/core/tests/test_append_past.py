"""Events of the past written in bulk (audit.append_past: the demo's years of history, files
brought over from an earlier system): chained and hashed exactly as `record` chains one, so the
trail verifies whole, and a change to one of them is found like any other."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction

from custodia.core import audit
from custodia.core.models import AuditChainHead, AuditEvent
from custodia.core.tests.tampering import EVENTS, auditor, record_events, tamper

pytestmark = pytest.mark.django_db


def _past(actor_id: int, n: int) -> list[audit.PastEvent]:
    start = datetime(2023, 3, 1, 9, 30, tzinfo=UTC)
    return [
        audit.PastEvent(
            at=start + timedelta(days=i, microseconds=0 if i % 2 else 123456),
            actor_id=actor_id if i % 3 else None,
            action="movement.transfer",
            object_type="register.prisoner",
            object_id=str(100 + i),
            changes={"prison": [i, i + 1], "note": [None, f"déplacé {i}"], "ratio": [None, 0.5]},
            reason=f"transfer {i}",
        )
        for i in range(n)
    ]


def test_past_events_are_chained_onto_the_trail_in_chunks(monkeypatch):
    actor = auditor()
    record_events(actor, 2)
    monkeypatch.setattr(audit, "APPEND_CHUNK", 3)
    with transaction.atomic():
        assert audit.append_past(_past(actor.pk, 7)) == 7
    record_events(actor, 1)  # the service writes on after them
    report = audit.verify_chain()
    assert (report.ok, report.checked) == (True, 10), report.message
    head = AuditChainHead.objects.get()
    last = AuditEvent.objects.order_by("-id").first()
    assert (head.last_id, head.last_hash) == (last.id, last.hash)
    stored = list(AuditEvent.objects.order_by("id")[2:9])
    assert [event.id for event in stored] == list(range(stored[0].id, stored[0].id + 7))
    assert stored[0].at == datetime(2023, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
    assert stored[1].actor_id == actor.pk and stored[0].actor_id is None
    assert stored[0].changes == {"prison": [0, 1], "note": [None, "déplacé 0"], "ratio": [None, 0.5]}
    # Each stored hash is the hash of the row as it reads back, by the one canonical form.
    for event in stored:
        assert event.hash == audit._hash_of(event)


def test_a_changed_past_event_is_found():
    actor = auditor()
    with transaction.atomic():
        audit.append_past(_past(actor.pk, 5))
    third = AuditEvent.objects.order_by("id")[2]
    tamper(f"UPDATE {EVENTS} SET reason = %s WHERE id = %s", ["nothing happened", third.id])
    report = audit.verify_chain()
    assert not report.ok
    assert report.first_broken_id == third.id


def test_the_last_change_moves_to_the_last_past_change_and_not_to_a_past_read():
    actor = auditor()
    with transaction.atomic():
        audit.append_past(_past(actor.pk, 3))
    changed = AuditEvent.objects.latest("id").id
    read = audit.PastEvent(datetime(2023, 4, 1, tzinfo=UTC), actor.pk, "read", "register.prisoner", "100", {})
    with transaction.atomic():
        audit.append_past([read])
    assert AuditEvent.objects.latest("id").id > changed
    assert audit.last_change_id() == changed


def test_nothing_to_append_leaves_the_head_as_it_was():
    actor = auditor()
    record_events(actor, 1)
    before = AuditChainHead.objects.values_list("last_id", "last_hash").get()
    with transaction.atomic():
        assert audit.append_past([]) == 0
    assert AuditChainHead.objects.values_list("last_id", "last_hash").get() == before


@pytest.mark.django_db(transaction=True)
def test_appending_the_past_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.append_past(_past(auditor().pk, 1))
    assert not AuditEvent.objects.exists()
