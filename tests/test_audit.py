"""The audit trail is append-only and tamper-evident (Mandela Rule 6), and reads of a file are
logged (Rule 9). Tampering is done with raw SQL, as someone with database access would."""

import json
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.models import GENESIS_HASH, AuditChainHead, AuditEvent, AuditTrailIsAppendOnly
from custodia.core.tests.tampering import EVENTS, HEAD, auditor, record_events, tamper
from custodia.register import services
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db


# -- helpers ---------------------------------------------------------------------------------------


@pytest.fixture
def actor(db: None) -> User:
    return auditor()


def _row(event_id: int) -> dict[str, Any]:
    """The stored columns of one event, as the database adapter gives them back."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, at, actor_id, action, object_type, object_id, changes, reason, prev_hash, hash "
            f"FROM {EVENTS} WHERE id = %s",
            [event_id],
        )
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def _insert(**content: Any) -> None:
    """INSERT a row behind the ORM's back; `at` and `changes` are adapted for the backend."""
    values = dict(content)
    values["at"] = connection.ops.adapt_datetimefield_value(values["at"])
    values["changes"] = json.dumps(values["changes"])
    columns = ", ".join(values)
    tamper(f"INSERT INTO {EVENTS} ({columns}) VALUES ({', '.join(['%s'] * len(values))})", list(values.values()))


def _forged(*, id: int, prev_hash: str, actor_id: int | None) -> dict[str, Any]:
    """A forged event whose own hash is computed correctly, by someone who knows the format."""
    content = {
        "id": id,
        "at": timezone.now(),
        "actor_id": actor_id,
        "action": "prisoner.release",
        "object_type": "register.prisoner",
        "object_id": "1",
        "changes": {"custody_status": ["in_custody", "released"]},
        "reason": "forged",
        "prev_hash": prev_hash,
    }
    return {**content, "hash": audit.event_hash(**content)}


def _broken_at(event_id: int, words: str) -> audit.ChainReport:
    report = audit.verify_chain()
    assert not report.ok, report
    assert report.first_broken_id == event_id, report
    assert report.message.startswith(f"Audit trail broken at event {event_id}: "), report.message
    assert words in report.message, report.message
    return report


# -- the chain -------------------------------------------------------------------------------------


def test_a_chain_of_events_verifies(actor):
    events = record_events(actor, 5)
    report = audit.verify_chain()
    assert report == audit.ChainReport(True, 5, None, "Audit trail intact: 5 events")
    ids = [e.id for e in events]
    assert ids == list(range(ids[0], ids[0] + 5)), "ids are dense, given under the chain-head lock"
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    head = AuditChainHead.objects.get()
    assert (head.last_id, head.last_hash) == (events[-1].id, events[-1].hash)
    assert audit.chain_head() == (events[-1].id, events[-1].hash)


def test_opening_a_file_or_a_refusal_does_not_move_the_last_change(actor):
    """Cached figures (statistics, rehabilitation oversight) are kept under the last change: reads,
    which officers make all day, must not throw them away."""
    (change,) = record_events(actor, 1)
    audit.record_read(actor=actor, obj=actor)
    audit.record_refusal(actor=actor, path="/en/prisoners/1/", method="GET")
    assert AuditEvent.objects.latest("id").id > change.id
    assert audit.last_change_id() == change.id
    (later,) = record_events(actor, 1)
    assert audit.last_change_id() == later.id


def test_a_refused_address_with_a_nul_character_is_recorded(actor):
    """PostgreSQL keeps no NUL in JSON: a probe's address is recorded, the NUL replaced."""
    audit.record_refusal(actor=actor, path="/en/induction/sheet/\x00/", method="GET")
    event = AuditEvent.objects.latest("id")
    assert event.changes["path"] == [None, "/en/induction/sheet/\ufffd/"]
    assert audit.verify_chain().ok


def test_an_empty_trail_verifies():
    assert audit.verify_chain() == audit.ChainReport(True, 0, None, "Audit trail intact: 0 events")


