"""The audit trail: writing events, reading them back for a file, and proving nothing was altered.

Services call `record` inside their transaction so that a change and its audit row are committed
together or not at all. Reads of a file are logged with `record_read` (Mandela Rule 9).

Tamper evidence (Mandela Rule 6). Every event stores `prev_hash`, the hash of the event before it
(GENESIS_HASH for the first), and `hash`, the SHA-256 of its canonical form (`canonical_bytes`),
which covers its id, time, actor, action, object, changes, reason and `prev_hash`. Changing,
removing, inserting or reordering events in SQL therefore breaks the chain, and `verify_chain`
names the first broken link. The single AuditChainHead row holds the last id and hash: it
serialises writers and shows a removed or added last event. Someone who can write to the whole
table and the head can still forge a consistent chain: remove the last events and roll the head
back, or edit an event and recompute every later hash. Signed checkpoints of the head, kept
outside the database (custodia.core.checkpoints, manage.py audit_checkpoint), are what detect
that: audit_verify checks the trail against each of them and names a truncation or a rewrite.
"""

import hashlib
import json
import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise

from .actions import AuditAction
from .models import GENESIS_HASH, AuditChainHead, AuditEvent

log = logging.getLogger("custodia.access")

# Events that belong to a sensitive section, {action: right}: apps register theirs in their
# AppConfig.ready() with `restrict`. Every reader of the trail goes through `events_for` or
# `last_change`, which leave them out for a user without the right: a file's history must not
# tell a wing officer what intelligence or health records say, nor that they exist.
_RESTRICTED: dict[str, str] = {}
# Events that record a reading of a file, not a change of it: an opening, and a print of it (the
# copy that leaves the screen, with what it held). A file's readers list them; its history of
# changes, the last change and the figures' cache key leave them out.
READS = (AuditAction.READ, AuditAction.FILE_PRINT)
# Rows fetched per round trip while verifying: a national trail of millions of events is walked
# in constant memory.
VERIFY_CHUNK = 2000
# Fields in the order verify_chain reads them.
_CHAIN_FIELDS = (
    "id",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "changes",
    "reason",
    "prev_hash",
    "hash",
)


# -- changes ---------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def changes_of(**fields: tuple[Any, Any]) -> dict[str, list[Any]]:
    """{field: (before, after)} for the fields that actually changed."""
    return {name: [_jsonable(before), _jsonable(after)] for name, (before, after) in fields.items() if before != after}


# Floats from 1e16 up are written by Python with an exponent, which PostgreSQL's jsonb turns into
# a plain integer: stored as the integer they are, they read back the same on both databases.
_FLOAT_AS_INTEGER_FROM = 1e16


