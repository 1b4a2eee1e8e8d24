"""Signed checkpoints of the audit chain head, kept outside the database.

The hash chain (core/audit.py) shows any change made to part of the trail, but whoever can write
to the database can also delete the last events and roll the chain head back, or edit an event
and recompute every later hash and the head: the chain is then consistent again. A checkpoint
closes that gap. It is the head (last event id and hash) and the time, signed with an Ed25519
key that the database does not hold, and written to an append-only file outside the database
(and, if configured, to a remote syslog). audit_verify then asks, for every checkpoint, whether
the event it signed still has the signed hash ("rewrite" otherwise) and whether the trail still
reaches it ("truncation" otherwise). It is the idea of Certificate Transparency's signed tree
heads: a log operator cannot rewrite history that it has signed and that others have copied.

One checkpoint is one line of JSON (sorted keys, no spaces, ASCII), for example:

    {"at":"2026-03-04T05:06:07Z","key_id":"9f86d081884c7d65","last_hash":"…","last_id":1234,
     "prev":"…","seq":7,"sig":"…","type":"custodia.audit.checkpoint","v":1}

`seq` numbers the lines from 1 and `prev` is the SHA-256 of the previous line's bytes (64 zeros
for the first), so the file is a chain of its own: a line removed, inserted or changed in the
middle is found. `sig` (base64) signs `canonical_bytes` of every other field, `prev` included, so
that chain cannot be recomputed without the key. `key_id` names the key: the first 8 bytes, in
hex, of the SHA-256 of the raw public key; several verify keys can be given, so checkpoints
signed before a key rotation stay verifiable with the old public key.

Only the latest lines cannot be protected by the file itself (whoever can write the file can cut
its end): that is what the copies elsewhere are for (docs/operations.md, "Audit checkpoints").
"""

import base64
import binascii
import hashlib
import json
import os
import re
import socket
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from logging import INFO, LogRecord
from logging.handlers import SysLogHandler
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils import timezone

from . import audit
from .models import GENESIS_HASH, AuditChainHead, AuditEvent

try:  # Unix; elsewhere (Windows) scheduled runs must not overlap, which a single timer ensures.
    import fcntl
except ImportError:  # pragma: no cover - not on the supported servers
    fcntl = None  # type: ignore[assignment]

CHECKPOINT_TYPE = "custodia.audit.checkpoint"
FORMAT_VERSION = 1
FIRST_PREV = "0" * 64
KEY_ID_BYTES = 8
# A checkpoint line is about 330 bytes: anything much longer is not one, and reading it whole
# would let a damaged file take all the memory of the verifier.
MAX_LINE = 4096
# Checkpointed ids looked up per query while verifying: thousands of checkpoints cost a few
# queries, and memory stays constant.
LOOKUP_CHUNK = 1000
# A damaged file could yield a problem per line: the report keeps the first ones and a count.
MAX_PROBLEMS = 20

_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(rf"[0-9a-f]{{{2 * KEY_ID_BYTES}}}")
_FIELDS = {"at", "key_id", "last_hash", "last_id", "prev", "seq", "sig", "type", "v"}


class CheckpointError(Exception):
    """A checkpoint cannot be taken or read: the message says what and where."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    at: str
    last_id: int
    last_hash: str
    prev: str
    key_id: str
    sig: str


# -- the format (pure) -----------------------------------------------------------------------------


def key_id(public_key: Ed25519PublicKey) -> str:
    """First bytes of the SHA-256 of the raw 32-byte public key, in hex."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[: 2 * KEY_ID_BYTES]