def test_stored_hash_is_the_hash_of_the_row_read_back(actor):
    """What record hashes before the INSERT is what verify reads after it, on either backend:
    keys in any order, nested values, text beyond ASCII, None, large integers, floats, dates."""
    with transaction.atomic():
        event = audit.record(
            actor=actor,
            action="test.types",
            obj=actor,
            changes={
                "zeta": [None, "Ωμέγα — عربى — Қазақ"],
                "alpha": [{"b": 1, "a": [2, 3]}, {"a": [], "b": None}],
                "numbers": [2**62, -(2**40)],
                "floats": [0.1, 1.0, 2.5e-7, 1e20, -0.0],
                "when": [date(2026, 1, 2), datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)],
                "decimal": [Decimal("1.50"), True],
                "tuple": (1, 2),
            },
            reason="multi\nline ‘quoted’",
        )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes == event.changes
    assert stored.changes["floats"] == [0.1, 1.0, 2.5e-7, 100000000000000000000, 0.0]
    assert stored.changes["when"] == ["2026-01-02", "2026-01-02T03:04:05.000006+00:00"]
    assert audit._hash_of(stored) == event.hash
    assert audit.verify_chain().ok


def test_canonical_form_and_digest_are_fixed():
    """The hash of a known event, fixed here: SQLite and PostgreSQL installations must agree on it,
    and a change of the canonical form (which would break every stored hash) fails this test."""
    content = {
        "id": 123,
        "at": datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC),
        "actor_id": 7,
        "action": "prisoner.legal_status",
        "object_type": "register.prisoner",
        "object_id": "42",
        "changes": {"legal_status": ["pre_trial", "convicted"], "note": [None, "Jugé à Gulu — نعم"]},
        "reason": "Sentenced",
        "prev_hash": "ab" * 32,
    }
    expected = (
        '{"action":"prisoner.legal_status","actor":7,"at":"2026-03-04T05:06:07.000000Z",'
        '"changes":{"legal_status":["pre_trial","convicted"],"note":[null,"Jugé à Gulu — نعم"]},'
        '"id":123,"object_id":"42","object_type":"register.prisoner",'
        '"prev_hash":"abababababababababababababababababababababababababababababababab",'
        '"reason":"Sentenced","v":1}'
    ).encode()
    assert audit.canonical_bytes(**content) == expected
    assert audit.event_hash(**content) == "7e5c39d429f634500042df910b3978eeea97be76bf850ad6950b948682c36a22"


def test_time_zone_and_key_order_do_not_change_the_hash():
    base = {
        "id": 1,
        "at": datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=UTC),
        "actor_id": None,
        "action": "a",
        "object_type": "t",
        "object_id": "1",
        "changes": {"a": [1, 2], "b": [3, 4]},
        "reason": "",
        "prev_hash": GENESIS_HASH,
    }
    kampala = timezone.get_fixed_timezone(timedelta(hours=3))
    same = {**base, "at": base["at"].astimezone(kampala), "changes": {"b": [3, 4], "a": [1, 2]}}
    assert audit.event_hash(**same) == audit.event_hash(**base)
    assert b'"at":"2026-03-04T05:06:07.000890Z"' in audit.canonical_bytes(**base)
    assert b'"actor":null' in audit.canonical_bytes(**base)


# -- tampering -------------------------------------------------------------------------------------


def test_update_of_changes_is_found(actor):
    events = record_events(actor, 5)
    tamper(f"UPDATE {EVENTS} SET changes = %s WHERE id = %s", ['{"step": [2, 9]}', events[2].id])
    _broken_at(events[2].id, "its content does not match its hash")


def test_update_of_time_is_found(actor):
    events = record_events(actor, 5)
    earlier = connection.ops.adapt_datetimefield_value(events[1].at - timedelta(days=3))
    tamper(f"UPDATE {EVENTS} SET at = %s WHERE id = %s", [earlier, events[1].id])
    _broken_at(events[1].id, "its content does not match its hash")


def test_update_of_actor_is_found(actor, django_user_model):
    events = record_events(actor, 5)
    scapegoat = django_user_model.objects.create_user("scapegoat", password="a-long-test-password")
    tamper(f"UPDATE {EVENTS} SET actor_id = %s WHERE id = %s", [scapegoat.pk, events[3].id])
    report = _broken_at(events[3].id, "its content does not match its hash")
    assert report.checked == 3


@pytest.mark.parametrize("column", ["action", "object_type", "object_id", "reason"])
def test_update_of_any_text_field_is_found(actor, column):
    events = record_events(actor, 3)
    tamper(f"UPDATE {EVENTS} SET {column} = %s WHERE id = %s", ["x", events[0].id])
    _broken_at(events[0].id, "its content does not match its hash")