def _stable(value: Any) -> Any:
    """`value` as plain JSON types that read back unchanged from SQLite's JSON text and from
    PostgreSQL's jsonb, so that the hash computed before the INSERT matches the row read later."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("Audit changes cannot hold NaN or infinity (JSON has no such numbers).")
        if value == 0:
            return 0.0  # jsonb has no negative zero
        return int(value) if abs(value) >= _FLOAT_AS_INTEGER_FROM else value
    if isinstance(value, dict):
        return {str(key): _stable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_stable(item) for item in value]
        return sorted(items, key=_canonical_json) if isinstance(value, set | frozenset) else items
    if isinstance(value, models.Model):
        return _stable(value.pk)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | Promise):
        return str(value)
    raise TypeError(f"Audit changes cannot hold a {type(value).__name__}: give its id or its text.")


# -- the canonical form ----------------------------------------------------------------------------


# Sorted keys and no spaces: jsonb reorders keys, SQLite keeps them as written. One encoder for
# every event (json.dumps would make one per call: a tenth of the time of a walk of the trail).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _canonical_json(value: Any) -> str:
    return _CANONICAL.encode(value)


def _utc_iso(at: datetime) -> str:
    """Always UTC with six digits of microseconds: both databases keep microseconds, and the
    server's time zone or a whole second must not change the text."""
    if timezone.is_naive(at):
        at = timezone.make_aware(at, UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(
    *,
    id: int,
    at: datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    changes: Any,
    reason: str,
    prev_hash: str,
) -> bytes:
    """The exact bytes an event's hash is taken over (version 1 of the form).

    A JSON object with sorted keys, no spaces and UTF-8 text: integers in decimal, a missing
    actor as null, the time as ISO 8601 UTC with microseconds. Changing this form breaks every
    stored hash: a new form needs a new "v" and verification of both.
    """
    return _canonical_json(
        {
            "v": 1,
            "id": int(id),
            "at": _utc_iso(at),
            "actor": None if actor_id is None else int(actor_id),
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "changes": changes,
            "reason": reason,
            "prev_hash": prev_hash,
        }
    ).encode("utf-8")


def event_hash(**content: Any) -> str:
    """Hex SHA-256 of canonical_bytes(**content)."""
    return hashlib.sha256(canonical_bytes(**content)).hexdigest()


# -- writing ---------------------------------------------------------------------------------------


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the end of the current transaction.

    On PostgreSQL this is SELECT ... FOR UPDATE: a second writer waits here until the first
    commits, then chains onto its event. On SQLite select_for_update does nothing, but every
    transaction is BEGIN IMMEDIATE (config/settings.py), so the writer already holds the lock.
    """
    head = AuditChainHead.objects.select_for_update(no_key=True).filter(pk=AuditChainHead.SINGLETON_ID).first()
    if head is not None:
        return head
    # Migration 0002 creates the head; only an emptied database (manage.py flush, the test
    # runner between transactional tests) comes here. ignore_conflicts: two first writers must
    # not fail on each other; the second waits for the first and then takes its head.
    AuditChainHead.objects.bulk_create([AuditChainHead(pk=AuditChainHead.SINGLETON_ID)], ignore_conflicts=True)
    head = AuditChainHead.objects.select_for_update(no_key=True).get(pk=AuditChainHead.SINGLETON_ID)
    # Holding the lock, a head at the start with events in the table means the head was removed:
    # starting a new chain over the old one would hide that, so appending stops until someone looks.
    if head.last_id == 0 and AuditEvent.objects.exists():
        raise RuntimeError(
            "The audit chain head is missing while audit events exist: the audit trail was tampered with. "
            "Run manage.py audit_verify and restore from a backup."
        )
    return head


def _append(*, actor: Any, action: str, obj: models.Model, changes: dict[str, Any], reason: str) -> AuditEvent:
    return _append_all(actor=actor, action=action, objs=[obj], changes=changes, reason=reason)[0]


def _append_all(
    *, actor: Any, action: str, objs: Iterable[models.Model], changes: dict[str, Any], reason: str
) -> list[AuditEvent]:
    """One event per object, chained one after the other under one lock of the head, then written
    in one INSERT (AuditEvent.objects.insert_chained); one read and one update of the head."""
    head = _locked_head()
    # Ids are given here, one after the head's, rather than by the database's sequence: a
    # sequence skips values on rollback (PostgreSQL), and a dense trail makes a missing event
    # visible as a gap. The time is taken after the lock, so it follows the id order.
    at = timezone.now()
    last_id, last_hash = head.last_id, head.last_hash
    events = []
    for obj in objs:
        event = AuditEvent(
            id=last_id + 1,
            at=at,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            changes=_stable(changes),
            reason=reason or "",
            prev_hash=last_hash,
        )
        event.hash = _hash_of(event)
        last_id, last_hash = event.id, event.hash
        events.append(event)
    if events:
        AuditEvent.objects.insert_chained(events)
        moved = {"last_change_id": last_id} if _is_change(action) else {}
        AuditChainHead.objects.filter(pk=head.pk).update(last_id=last_id, last_hash=last_hash, **moved)
    return events


@dataclass(frozen=True)
class PastEvent:
    """An event of the past, written in bulk by `append_past`: the time is when it happened."""

    at: datetime
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    changes: dict[str, Any]
    reason: str = ""


# Events per INSERT while appending the past: large enough for few round trips, small enough to
# keep memory constant whatever the length of the history.
APPEND_CHUNK = 5000


def append_past(events: Iterable[PastEvent]) -> int:
    """Chain `events` one after the other onto the head and write them APPEND_CHUNK at a time,
    inside the caller's transaction; returns how many. Only for loading the past in bulk (the
    demo's years of history, files brought over from an earlier system): each event is hashed
    exactly as `record` hashes one (`event_hash`), in id order, and the head is moved once at the
    end, so that verify_chain and the checkpoints see one trail. The head stays locked until the
    caller commits; ids follow the order given, the times are those of the events."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.append_past must run inside the transaction that writes what the events record")
    head = _locked_head()
    last_id, last_hash, last_change = head.last_id, head.last_hash, head.last_change_id
    batch: list[tuple[Any, ...]] = []
    written = 0
    for past in events:
        changes = _stable(past.changes)
        event_id = last_id + 1
        digest = event_hash(
            id=event_id,
            at=past.at,
            actor_id=past.actor_id,
            action=past.action,
            object_type=past.object_type,
            object_id=past.object_id,
            changes=changes,
            reason=past.reason,
            prev_hash=last_hash,
        )
        batch.append(
            (event_id, past.at, past.actor_id, past.action, past.object_type, past.object_id, changes, past.reason)
            + (last_hash, digest)
        )
        last_id, last_hash = event_id, digest
        if _is_change(past.action):
            last_change = event_id
        if len(batch) >= APPEND_CHUNK:
            written += _insert_rows(batch)
            batch = []
    if batch:
        written += _insert_rows(batch)
    if written:
        AuditChainHead.objects.filter(pk=head.pk).update(
            last_id=last_id, last_hash=last_hash, last_change_id=last_change
        )
    return written


