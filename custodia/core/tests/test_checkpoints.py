"""Signed checkpoints of the audit chain head (pen-test finding 13): someone who can write to the
database can make the chain consistent again after removing or rewriting events, and only
checkpoints signed with a key the database does not hold show it. Every tamper test first shows
that the chain alone still verifies (so audit_verify without checkpoints would say "intact")."""

import base64
import json
import os
import socket
import stat
import threading
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from custodia.core import audit, checkpoints
from custodia.core.models import AuditEvent
from custodia.core.tests.tampering import EVENTS, HEAD, auditor, record_events, tamper

pytestmark = pytest.mark.django_db


# -- helpers ---------------------------------------------------------------------------------------


@pytest.fixture
def actor(db: None) -> User:
    return auditor()


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "audit.key"
    path.parent.mkdir()
    checkpoints.generate_key_pair(path)
    return path


@pytest.fixture
def ckpt(settings, tmp_path: Path, key_path: Path) -> Path:
    """Checkpoints configured as on a server: a file, a signing key, no separate verify key."""
    path = tmp_path / "audit-checkpoints.jsonl"
    settings.AUDIT_CHECKPOINTS = str(path)
    settings.AUDIT_SIGNING_KEY = str(key_path)
    settings.AUDIT_VERIFY_KEYS = []
    settings.AUDIT_SYSLOG = ""
    return path