def test_rewriting_the_hash_of_a_changed_event_breaks_the_next_link(actor):
    events = record_events(actor, 4)
    row = _row(events[1].id)
    tampered = {
        "id": row["id"],
        "at": events[1].at,
        "actor_id": row["actor_id"],
        "action": row["action"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "changes": {"step": [0, 0]},
        "reason": row["reason"],
        "prev_hash": row["prev_hash"],
    }
    tamper(
        f"UPDATE {EVENTS} SET changes = %s, hash = %s WHERE id = %s",
        [json.dumps(tampered["changes"]), audit.event_hash(**tampered), events[1].id],
    )
    _broken_at(events[2].id, f"it does not follow event {events[1].id}")


def test_update_of_the_hash_or_prev_hash_is_found(actor):
    events = record_events(actor, 3)
    tamper(f"UPDATE {EVENTS} SET prev_hash = %s WHERE id = %s", ["f" * 64, events[1].id])
    _broken_at(events[1].id, "its content does not match its hash")


def test_delete_in_the_middle_is_found(actor):
    events = record_events(actor, 5)
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [events[2].id])
    report = _broken_at(events[3].id, "an event is missing before it")
    assert report.checked == 2


def test_delete_of_the_first_event_is_found(actor):
    events = record_events(actor, 3)
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [events[0].id])
    _broken_at(events[1].id, "an event is missing before it")


def test_delete_of_the_last_event_is_found_through_the_chain_head(actor):
    events = record_events(actor, 5)
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [events[4].id])
    report = _broken_at(events[4].id, f"it is missing: the trail ends at event {events[3].id}")
    assert report.checked == 4


def test_delete_of_every_event_is_found_through_the_chain_head(actor):
    events = record_events(actor, 3)
    tamper(f"DELETE FROM {EVENTS}")
    _broken_at(1, f"the chain head at event {events[2].id}")


def test_forged_event_replacing_one_in_the_middle_is_found(actor):
    """The forger deletes event 3 and puts a well-formed event in its place, chained onto event 2."""
    events = record_events(actor, 5)
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [events[2].id])
    _insert(**_forged(id=events[2].id, prev_hash=events[1].hash, actor_id=actor.pk))
    _broken_at(events[3].id, f"it does not follow event {events[2].id}")


def test_forged_event_inserted_in_the_middle_is_found(actor):
    """To make room, the forger moves the later events one id on, then inserts between them."""
    events = record_events(actor, 5)
    for event in reversed(events[2:]):
        tamper(f"UPDATE {EVENTS} SET id = id + 1 WHERE id = %s", [event.id])
    tamper(f"UPDATE {HEAD} SET last_id = last_id + 1")
    _insert(**_forged(id=events[2].id, prev_hash=events[1].hash, actor_id=actor.pk))
    _broken_at(events[2].id + 1, "its content does not match its hash")


def test_forged_event_at_the_end_is_found_through_the_chain_head(actor):
    events = record_events(actor, 4)
    _insert(**_forged(id=events[-1].id + 1, prev_hash=events[-1].hash, actor_id=actor.pk))
    report = _broken_at(events[-1].id + 1, f"it comes after event {events[-1].id}, the last one the chain head")
    assert report.checked == 5


def test_last_event_replaced_by_a_forgery_is_found_through_the_chain_head(actor):
    events = record_events(actor, 4)
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [events[-1].id])
    _insert(**_forged(id=events[-1].id, prev_hash=events[-2].hash, actor_id=actor.pk))
    _broken_at(events[-1].id, "it does not match the chain head")


def _swap_content(first: int, second: int) -> None:
    """Exchange everything but the ids of two rows (the same as exchanging their ids)."""
    a, b = _row(first), _row(second)
    columns = [name for name in a if name != "id"]
    assignments = ", ".join(f"{name} = %s" for name in columns)
    for target, source in ((first, b), (second, a)):
        tamper(f"UPDATE {EVENTS} SET {assignments} WHERE id = %s", [source[name] for name in columns] + [target])


def test_swapping_two_events_is_found(actor):
    events = record_events(actor, 5)
    _swap_content(events[1].id, events[2].id)
    _broken_at(events[1].id, "its content does not match its hash")


def test_swapping_two_events_and_rehashing_them_is_found(actor):
    events = record_events(actor, 5)
    # The forger even recomputes each moved event's hash over its new id.
    for target, source in ((events[1], events[2]), (events[2], events[1])):
        content = {
            "id": target.id,
            "at": source.at,
            "actor_id": source.actor_id,
            "action": source.action,
            "object_type": source.object_type,
            "object_id": source.object_id,
            "changes": source.changes,
            "reason": source.reason,
            "prev_hash": source.prev_hash,
        }
        tamper(
            f"UPDATE {EVENTS} SET at = %s, action = %s, changes = %s, reason = %s, prev_hash = %s, hash = %s "
            "WHERE id = %s",
            [
                connection.ops.adapt_datetimefield_value(source.at),
                source.action,
                json.dumps(source.changes),
                source.reason,
                source.prev_hash,
                audit.event_hash(**content),
                target.id,
            ],
        )
    _broken_at(events[1].id, f"it does not follow event {events[0].id}")