def _insert_rows(rows: list[tuple[Any, ...]]) -> int:
    """Rows chained by append_past (the columns of _CHAIN_FIELDS), in one statement: COPY on
    PostgreSQL, executemany on SQLite. Building a model instance for each of a million events
    took most of the time of a bulk load; the values are those the ORM would write (the time
    adapted by the backend, `changes` as JSON text)."""
    connection = transaction.get_connection()
    columns = _chain_columns()
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row[:6], _canonical_json(row[6]), *row[7:]))
        else:
            adapt = connection.ops.adapt_datetimefield_value
            placeholders = ", ".join(["%s"] * len(_CHAIN_FIELDS))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
                [(*row[:1], adapt(row[1]), *row[2:6], _canonical_json(row[6]), *row[7:]) for row in rows],
            )
    return len(rows)


def _hash_of(event: AuditEvent) -> str:
    return event_hash(
        id=event.id,
        at=event.at,
        actor_id=event.actor_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        changes=event.changes,
        reason=event.reason,
        prev_hash=event.prev_hash,
    )


def record(
    *, actor, action: AuditAction, obj: models.Model, changes: dict | None = None, reason: str = ""
) -> AuditEvent:
    """Append an event for a change, inside the transaction that makes the change.

    From here to the commit the chain head is locked and other writers wait: call it after the
    change's other writes, at the end of the service.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    return _append(actor=actor, action=action, obj=obj, changes=changes or {}, reason=reason)


def record_read(*, actor, obj: models.Model, reason: str = "") -> AuditEvent:
    """Log that `actor` opened `obj` (Mandela Rule 9).

    A view runs outside any transaction, so this is a small transaction of its own, committed
    before the page renders: the chain head is not held while it does. No savepoint: a caller
    that does hold a transaction gets the read in it (and loses it if that rolls back)."""
    with transaction.atomic(savepoint=False):
        return _append(actor=actor, action=AuditAction.READ, obj=obj, changes={}, reason=reason)


def record_reads(*, actor, objs: Iterable[models.Model], reason: str = "") -> None:
    """Log that `actor` read part of each of `objs` (a list shows several people's records): one
    event per object, in one transaction, so that each file's readers include this read."""
    objs = list(objs)
    if objs:
        with transaction.atomic(savepoint=False):
            _append_all(actor=actor, action=AuditAction.READ, objs=objs, changes={}, reason=reason)


def record_refusal(*, actor: Any, path: str, method: str) -> None:
    """A refused attempt is part of the audit trail (Rule 9): who tried to open what. A refusal
    to a signed-out visitor names nobody: it goes to the log only."""
    if not actor.is_authenticated:
        log.warning("Refused %s %s to a signed-out visitor", method, path)
        return
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            obj=actor,
            # PostgreSQL cannot keep a NUL character in JSON: an address made to probe with one is
            # recorded with the replacement character in its place.
            changes={"path": [None, path.replace("\x00", "\ufffd")], "method": [None, method]},
        )