def utc_text(at: datetime) -> str:
    """The signing time as ISO 8601 UTC to the second: it dates a checkpoint for people."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_bytes(*, seq: int, at: str, last_id: int, last_hash: str, prev: str, key_id: str) -> bytes:
    """The exact bytes a checkpoint's signature covers (format version 1).

    The "type" field keeps a signature made for a checkpoint from being taken for anything else
    signed with the same key; `prev` is covered so that the file's chain cannot be rebuilt.
    """
    content = {
        "type": CHECKPOINT_TYPE,
        "v": FORMAT_VERSION,
        "seq": seq,
        "at": at,
        "last_id": last_id,
        "last_hash": last_hash,
        "prev": prev,
        "key_id": key_id,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def sign(private_key: Ed25519PrivateKey, *, seq: int, at: str, last_id: int, last_hash: str, prev: str) -> bytes:
    """One signed checkpoint line, without its newline."""
    kid = key_id(private_key.public_key())
    signed = canonical_bytes(seq=seq, at=at, last_id=last_id, last_hash=last_hash, prev=prev, key_id=kid)
    content = json.loads(signed)
    content["sig"] = base64.b64encode(private_key.sign(signed)).decode("ascii")
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def line_hash(line: bytes) -> str:
    """What the next line carries as `prev`: the SHA-256 of this line's bytes as stored."""
    return hashlib.sha256(line).hexdigest()


def _is_int(value: Any) -> bool:
    return type(value) is int  # bool is an int to Python, not to this format


def parse_line(line: bytes) -> Checkpoint:
    """The fields of a checkpoint line, checked for form only (not its signature)."""
    try:
        content = json.loads(line)
    except (UnicodeDecodeError, ValueError) as exc:
        raise CheckpointError("not a checkpoint: the line is not valid JSON") from exc
    if not isinstance(content, dict) or set(content) != _FIELDS or content["type"] != CHECKPOINT_TYPE:
        raise CheckpointError("not a checkpoint: its fields are not those of a checkpoint")
    if content["v"] != FORMAT_VERSION or not _is_int(content["v"]):
        raise CheckpointError(f"checkpoint format {content['v']!r} is not known to this release")
    text_fields = ("at", "last_hash", "prev", "key_id", "sig")
    if not all(isinstance(content[name], str) for name in text_fields):
        raise CheckpointError("not a checkpoint: a field that holds text holds something else")
    seq, last_id = content["seq"], content["last_id"]
    if not (_is_int(seq) and seq >= 1 and _is_int(last_id) and last_id >= 0):
        raise CheckpointError("not a checkpoint: seq or last_id is not a number in range")
    if not (_HEX64.fullmatch(content["last_hash"]) and _HEX64.fullmatch(content["prev"])):
        raise CheckpointError("not a checkpoint: last_hash or prev is not a SHA-256 in hex")
    if not _KEY_ID.fullmatch(content["key_id"]):
        raise CheckpointError("not a checkpoint: key_id is malformed")
    return Checkpoint(
        seq=seq,
        at=content["at"],
        last_id=last_id,
        last_hash=content["last_hash"],
        prev=content["prev"],
        key_id=content["key_id"],
        sig=content["sig"],
    )


def verify_line(line: bytes, keys: Mapping[str, Ed25519PublicKey]) -> Checkpoint:
    """The checkpoint on `line` if its signature is valid under the key it names, else CheckpointError."""
    checkpoint = parse_line(line)
    public_key = keys.get(checkpoint.key_id)
    if public_key is None:
        raise CheckpointError(
            f"signed with key id {checkpoint.key_id}, which is not among the verify keys "
            "(give its public key with CUSTODIA_AUDIT_VERIFY_KEY or --verify-key)"
        )
    try:
        signature = base64.b64decode(checkpoint.sig, validate=True)
        public_key.verify(
            signature,
            canonical_bytes(
                seq=checkpoint.seq,
                at=checkpoint.at,
                last_id=checkpoint.last_id,
                last_hash=checkpoint.last_hash,
                prev=checkpoint.prev,
                key_id=checkpoint.key_id,
            ),
        )
    except (binascii.Error, ValueError, InvalidSignature) as exc:
        raise CheckpointError(
            f"bad signature: the line was not signed as it reads by key id {checkpoint.key_id}"
        ) from exc
    return checkpoint


# -- keys ------------------------------------------------------------------------------------------