def test_rewritten_chain_head_is_found(actor):
    events = record_events(actor, 3)
    tamper(f"UPDATE {HEAD} SET last_hash = %s", ["e" * 64])
    _broken_at(events[-1].id, "it does not match the chain head")


def test_deleted_chain_head_is_found_and_stops_appending(actor):
    events = record_events(actor, 2)
    tamper(f"DELETE FROM {HEAD}")
    _broken_at(events[-1].id, "the chain head is missing")
    with pytest.raises(RuntimeError, match="chain head is missing"), transaction.atomic():
        audit.record(actor=actor, action="test.more", obj=actor)


# -- the command -----------------------------------------------------------------------------------


def test_audit_verify_command_on_an_intact_trail(actor):
    events = record_events(actor, 3)
    out = StringIO()
    call_command("audit_verify", "--head", stdout=out, stderr=StringIO())
    assert "Audit trail intact: 3 events" in out.getvalue()
    assert f"Chain head: event {events[-1].id}, sha256 {events[-1].hash}" in out.getvalue()


def test_audit_verify_command_exits_1_naming_the_broken_link(actor):
    events = record_events(actor, 4)
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [events[1].id])
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("audit_verify", stdout=out, stderr=err)
    assert exit_.value.code == 1
    assert f"Audit trail broken at event {events[2].id}: an event is missing before it" in err.getvalue()
    assert "1 events before it are intact" in err.getvalue()
    assert out.getvalue() == ""


# -- verification in chunks and while others write ---------------------------------------------------


def test_verify_walks_in_chunks(actor, monkeypatch):
    record_events(actor, 7)
    monkeypatch.setattr(audit, "VERIFY_CHUNK", 2)
    with CaptureQueriesContext(connection) as queries:
        assert audit.verify_chain() == audit.ChainReport(True, 7, None, "Audit trail intact: 7 events")
    walked = [q["sql"] for q in queries if f"FROM {connection.ops.quote_name(EVENTS)} WHERE" in q["sql"]]
    # A range of ids at a time (2, 2, 2, 1): memory stays constant, no cursor is held between chunks.
    assert len(walked) == 4
    assert all("LIMIT 2" in sql for sql in walked)


def test_events_appended_while_verifying_are_not_taken_for_forgeries(actor, monkeypatch):
    record_events(actor, 3)
    rows = audit._Walk.rows
    appended = []

    def rows_then_append(walk, **kwargs):
        yield from rows(walk, **kwargs)
        if not appended:  # another writer commits after the walk, before the head is read
            appended.extend(record_events(actor, 2))

    monkeypatch.setattr(audit._Walk, "rows", rows_then_append)
    report = audit.verify_chain()
    assert report.ok, report
    assert report.checked == 5


# -- append-only at the ORM level ------------------------------------------------------------------


def test_orm_refuses_to_update_or_delete_events(actor):
    event = record_events(actor, 2)[0]
    event.reason = "changed"
    with pytest.raises(AuditTrailIsAppendOnly, match="append-only"):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save(update_fields=["reason"])
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(reason="changed")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.update(reason="changed")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["reason"])
    assert AuditEvent.objects.get(pk=event.pk).reason == "reason 0"
    assert audit.verify_chain().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database-level guard is PostgreSQL's")