# -- reading ---------------------------------------------------------------------------------------


def restrict(action: AuditAction, *, right: str) -> None:
    """Show events of `action` only to users who hold `right` ("app_label.codename")."""
    _RESTRICTED[action] = right


def _hidden_from(user) -> list[str]:
    """The restricted actions `user` may not read (all of them for no user)."""
    return sorted(action for action, right in _RESTRICTED.items() if user is None or not user.has_perm(right))


def _is_change(action: str) -> bool:
    return action not in (*READS, AuditAction.ACCESS_DENIED)


def last_change_id() -> int:
    """The newest audit event that records a change: every change of data through a service moves
    it on, while opening a file or a refused access does not. Figures cached under it stay valid
    while officers only read, which is most of the day. Kept on the chain head by the writers."""
    head = AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON_ID).values_list("last_change_id", flat=True)
    return head.first() or 0


def events_for(
    obj_type: str,
    obj_id: object,
    *,
    user,
    limit: int = 50,
    reads: bool = False,
    related: Iterable[tuple[str, object]] = (),
) -> list[AuditEvent]:
    """The newest `limit` events about one object (and the `related` (type, id) objects, such as
    the admissions of a person) that `user` may read: its changes, or with reads=True who opened
    it. One query."""
    ids_by_type: dict[str, set[str]] = {obj_type: {str(obj_id)}}
    for other_type, other_id in related:
        ids_by_type.setdefault(other_type, set()).add(str(other_id))
    about = Q()
    for object_type, ids in ids_by_type.items():
        about |= Q(object_type=object_type, object_id__in=sorted(ids))
    events = AuditEvent.objects.filter(about)
    events = (
        events.filter(action__in=READS)
        if reads
        else events.exclude(action__in=READS).exclude(action__in=_hidden_from(user))
    )
    return list(events.select_related("actor").order_by("-id")[:limit])


def last_change(obj: models.Model) -> AuditEvent | None:
    """The newest change of `obj` that anyone may be told of: restricted events are left out
    whoever asks, since the message that names it may reach any user who sent an old copy."""
    return (
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .exclude(action__in=READS)
        .exclude(action__in=_hidden_from(None))
        .select_related("actor")
        .order_by("-id")
        .first()
    )


# -- verifying -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None
    message: str


class _Broken(Exception):
    def __init__(self, event_id: int, why: str) -> None:
        super().__init__(why)
        self.event_id = event_id
        self.why = why


def _chain_columns() -> str:
    """The columns of _CHAIN_FIELDS, quoted, in that order."""
    connection = transaction.get_connection()
    columns = {field.attname: field.column for field in AuditEvent._meta.concrete_fields}
    return ", ".join(connection.ops.quote_name(columns[name]) for name in _CHAIN_FIELDS)


def _read_time(value: Any) -> datetime:
    """A stored time as the ORM reads it: SQLite keeps UTC text (without the fraction when it is
    zero), PostgreSQL gives an aware datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # Django's converter on SQLite gives the UTC time without its zone
        return value.replace(tzinfo=UTC)
    return value


def _read_json(value: Any) -> Any:
    """Stored `changes` as JSONField reads them: text on SQLite (and jsonb as text on PostgreSQL,
    as Django asks psycopg for it)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