def _checkpoint(**options: Any) -> str:
    out = StringIO()
    call_command("audit_checkpoint", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def _verify(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def _signed_at(path: Path, line: int) -> str:
    return json.loads(_lines(path)[line - 1])["at"]


def _truncate(events: list[AuditEvent], keep: int) -> None:
    """Delete the events after the first `keep` and roll the chain head back onto the last one
    kept: the chain stays consistent, as the forger wants."""
    last = events[keep - 1]
    tamper(f"DELETE FROM {EVENTS} WHERE id > %s", [last.id])
    tamper(f"UPDATE {HEAD} SET last_id = %s, last_hash = %s", [last.id, last.hash])


def _rewrite_from(event_id: int) -> None:
    """Change the reason of event `event_id` and recompute its hash, every later link and hash,
    and the chain head: a full rewrite by someone who knows the format."""
    rows = list(
        AuditEvent.objects.filter(id__gte=event_id)
        .order_by("id")
        .values("id", "at", "actor_id", "action", "object_type", "object_id", "changes", "reason", "prev_hash")
    )
    prev_hash = rows[0]["prev_hash"]
    for row in rows:
        row["prev_hash"] = prev_hash
        if row["id"] == event_id:
            row["reason"] = "nothing happened"
        new_hash = audit.event_hash(**row)
        tamper(
            f"UPDATE {EVENTS} SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row["reason"], row["prev_hash"], new_hash, row["id"]],
        )
        prev_hash = new_hash
    tamper(f"UPDATE {HEAD} SET last_id = %s, last_hash = %s", [rows[-1]["id"], prev_hash])


# -- the format ------------------------------------------------------------------------------------


def test_canonical_form_and_key_id_are_fixed():
    """Checkpoints signed today must verify in every later release: the signed bytes are pinned."""
    assert checkpoints.canonical_bytes(
        seq=7, at="2026-03-04T05:06:07Z", last_id=1234, last_hash="ab" * 32, prev="0" * 64, key_id="0123456789abcdef"
    ) == (
        b'{"at":"2026-03-04T05:06:07Z","key_id":"0123456789abcdef","last_hash":"'
        + b"ab" * 32
        + b'","last_id":1234,"prev":"'
        + b"0" * 64
        + b'","seq":7,"type":"custodia.audit.checkpoint","v":1}'
    )
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    assert checkpoints.key_id(key.public_key()) == "56475aa75463474c"
    line = checkpoints.sign(key, seq=1, at="2026-03-04T05:06:07Z", last_id=5, last_hash="cd" * 32, prev="0" * 64)
    assert checkpoints.verify_line(line, {"56475aa75463474c": key.public_key()}).last_id == 5


@pytest.mark.parametrize(
    "change",
    [
        {"last_id": 6},  # a later head claimed with the old signature
        {"last_hash": "ee" * 32},
        {"at": "2030-01-01T00:00:00Z"},
        {"prev": "11" * 32},
        {"sig": base64.b64encode(b"\x00" * 64).decode()},
    ],
)
def test_a_changed_line_has_a_bad_signature(change):
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    keys = {checkpoints.key_id(key.public_key()): key.public_key()}
    line = checkpoints.sign(key, seq=1, at="2026-03-04T05:06:07Z", last_id=5, last_hash="cd" * 32, prev="0" * 64)
    tampered = json.dumps({**json.loads(line), **change}, sort_keys=True, separators=(",", ":")).encode()
    with pytest.raises(checkpoints.CheckpointError, match="bad signature"):
        checkpoints.verify_line(tampered, keys)


@pytest.mark.parametrize(
    "line",
    [b"not json", b"[]", b'{"v":1}', b"\xff\xfe", json.dumps({"seq": True}).encode()],
)
def test_what_is_not_a_checkpoint_is_refused_by_form(line):
    with pytest.raises(checkpoints.CheckpointError, match="not a checkpoint"):
        checkpoints.parse_line(line)


# -- the intact case and the commands --------------------------------------------------------------


def test_intact_chain_with_checkpoints_verifies(actor, ckpt, settings):
    record_events(actor, 3)
    _checkpoint()
    record_events(actor, 2)
    _checkpoint()
    _checkpoint()  # nothing new: the same head, signed again, is fine
    record_events(actor, 1)  # events after the latest checkpoint are normal
    code, out, err = _verify()
    assert (code, err) == (0, "")
    assert "Audit trail intact: 6 events" in out
    assert "Checkpoints intact: 3 signed checkpoints" in out
    assert f"saw event {AuditEvent.objects.order_by('id')[4].id}" in out
    keys = checkpoints.verify_keys(verify_key_paths=[], signing_key_path=settings.AUDIT_SIGNING_KEY)
    report = checkpoints.verify_checkpoints(path=ckpt, keys=keys)
    assert (report.ok, report.checkpoints, report.problems) == (True, 3, [])


def test_audit_checkpoint_command_output_and_file(actor, ckpt, key_path):
    events = record_events(actor, 2)
    out = _checkpoint()
    kid = checkpoints.key_id(checkpoints.load_verify_key(key_path.with_name("audit.key.pub")))
    first = json.loads(_lines(ckpt)[0])
    assert (
        f"Checkpoint 1 signed at {first['at']}: event {events[-1].id}, sha256 {events[-1].hash}, key id {kid}." in out
    )
    assert f"Appended to {ckpt}." in out
    assert (first["seq"], first["last_id"], first["last_hash"], first["prev"]) == (
        1,
        events[-1].id,
        events[-1].hash,
        checkpoints.FIRST_PREV,
    )
    assert _checkpoint(verbosity=0) == ""
    second = json.loads(_lines(ckpt)[1])
    assert second["seq"] == 2
    assert second["prev"] == checkpoints.line_hash(_lines(ckpt)[0]), "each line carries the hash of the one before"
    assert ckpt.read_bytes().endswith(b"\n")


def test_audit_checkpoint_without_a_key_says_how_to_make_one(actor, ckpt, settings):
    settings.AUDIT_SIGNING_KEY = ""
    with pytest.raises(CommandError, match="No signing key: set CUSTODIA_AUDIT_SIGNING_KEY.*audit_keygen"):
        _checkpoint()
    assert not ckpt.exists()


def test_audit_verify_without_checkpoints_warns_and_keeps_todays_behaviour(actor, settings, tmp_path):
    record_events(actor, 2)
    settings.AUDIT_CHECKPOINTS = ""
    code, out, err = _verify()
    assert code == 0
    assert "Audit trail intact: 2 events" in out
    assert "Warning: no checkpoint file is configured (CUSTODIA_AUDIT_CHECKPOINTS)" in err
    settings.AUDIT_CHECKPOINTS = str(tmp_path / "none-yet.jsonl")
    code, out, err = _verify()
    assert code == 0
    assert f"Warning: no checkpoint file at {tmp_path / 'none-yet.jsonl'} yet" in err


def test_an_auditor_verifies_with_only_the_public_key_and_a_copy(actor, ckpt, key_path, settings, tmp_path):
    record_events(actor, 3)
    _checkpoint()
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(ckpt.read_bytes())
    settings.AUDIT_SIGNING_KEY = ""
    settings.AUDIT_CHECKPOINTS = ""
    code, out, err = _verify("--checkpoints", str(copy), "--verify-key", f"{key_path}.pub")
    assert (code, err) == (0, "")
    assert f"Checkpoints intact: 1 signed checkpoints in {copy}" in out


def test_no_key_to_verify_with_is_an_error(actor, ckpt, settings):
    record_events(actor, 1)
    _checkpoint()
    settings.AUDIT_SIGNING_KEY = ""
    code, _, err = _verify()
    assert code == 1
    assert "No key to verify the checkpoints with" in err


# -- tampering with the trail ----------------------------------------------------------------------


def test_truncation_is_named(actor, ckpt):
    events = record_events(actor, 5)
    _checkpoint()
    _truncate(events, keep=3)
    assert audit.verify_chain().ok, "the chain alone no longer shows it"
    code, out, err = _verify()
    assert code == 1
    assert "Audit trail intact: 3 events" in out
    assert (
        f"Truncation: the trail ends at event {events[2].id} but a checkpoint signed at {_signed_at(ckpt, 1)} "
        f"saw event {events[4].id} (checkpoint line 1)."
    ) in err


def test_truncation_and_new_events_on_top_are_named_as_a_rewrite(actor, ckpt):
    """The forger cuts the trail and lets the service write on: the ids come back, with other hashes."""
    events = record_events(actor, 4)
    _checkpoint()
    _truncate(events, keep=2)
    record_events(actor, 3)
    assert audit.verify_chain().ok
    code, _, err = _verify()
    assert code == 1
    assert f"Rewrite: the event at id {events[3].id} no longer has the hash signed at {_signed_at(ckpt, 1)}" in err


def test_full_rewrite_is_named(actor, ckpt):
    events = record_events(actor, 5)
    _checkpoint()  # line 1 saw event 5
    record_events(actor, 2)
    _checkpoint()  # line 2 saw event 7
    _rewrite_from(events[1].id)
    assert audit.verify_chain().ok, "the chain alone no longer shows it"
    code, out, err = _verify()
    assert code == 1
    assert "Audit trail intact: 7 events" in out
    assert (
        f"Rewrite: the event at id {events[4].id} no longer has the hash signed at {_signed_at(ckpt, 1)} "
        f"(checkpoint line 1, sha256 {events[4].hash})."
    ) in err
    assert "Rewrite: 1 later checkpointed event(s) no longer match either." in err


def test_rewrite_of_a_checkpointed_event_is_named_at_that_event(actor, ckpt):
    events = record_events(actor, 2)
    _checkpoint()
    record_events(actor, 2)
    _checkpoint()
    _rewrite_from(events[0].id)
    assert audit.verify_chain().ok
    code, _, err = _verify()
    assert code == 1
    assert f"Rewrite: the event at id {events[1].id} no longer has the hash signed at {_signed_at(ckpt, 1)}" in err


def test_the_checkpoint_job_refuses_to_sign_over_a_truncation_or_a_rewrite(actor, ckpt):
    events = record_events(actor, 4)
    _checkpoint()
    _truncate(events, keep=2)
    with pytest.raises(CommandError, match=f"Truncation: the trail ends at event {events[1].id} .* saw event"):
        _checkpoint()
    record_events(actor, 3)  # the trail grows past the signed event again, on a forged branch
    with pytest.raises(CommandError, match=f"Rewrite: the event at id {events[3].id} no longer has the hash signed"):
        _checkpoint()
    assert len(_lines(ckpt)) == 1, "nothing was signed over the forgery"


def test_the_checkpoint_job_refuses_to_sign_a_broken_chain(actor, ckpt):
    events = record_events(actor, 3)
    _checkpoint()
    record_events(actor, 2)
    tamper(f"UPDATE {EVENTS} SET reason = %s WHERE id = %s", ["changed", events[-1].id + 1])
    with pytest.raises(CommandError, match=f"broken at event {events[-1].id + 1}: its content does not match"):
        _checkpoint()
    assert len(_lines(ckpt)) == 1


# -- verifying from the last checkpoint (audit_verify --since-checkpoint) --------------------------


def test_since_checkpoint_walks_only_the_events_after_it(actor, ckpt):
    events = record_events(actor, 5)
    _checkpoint()
    record_events(actor, 3)
    code, out, err = _verify("--since-checkpoint")
    assert (code, err) == (0, "")
    assert "Checkpoints intact: 1 signed checkpoints" in out
    assert f"Audit trail intact: 3 events after event {events[4].id}, the last checkpointed one" in out
    report = audit.verify_chain(since=(events[4].id, events[4].hash))
    assert (report.ok, report.checked) == (True, 3)


def test_since_checkpoint_names_a_tampered_event_after_it(actor, ckpt):
    record_events(actor, 3)
    _checkpoint()
    after = record_events(actor, 3)
    tamper(f"UPDATE {EVENTS} SET reason = %s WHERE id = %s", ["nothing happened", after[1].id])
    code, _, err = _verify("--since-checkpoint")
    assert code == 1
    assert f"Audit trail broken at event {after[1].id}: its content does not match its hash" in err


def test_since_checkpoint_names_an_event_removed_after_it(actor, ckpt):
    record_events(actor, 2)
    _checkpoint()
    after = record_events(actor, 3)
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [after[0].id])
    code, _, err = _verify("--since-checkpoint")
    assert code == 1
    assert f"Audit trail broken at event {after[1].id}: an event is missing before it" in err


def test_since_checkpoint_refuses_a_checkpoint_whose_event_was_rewritten(actor, ckpt):
    """The forger rewrites the trail up to and past the checkpointed event, consistently: the
    checkpoint's hash no longer matches its event, so nothing is walked from it."""
    events = record_events(actor, 4)
    _checkpoint()
    record_events(actor, 2)
    _rewrite_from(events[1].id)
    assert audit.verify_chain().ok, "the chain alone no longer shows it"
    code, out, err = _verify("--since-checkpoint")
    assert code == 1
    assert f"Rewrite: the event at id {events[3].id} no longer has the hash signed at {_signed_at(ckpt, 1)}" in err
    assert "The trail was not walked: run audit_verify without --since-checkpoint." in err
    assert "Audit trail intact" not in out
    # The walk itself refuses a starting point whose event no longer has the signed hash.
    report = audit.verify_chain(since=(events[3].id, events[3].hash))
    assert not report.ok
    assert report.first_broken_id == events[3].id
    assert "no longer has the hash the checkpoint signed" in report.message


def test_since_checkpoint_leaves_events_before_it_to_the_full_walk(actor, ckpt):
    """What the incremental mode does not see, and why the full walk stays the daily one: an event
    before the checkpoint changed without its hash (the checkpointed event is left as it was)."""
    events = record_events(actor, 4)
    _checkpoint()
    tamper(f"UPDATE {EVENTS} SET reason = %s WHERE id = %s", ["nothing happened", events[1].id])
    assert _verify("--since-checkpoint")[0] == 0
    code, _, err = _verify()
    assert code == 1
    assert f"Audit trail broken at event {events[1].id}: its content does not match its hash" in err


def test_since_checkpoint_without_a_checkpoint_file_says_to_walk_the_whole_trail(actor, ckpt):
    record_events(actor, 2)
    code, _, err = _verify("--since-checkpoint")
    assert code == 1
    assert "needs a checkpoint file" in err and "run audit_verify without it" in err


def test_since_checkpoint_with_an_empty_checkpoint_file_walks_the_whole_trail(actor, ckpt):
    record_events(actor, 2)
    ckpt.write_bytes(b"")
    code, out, _ = _verify("--since-checkpoint")
    assert code == 0
    assert "Audit trail intact: 2 events" in out


# -- tampering with the checkpoint file ------------------------------------------------------------


def test_a_checkpoint_line_with_a_bad_signature_is_refused(actor, ckpt, key_path):
    """The forger cuts the trail and replaces the checkpoint that saw its end with one of their
    own, under the real key's id but signed with another key."""
    events = record_events(actor, 5)
    _checkpoint()
    _truncate(events, keep=3)
    forger = Ed25519PrivateKey.generate()
    real = json.loads(_lines(ckpt)[0])
    signed = checkpoints.canonical_bytes(
        seq=1, at=real["at"], last_id=events[2].id, last_hash=events[2].hash, prev=real["prev"], key_id=real["key_id"]
    )
    forged = {**json.loads(signed), "sig": base64.b64encode(forger.sign(signed)).decode()}
    ckpt.write_bytes(json.dumps(forged, sort_keys=True, separators=(",", ":")).encode() + b"\n")
    assert audit.verify_chain().ok
    code, _, err = _verify()
    assert code == 1
    assert f"Checkpoint file {ckpt}, line 1: bad signature" in err
    with pytest.raises(CommandError, match="The last line of .* is not a valid checkpoint: bad signature"):
        _checkpoint()


def test_a_line_signed_by_an_unknown_key_is_refused(actor, ckpt, tmp_path):
    record_events(actor, 1)
    _checkpoint()
    other = tmp_path / "other.key"
    checkpoints.generate_key_pair(other)
    code, _, err = _verify("--verify-key", f"{other}.pub")
    assert code == 1
    assert "line 1: signed with key id" in err and "not among the verify keys" in err


def test_a_line_removed_from_the_middle_is_detected(actor, ckpt):
    for _ in range(3):
        record_events(actor, 1)
        _checkpoint()
    lines = _lines(ckpt)
    ckpt.write_bytes(lines[0] + b"\n" + lines[2] + b"\n")
    assert audit.verify_chain().ok
    code, _, err = _verify()
    assert code == 1
    assert f"Checkpoint file {ckpt}, line 2: does not follow line 1 (1 line(s) missing before it)" in err


def test_a_line_removed_from_the_start_or_repeated_is_detected(actor, ckpt):
    for _ in range(2):
        record_events(actor, 1)
        _checkpoint()
    lines = _lines(ckpt)
    ckpt.write_bytes(lines[1] + b"\n")
    assert "line 1: does not follow the start of the file (1 line(s) missing before it)" in _verify()[2]
    ckpt.write_bytes(lines[0] + b"\n" + lines[1] + b"\n" + lines[1] + b"\n")
    assert "line 3: does not follow line 2 (a line before it was inserted, repeated or moved)" in _verify()[2]


def test_a_head_created_by_the_first_writer_meanwhile_is_not_taken_for_a_missing_one(actor, ckpt, monkeypatch):
    """After a flush there is no head until the first writer commits one with its event; a
    checkpoint taken just then must sign that head, not refuse as if it had been deleted."""
    tamper(f"DELETE FROM {HEAD}")
    read_head = checkpoints._read_head
    calls = []

    def head_appears_after_the_first_read() -> tuple[int, str] | None:
        calls.append(1)
        if len(calls) == 1:
            head = read_head()
            record_events(actor, 1)  # the first writer commits between the two reads
            return head
        return read_head()

    monkeypatch.setattr(checkpoints, "_read_head", head_appears_after_the_first_read)
    _checkpoint()
    assert json.loads(_lines(ckpt)[0])["last_id"] == AuditEvent.objects.get().id
    monkeypatch.setattr(checkpoints, "_read_head", read_head)
    tamper(f"DELETE FROM {HEAD}")
    with pytest.raises(CommandError, match="chain head is missing while audit events exist"):
        _checkpoint()


def test_a_cut_off_last_line_stops_the_job_and_is_reported(actor, ckpt):
    record_events(actor, 1)
    _checkpoint()
    with ckpt.open("ab") as file:
        file.write(b'{"at":"2026-')  # a crash in the middle of a write, or a hand edit
    with pytest.raises(CommandError, match="The last line of .* is incomplete"):
        _checkpoint()
    code, _, err = _verify()
    assert code == 1
    assert f"Checkpoint file {ckpt}, line 2: too long or cut off; not a checkpoint." in err


def test_key_rotation_keeps_old_checkpoints_verifiable(actor, ckpt, key_path, settings, tmp_path):
    record_events(actor, 2)
    _checkpoint()
    new_key = tmp_path / "audit-2.key"
    checkpoints.generate_key_pair(new_key)
    settings.AUDIT_SIGNING_KEY = str(new_key)
    # The checkpoint job checks the last line before chaining onto it: it needs the old public key.
    with pytest.raises(CommandError, match="not among the verify keys"):
        _checkpoint()
    settings.AUDIT_VERIFY_KEYS = [f"{key_path}.pub", f"{new_key}.pub"]
    record_events(actor, 1)
    _checkpoint()
    assert {json.loads(line)["key_id"] for line in _lines(ckpt)} == {
        checkpoints.key_id(checkpoints.load_verify_key(f"{key_path}.pub")),
        checkpoints.key_id(checkpoints.load_verify_key(f"{new_key}.pub")),
    }
    code, out, _ = _verify()
    assert code == 0 and "Checkpoints intact: 2 signed checkpoints" in out
    settings.AUDIT_VERIFY_KEYS = [f"{new_key}.pub"]
    assert "line 1: signed with key id" in _verify()[2]


# -- keys ------------------------------------------------------------------------------------------


def test_key_generation_writes_0600_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "audit.key"
    stdout = StringIO()
    call_command("audit_keygen", "--out", str(out), stdout=stdout)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    public = tmp_path / "audit.key.pub"
    kid = checkpoints.key_id(checkpoints.load_verify_key(public))
    assert f"Private key written to {out} (mode 0600), key id {kid}." in stdout.getvalue()
    assert checkpoints.key_id(checkpoints.load_signing_key(out).public_key()) == kid
    before = out.read_bytes(), public.read_bytes()
    with pytest.raises(CommandError, match="already exists: a signing key is never overwritten"):
        call_command("audit_keygen", "--out", str(out), stdout=StringIO())
    assert (out.read_bytes(), public.read_bytes()) == before
    # A public key left behind is not overwritten either, and no private key is written beside it.
    lone = tmp_path / "lone.key"
    Path(f"{lone}.pub").write_text("keep me")
    with pytest.raises(CommandError, match="lone.key.pub already exists"):
        call_command("audit_keygen", "--out", str(lone), stdout=StringIO())
    assert not lone.exists()
    assert Path(f"{lone}.pub").read_text() == "keep me"


# -- bounded verification, syslog, concurrency -----------------------------------------------------


def test_checkpointed_ids_are_looked_up_in_chunks(actor, ckpt, key_path, monkeypatch):
    for _ in range(5):
        record_events(actor, 1)
        _checkpoint()
    monkeypatch.setattr(checkpoints, "LOOKUP_CHUNK", 2)
    keys = checkpoints.verify_keys(verify_key_paths=[f"{key_path}.pub"])
    with CaptureQueriesContext(connection) as queries:
        report = checkpoints.verify_checkpoints(path=ckpt, keys=keys)
    assert report.ok and report.checkpoints == 5
    lookups = [q["sql"] for q in queries.captured_queries if EVENTS in q["sql"] and " IN (" in q["sql"]]
    assert len(lookups) == 3, "five checkpoints, two per query"
    assert len(queries) == 4, "the chain head, then the lookups"


def test_a_checkpoint_is_also_sent_to_syslog(actor, ckpt, settings):
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    try:
        settings.AUDIT_SYSLOG = f"127.0.0.1:{receiver.getsockname()[1]}"
        record_events(actor, 1)
        out = _checkpoint()
        message = receiver.recv(4096)
    finally:
        receiver.close()
    assert f"Sent to syslog at {settings.AUDIT_SYSLOG}." in out
    assert b"custodia-audit-checkpoint: " in message
    assert _lines(ckpt)[0] in message


def test_an_unreachable_syslog_is_reported_after_the_line_is_written(actor, ckpt, settings):
    settings.AUDIT_SYSLOG = "tcp://127.0.0.1:1"  # nothing listens on port 1
    record_events(actor, 1)
    with pytest.raises(CommandError, match=f"written to {ckpt} but not sent to syslog"):
        _checkpoint()
    assert len(_lines(ckpt)) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's test database is one in-memory file")
@pytest.mark.django_db(transaction=True)
def test_checkpoints_taken_while_others_write_and_checkpoint(django_user_model, ckpt, key_path):
    user = django_user_model.objects.create_user("busy", password="a-long-test-password")
    signing_key = checkpoints.load_signing_key(key_path)
    # As after a flush: the first writer creates the head while checkpoints are being taken.
    tamper(f"DELETE FROM {HEAD}")
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            start.wait()
            for i in range(15):
                with transaction.atomic():
                    audit.record(actor=user, action=f"test.w{i}", obj=user)
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    def checkpointer() -> None:
        try:
            start.wait()
            for _ in range(5):
                checkpoints.take_checkpoint(path=ckpt, signing_key=signing_key)
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target) for target in (writer, writer, checkpointer, checkpointer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    code, out, err = _verify()
    assert (code, err) == (0, "")
    assert "Audit trail intact: 30 events" in out
    assert "Checkpoints intact: 10 signed checkpoints" in out