def test_postgresql_itself_refuses_to_update_or_delete_events(actor):
    from django.db import DatabaseError, transaction

    event = record_events(actor, 2)[0]
    for statement in (
        "UPDATE core_auditevent SET reason = 'changed' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == "reason 0"
    assert audit.verify_chain().ok


def test_orm_refuses_events_not_written_by_record(actor):
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.create(action="x", object_type="t", object_id="1")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.bulk_create([AuditEvent(action="x", object_type="t", object_id="1")])
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.insert_chained([AuditEvent(action="x", object_type="t", object_id="1")])
    existing = record_events(actor, 1)[0]
    # A new instance with the id of an existing row must not overwrite it.
    impostor = AuditEvent(id=existing.id, action="x", object_type="t", object_id="1", prev_hash="0" * 64, hash="1" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        impostor.save()
    assert AuditEvent.objects.get(pk=existing.pk).action == existing.action


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused(django_user_model):
    user = django_user_model.objects.create_user("loner", password="a-long-test-password")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record(actor=user, action="test.loose", obj=user)
    assert not AuditEvent.objects.exists()
    # A read logs itself in a transaction of its own; after a flush the head is created again.
    audit.record_read(actor=user, obj=user)
    assert audit.verify_chain() == audit.ChainReport(True, 1, None, "Audit trail intact: 1 events")


def test_a_rolled_back_change_leaves_no_event_and_no_gap(actor):
    record_events(actor, 1)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit.record(actor=actor, action="test.rolled_back", obj=actor)
        1 / 0  # noqa: B018 - the change fails after its audit row was written
    after = record_events(actor, 1)[0]
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    assert after.id == AuditEvent.objects.order_by("id").first().id + 1
    assert audit.verify_chain().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's test database is one in-memory file")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_chain_onto_the_same_event(django_user_model):
    user = django_user_model.objects.create_user("busy", password="a-long-test-password")
    # As after a flush: the first writers race to create the head as well.
    tamper(f"DELETE FROM {HEAD}")
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(10):
                with transaction.atomic():
                    audit.record(actor=user, action=f"test.w{n}.{i}", obj=user)
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert audit.verify_chain() == audit.ChainReport(True, 40, None, "Audit trail intact: 40 events")
    assert len(set(AuditEvent.objects.values_list("prev_hash", flat=True))) == 40


# -- reading: the file page ------------------------------------------------------------------------


def test_events_for_gives_changes_or_reads_newest_first_in_one_query(actor, django_user_model):
    other = django_user_model.objects.create_user("other", password="a-long-test-password")
    record_events(actor, 3)
    for reader in (actor, other, actor):
        audit.record_read(actor=reader, obj=actor)
    with transaction.atomic():
        audit.record(actor=actor, action="test.elsewhere", obj=other)
    actor.get_all_permissions()  # read once per request, as by the pages before they read the trail
    with CaptureQueriesContext(connection) as queries:
        changes = audit.events_for("auth.user", actor.pk, user=actor)
        names = [e.actor.username for e in changes]
    assert len(queries) == 1
    assert [e.action for e in changes] == ["test.step2", "test.step1", "test.step0"]
    assert names == ["auditor"] * 3
    reads = audit.events_for("auth.user", actor.pk, user=actor, reads=True, limit=2)
    assert [e.actor.username for e in reads] == ["auditor", "other"]
    assert {e.action for e in reads} == {AuditAction.READ}
    both = audit.events_for("auth.user", actor.pk, user=actor, related=[("auth.user", other.pk)])
    assert [e.action for e in both][0] == "test.elsewhere"


def test_viewing_a_file_logs_a_read_and_shows_history_and_readers(staff_client, staff_user):
    prisoner = admit(actor=staff_user)
    services.legal_status_change(
        actor=staff_user, prisoner=prisoner, status="convicted", effective_on=timezone.localdate(), note="Sentenced"
    )
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()
    response = staff_client.get(reverse("register:prisoner_detail", args=[prisoner.pk]))
    assert response.status_code == 200
    read = AuditEvent.objects.get(action=AuditAction.READ)
    assert (read.actor, read.object_type, read.object_id) == (staff_user, "register.prisoner", str(prisoner.pk))
    html = response.content.decode()
    history = html[html.index('id="history"') : html.index('id="readers"')]
    assert "History of changes" in history
    assert "prisoner.legal_status" in history
    assert 'legal status: <bdi dir="auto">Pre-trial</bdi> → <bdi dir="auto">Convicted</bdi>' in history
    assert "Sentenced" in history and "officer" in history
    assert "prisoner.admit" in history
    assert history.index("prisoner.legal_status") < history.index("prisoner.admit"), "newest first"
    readers = html[html.index('id="readers"') :]
    assert "Who viewed this file" in readers and "officer" in readers
    assert "<code>read</code>" not in history, "reads are listed apart from changes"
    staff_client.get(reverse("register:prisoner_detail", args=[prisoner.pk]))
    assert AuditEvent.objects.filter(action=AuditAction.READ).count() == 2
    assert audit.verify_chain().ok


def test_file_page_history_is_bounded_to_50_rows(staff_client, staff_user):
    prisoner = admit(actor=staff_user)
    for _ in range(55):
        audit.record_read(actor=staff_user, obj=prisoner)
    html = staff_client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()
    readers = html[html.index('id="readers"') :]
    assert readers.count("<tr><td><time") == 50