class _Walk:
    """Follows the chain in id order, remembering only the last event seen."""

    def __init__(self) -> None:
        self.checked = 0
        self.last_id = 0
        self.last_hash = GENESIS_HASH

    def rows(self, *, up_to: int | None = None) -> Iterator[tuple[Any, ...]]:
        """The events after the last one seen, in id order, VERIFY_CHUNK at a time: each chunk a
        range of the primary key (WHERE id > last ORDER BY id LIMIT n), so memory stays constant
        and no cursor is held open between chunks on either database. Only the hashed columns are
        read, through the database cursor: Django's converters (a time zone per row, JSON through
        the field) took half the time of a walk; the values are made as they make them."""
        connection = transaction.get_connection()
        meta = AuditEvent._meta
        quote = connection.ops.quote_name
        columns = _chain_columns()
        where = f"{quote('id')} > %s" + (f" AND {quote('id')} <= %s" if up_to is not None else "")
        sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where} ORDER BY {quote('id')} LIMIT {VERIFY_CHUNK}"
        after = self.last_id
        while True:
            with connection.cursor() as cursor:
                cursor.execute(sql, [after] if up_to is None else [after, up_to])
                chunk = cursor.fetchall()
            for row in chunk:
                yield (row[0], _read_time(row[1]), *row[2:6], _read_json(row[6]), *row[7:])
            if len(chunk) < VERIFY_CHUNK:
                return
            after = chunk[-1][0]

    def follow(self, *, up_to: int | None = None) -> None:
        for event_id, at, actor_id, action, object_type, object_id, changes, reason, prev_hash, stored in self.rows(
            up_to=up_to
        ):
            content = event_hash(
                id=event_id,
                at=at,
                actor_id=actor_id,
                action=action,
                object_type=object_type,
                object_id=object_id,
                changes=changes,
                reason=reason,
                prev_hash=prev_hash,
            )
            if content != stored:
                raise _Broken(event_id, "its content does not match its hash")
            if prev_hash != self.last_hash:
                # The hash proves the link is broken; the ids only tell which way, for the reader:
                # ids are dense, so a gap means an event was taken out.
                if event_id != self.last_id + 1:
                    raise _Broken(event_id, "an event is missing before it")
                raise _Broken(event_id, f"it does not follow event {self.last_id}")
            self.checked += 1
            self.last_id, self.last_hash = event_id, stored


def verify_chain(*, since: tuple[int, str] | None = None) -> ChainReport:
    """Check every audit event against its hash and its predecessor, and the end of the trail
    against the chain head. Reads in chunks; safe to run while the service is writing.

    `since` (event id, hash), from a signed checkpoint whose signature was checked: only the
    events after it are walked, once the event it names is found to have that hash still (else
    the report says the checkpoint no longer matches, and nothing is walked). The events up to it
    were whole when the checkpoint was signed, and a later change of any of them breaks the link
    into the checkpointed event, which full walks and the checkpoints' own checks find."""
    walk = _Walk()
    start = ""
    try:
        if since is not None and since[0] > 0:
            since_id, since_hash = since
            stored = AuditEvent.objects.filter(id=since_id).values_list("hash", flat=True).first()
            if stored != since_hash:
                what = "no longer exists" if stored is None else "no longer has the hash the checkpoint signed"
                raise _Broken(since_id, f"it {what}: the trail was rewritten or cut since the checkpoint")
            walk.last_id, walk.last_hash = since_id, since_hash
            start = f" after event {since_id}, the last checkpointed one"
        walk.follow()
        # The head is read after the walk. Each event commits together with the head that names
        # it, so a head read later names at least every genuine event the walk saw.
        head = AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON_ID).first()
        if head is None:
            if walk.last_id:
                raise _Broken(walk.last_id, "the chain head is missing, so the end of the trail cannot be checked")
            return ChainReport(True, 0, None, "Audit trail intact: 0 events")
        if walk.last_id > head.last_id:
            forged = AuditEvent.objects.filter(id__gt=head.last_id).order_by("id").values_list("id", flat=True)[0]
            raise _Broken(forged, f"it comes after event {head.last_id}, the last one the chain head records")
        if walk.last_id < head.last_id:
            # Events committed while we walked: follow them too, up to the head we read.
            walk.follow(up_to=head.last_id)
        if walk.last_id < head.last_id:
            raise _Broken(
                walk.last_id + 1,
                f"it is missing: the trail ends at event {walk.last_id}, the chain head at event {head.last_id}",
            )
        if walk.last_hash != head.last_hash:
            raise _Broken(walk.last_id, "it does not match the chain head")
    except _Broken as broken:
        return ChainReport(
            ok=False,
            checked=walk.checked,
            first_broken_id=broken.event_id,
            message=f"Audit trail broken at event {broken.event_id}: {broken.why}",
        )
    return ChainReport(True, walk.checked, None, f"Audit trail intact: {walk.checked} events{start}")


def chain_head() -> tuple[int, str]:
    """(last event id, its hash): what a signed checkpoint records outside the database
    (custodia.core.checkpoints), since a head rewritten together with the whole trail can only
    be caught that way."""
    head = AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON_ID).first()
    return (head.last_id, head.last_hash) if head else (0, GENESIS_HASH)