def generate_key_pair(out: Path) -> tuple[Path, str]:
    """Write a new private key to `out` (mode 0600) and its public key to `out`.pub; never overwrite.

    Returns the public key's path and the key id. The private key is not encrypted: the
    scheduled job must use it unattended, so it is protected by who can read the file.
    """
    public_path = out.with_name(out.name + ".pub")
    for path in (out, public_path):
        if path.exists() or path.is_symlink():
            raise CheckpointError(f"{path} already exists: a signing key is never overwritten. Choose another path.")
    private_key = Ed25519PrivateKey.generate()
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    # O_EXCL: a file created between the check above and here is still not overwritten.
    _write_new(out, private_pem, 0o600)
    try:
        _write_new(public_path, public_pem, 0o644)
    except CheckpointError:
        out.unlink()
        raise
    return public_path, key_id(private_key.public_key())


def _write_new(path: Path, data: bytes, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError as exc:
        raise CheckpointError(f"{path} already exists: a signing key is never overwritten.") from exc
    except OSError as exc:
        raise CheckpointError(f"{path} cannot be written: {exc.strerror}") from exc
    with os.fdopen(fd, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def load_signing_key(path: str | Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except OSError as exc:
        raise CheckpointError(f"The signing key {path} cannot be read: {exc.strerror}") from exc
    except (ValueError, TypeError) as exc:
        raise CheckpointError(f"{path} is not an unencrypted private key in PEM form: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} is not an Ed25519 private key")
    return key


def load_verify_key(path: str | Path) -> Ed25519PublicKey:
    """A public key in PEM form; a private key file is accepted too, and only its public half kept."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CheckpointError(f"The verify key {path} cannot be read: {exc.strerror}") from exc
    try:
        key: Any = serialization.load_pem_public_key(data)
    except ValueError:
        try:
            key = serialization.load_pem_private_key(data, password=None).public_key()
        except (ValueError, TypeError) as exc:
            raise CheckpointError(f"{path} is not a public key in PEM form") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(f"{path} is not an Ed25519 key")
    return key


def verify_keys(*, verify_key_paths: Iterable[str], signing_key_path: str = "") -> dict[str, Ed25519PublicKey]:
    """{key id: public key}: the given verify keys, or else the public half of the signing key."""
    paths = [path for path in verify_key_paths if path]
    if not paths and signing_key_path:
        paths = [signing_key_path]
    if not paths:
        raise CheckpointError(
            "No key to verify the checkpoints with: set CUSTODIA_AUDIT_VERIFY_KEY (or give --verify-key) "
            "to the public key, or CUSTODIA_AUDIT_SIGNING_KEY."
        )
    keys = (load_verify_key(path) for path in paths)
    return {key_id(key): key for key in keys}


# -- the file --------------------------------------------------------------------------------------


def _lock(file: IO[bytes], *, exclusive: bool) -> None:
    if fcntl is not None:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)


def _unlock(file: IO[bytes]) -> None:
    if fcntl is not None:
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def _last_line(file: IO[bytes], path: Path) -> bytes | None:
    """The file's last line, read backwards from the end: the file is never read whole."""
    end = file.seek(0, os.SEEK_END)
    if end == 0:
        return None
    file.seek(end - 1)
    if file.read(1) != b"\n":
        raise CheckpointError(
            f"The last line of {path} is incomplete (cut off while being written, or appended to by hand). "
            "Run manage.py audit_verify, then move the file aside and keep it (docs/operations.md)."
        )
    tail = b""
    position = end - 1
    while position > 0 and b"\n" not in tail:
        step = min(MAX_LINE, position)
        position -= step
        file.seek(position)
        tail = file.read(step) + tail
        if len(tail) > 2 * MAX_LINE:
            break
    line = tail[tail.rfind(b"\n") + 1 :]
    if len(line) > MAX_LINE:
        raise CheckpointError(f"The last line of {path} is too long to be a checkpoint.")
    return line


def _lines(file: IO[bytes], size: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line without its newline) for the first `size` bytes; None for a line too long
    or cut off. One line in memory at a time."""
    number = 0
    read = 0
    while read < size:
        raw = file.readline(min(MAX_LINE + 1, size - read))
        if not raw:
            return
        read += len(raw)
        number += 1
        if not raw.endswith(b"\n"):
            # Too long: skip to the end of it, so that the line numbers stay right.
            while raw and not raw.endswith(b"\n") and read < size:
                raw = file.readline(min(MAX_LINE, size - read))
                read += len(raw)
            yield number, None
            continue
        yield number, raw[:-1]


# -- taking a checkpoint ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Signed:
    checkpoint: Checkpoint
    line: bytes
    path: Path


def _read_head() -> tuple[int, str] | None:
    return AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON_ID).values_list("last_id", "last_hash").first()


def _head() -> tuple[int, str]:
    """The committed chain head. No lock is taken, so writers never wait for a checkpoint: each
    event commits with the head that names it, so every event up to this head can be read."""
    head = _read_head()
    if head is None:
        events_exist = AuditEvent.objects.exists()
        # After a flush the first writer creates the head and commits it with its event: that may
        # happen between the two reads above, so read the head again before calling it missing.
        head = _read_head()
        if head is None:
            if events_exist:
                raise CheckpointError(
                    "The audit chain head is missing while audit events exist: refusing to sign. "
                    "Run manage.py audit_verify."
                )
            return 0, GENESIS_HASH
    return head


def _ensure_extends(previous: Checkpoint | None, head_id: int, head_hash: str) -> None:
    """Refuse to sign a head that does not extend the last signed one, so that a truncated or
    rewritten trail never gets a fresh signature. Only the events since that checkpoint are
    walked (the first checkpoint walks the whole trail once), the way a Certificate Transparency
    log proves that a new tree head is consistent with the previous one."""
    from_id, from_hash = (previous.last_id, previous.last_hash) if previous else (0, GENESIS_HASH)
    refuse = "Refusing to sign a checkpoint. Run manage.py audit_verify; see docs/operations.md, 'Audit checkpoints'."
    if previous is not None and head_id < from_id:
        raise CheckpointError(
            f"Truncation: the trail ends at event {head_id} but the checkpoint signed at {previous.at} "
            f"saw event {from_id}. {refuse}"
        )
    if previous is not None and from_id:
        stored = AuditEvent.objects.filter(id=from_id).values_list("hash", flat=True).first()
        if stored != from_hash:
            raise CheckpointError(
                f"Rewrite: the event at id {from_id} no longer has the hash signed at {previous.at}. {refuse}"
            )
    # The walk of core/audit.py, started at the signed event rather than at the genesis.
    walk = audit._Walk()
    walk.last_id, walk.last_hash = from_id, from_hash
    try:
        walk.follow(up_to=head_id)
    except audit._Broken as broken:
        raise CheckpointError(f"The audit trail is broken at event {broken.event_id}: {broken.why}. {refuse}") from None
    if (walk.last_id, walk.last_hash) != (head_id, head_hash):
        raise CheckpointError(
            f"The audit trail ends at event {walk.last_id}, which does not match the chain head "
            f"(event {head_id}). {refuse}"
        )


def take_checkpoint(
    *,
    path: str | Path,
    signing_key: Ed25519PrivateKey,
    keys: Mapping[str, Ed25519PublicKey] | None = None,
    now: datetime | None = None,
) -> Signed:
    """Sign the current chain head and append it to the checkpoint file.

    Safe to run at any time and several times at once: the file is locked (flock) from reading
    its last line to appending the new one, so two runs never chain onto the same line; the
    database is only read. `keys` verify the last line before chaining onto it (the signing
    key's own public key is always among them; after a rotation give the old public key).
    """
    path = Path(path)
    own = signing_key.public_key()
    known = {**(keys or {}), key_id(own): own}
    try:
        file = open(path, "a+b", opener=lambda name, flags: os.open(name, flags, 0o640))
    except OSError as exc:
        raise CheckpointError(f"The checkpoint file {path} cannot be opened: {exc.strerror}") from exc
    with file:
        _lock(file, exclusive=True)
        last = _last_line(file, path)
        previous = None
        if last is not None:
            try:
                previous = verify_line(last, known)
            except CheckpointError as exc:
                raise CheckpointError(f"The last line of {path} is not a valid checkpoint: {exc}.") from exc
        head_id, head_hash = _head()
        _ensure_extends(previous, head_id, head_hash)
        line = sign(
            signing_key,
            seq=previous.seq + 1 if previous else 1,
            at=utc_text(now or timezone.now()),
            last_id=head_id,
            last_hash=head_hash,
            prev=line_hash(last) if last is not None else FIRST_PREV,
        )
        # One write of a whole line, in append mode, flushed to disk before the lock is let go.
        file.write(line + b"\n")
        file.flush()
        os.fsync(file.fileno())
    return Signed(parse_line(line), line, path)


class _StrictSysLogHandler(SysLogHandler):
    def handleError(self, record: LogRecord) -> None:
        # logging would print the error and carry on: the command must say the copy was not sent.
        # Called from emit()'s except block, so this re-raises the error being handled there.
        raise


def send_to_syslog(line: bytes, address: str) -> None:
    """Send a checkpoint line to syslog: "/dev/log" (a socket), "host:port" or "udp://host:port"
    (UDP, port 514 by default), or "tcp://host:port"."""
    socktype: socket.SocketKind | None = None
    target: str | tuple[str, int]
    if address.startswith("/"):
        target = address
    else:
        if address.startswith("tcp://"):
            socktype = socket.SOCK_STREAM
        else:
            socktype = socket.SOCK_DGRAM
        host, _, port = address.split("://", 1)[-1].rpartition(":")
        if not host:
            host, port = port, "514"
        try:
            target = (host.strip("[]"), int(port))
        except ValueError as exc:
            raise CheckpointError(f"The syslog address {address!r} is not /path, host:port or tcp://host:port") from exc
    try:
        handler = _StrictSysLogHandler(address=target, facility=SysLogHandler.LOG_AUTHPRIV, socktype=socktype)
    except OSError as exc:
        raise CheckpointError(f"syslog at {address} cannot be reached: {exc}") from exc
    handler.ident = "custodia-audit-checkpoint: "
    try:
        handler.emit(LogRecord("custodia.audit", INFO, __file__, 0, line.decode("ascii"), None, None))
    except OSError as exc:
        raise CheckpointError(f"syslog at {address} cannot be reached: {exc}") from exc
    finally:
        handler.close()


# -- verifying the trail against the checkpoints ---------------------------------------------------


@dataclass
class CheckpointReport:
    path: Path
    checkpoints: int = 0  # lines whose signature is valid
    latest: Checkpoint | None = None
    trail_end: int = 0
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)
        else:
            self.more_problems += 1


class _Lookup:
    """Checkpointed (id, hash) pairs compared with the database a chunk at a time."""

    def __init__(self, report: CheckpointReport) -> None:
        self.report = report
        self.pending: dict[int, tuple[str, Checkpoint, int]] = {}
        self.rewritten = 0

    def add(self, checkpoint: Checkpoint, line_number: int) -> None:
        # Ids beyond the trail's end are the truncation check's; id 0 is the empty trail.
        if 0 < checkpoint.last_id <= self.report.trail_end:
            self.pending.setdefault(checkpoint.last_id, (checkpoint.last_hash, checkpoint, line_number))
            if len(self.pending) >= LOOKUP_CHUNK:
                self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        stored = dict(AuditEvent.objects.filter(id__in=list(self.pending)).values_list("id", "hash"))
        for event_id, (signed_hash, checkpoint, line_number) in sorted(self.pending.items()):
            if stored.get(event_id) == signed_hash:
                continue
            self.rewritten += 1
            if self.rewritten == 1:
                what = (
                    f"no longer exists, but a checkpoint signed at {checkpoint.at} saw it"
                    if event_id not in stored
                    else f"no longer has the hash signed at {checkpoint.at}"
                )
                self.report.problem(
                    f"Rewrite: the event at id {event_id} {what} (checkpoint line {line_number}, sha256 {signed_hash})."
                )
        self.pending.clear()


def verify_checkpoints(*, path: str | Path, keys: Mapping[str, Ed25519PublicKey]) -> CheckpointReport:
    """Check every line of the checkpoint file (form, signature, the file's own chain) and the
    trail against them: each checkpointed event must still have its signed hash, and the trail
    must reach the furthest checkpoint. Constant memory; one query per LOOKUP_CHUNK checkpoints.

    Lines appended while this runs are left for the next run: the file's size is taken under a
    shared lock (so at the end of a whole line), and the chain head after it, so that every line
    read names an event at or before that head unless the trail was cut.
    """
    path = Path(path)
    report = CheckpointReport(path=path)
    try:
        file = open(path, "rb")
    except OSError as exc:
        raise CheckpointError(f"The checkpoint file {path} cannot be read: {exc.strerror}") from exc
    with file:
        _lock(file, exclusive=False)
        size = os.fstat(file.fileno()).st_size
        _unlock(file)
        report.trail_end = audit.chain_head()[0]
        lookup = _Lookup(report)
        previous_line: bytes | None = None
        previous_seq = 0
        trusted: tuple[Checkpoint, int] | None = None  # the last line with a valid signature
        furthest: tuple[Checkpoint, int] | None = None
        for number, line in _lines(file, size):
            if line is None:
                report.problem(f"Checkpoint file {path}, line {number}: too long or cut off; not a checkpoint.")
                previous_line, previous_seq = b"", previous_seq + 1
                continue
            expected_prev = FIRST_PREV if previous_line is None else line_hash(previous_line)
            previous_line = line
            try:
                checkpoint = verify_line(line, keys)
            except CheckpointError as exc:
                report.problem(f"Checkpoint file {path}, line {number}: {exc}.")
                previous_seq += 1
                continue
            report.checkpoints += 1
            if problem := _out_of_sequence(checkpoint, expected_prev, previous_seq, number):
                report.problem(f"Checkpoint file {path}, line {number}: {problem}")
            previous_seq = checkpoint.seq
            if trusted is not None:
                if problem := _signed_over_rewrite(checkpoint, *trusted):
                    report.problem(f"Checkpoint file {path}, line {number}: {problem}")
                elif checkpoint.last_id == trusted[0].last_id:
                    trusted = (checkpoint, number)
                    continue  # the same head again: already looked up
            trusted = (checkpoint, number)
            if furthest is None or checkpoint.last_id > furthest[0].last_id:
                furthest = (checkpoint, number)
            lookup.add(checkpoint, number)
        lookup.flush()
    if lookup.rewritten > 1:
        report.problem(f"Rewrite: {lookup.rewritten - 1} later checkpointed event(s) no longer match either.")
    if furthest is not None and furthest[0].last_id > report.trail_end:
        checkpoint, number = furthest
        report.problem(
            f"Truncation: the trail ends at event {report.trail_end} but a checkpoint signed at {checkpoint.at} "
            f"saw event {checkpoint.last_id} (checkpoint line {number})."
        )
    report.latest = trusted[0] if trusted else None
    return report


def _out_of_sequence(checkpoint: Checkpoint, expected_prev: str, previous_seq: int, number: int) -> str | None:
    """Why a valid line does not follow the one before it in the file's own chain, if it does not."""
    if checkpoint.prev == expected_prev and checkpoint.seq == previous_seq + 1:
        return None
    gap = checkpoint.seq - previous_seq - 1
    if gap > 0:
        why = f"{gap} line(s) missing before it"
    elif gap < 0:
        why = "a line before it was inserted, repeated or moved"
    else:
        why = "the line before it was changed"
    where = f"line {number - 1}" if number > 1 else "the start of the file"
    return f"does not follow {where} ({why}): the checkpoint file was edited."


def _signed_over_rewrite(checkpoint: Checkpoint, before: Checkpoint, before_number: int) -> str | None:
    """A later checkpoint that signs an earlier event, or the same event with another hash, than
    the last trusted one: the trail was truncated or rewritten between the two signatures."""
    if checkpoint.last_id > before.last_id or (
        checkpoint.last_id == before.last_id and checkpoint.last_hash == before.last_hash
    ):
        return None
    return (
        f"signs event {checkpoint.last_id} with hash {checkpoint.last_hash} after line {before_number} signed "
        f"event {before.last_id} with hash {before.last_hash}: checkpoints were signed over a truncated or "
        "rewritten trail."
    )
