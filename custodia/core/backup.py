"""Backups that can be trusted, and restores that check everything before they replace anything.

An archive is one file: a tar stream holding `manifest.json` and then the snapshot
(`snapshot.sqlite3`, or `snapshot.pgdump` made by `pg_dump --format=custom`), gzip-compressed
for SQLite (a pg_dump custom file is compressed already), optionally encrypted as a whole with
a passphrase. Beside it, `<archive>.sha256` holds the checksum of the archive in the format of
`sha256sum`, so `sha256sum -c` works without Custodia.

Why each choice (Mandela Rule 6, "nothing lost"):
- SQLite runs in WAL mode, so a file copy can miss committed pages still in the -wal file or
  catch a half-written checkpoint. The snapshot is made with the online backup API from a
  connection that holds one read transaction for the whole copy: WAL lets writers go on, and
  every page comes from the same instant.
- pg_dump reads inside one repeatable-read snapshot; the custom format is what pg_restore needs
  to restore into a temporary database first.
- Restore stages the snapshot (a temporary file, or a temporary PostgreSQL database), checks its
  audit chain in a separate process whose default database is the staged copy, and only then
  replaces the live database in one transaction. Before that it writes a safety backup of the
  live database, so that restoring the wrong archive loses nothing either.
- Encryption streams in 1 MiB AES-256-GCM blocks (a key from scrypt with a random salt kept in
  the header): Fernet would need the whole archive in memory. Each block's nonce carries its
  number and a last-block flag, so blocks cannot be reordered, dropped or cut off unnoticed.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shutil
import sqlite3
import struct
import subprocess
import sys
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

FORMAT = "custodia-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SNAPSHOT_NAMES = {"sqlite": "snapshot.sqlite3", "postgresql": "snapshot.pgdump"}
COPY_CHUNK = 1024 * 1024
# Progress is printed for databases at least this large; small ones finish before anyone looks.
LARGE = 32 * 1024 * 1024
# Pages copied per step of the SQLite backup: small enough for regular progress reports.
SQLITE_STEP_PAGES = 4096

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    pass


class BackupError(Exception):
    """A backup or restore step failed. The message says which step and why; a failed restore
    has not changed the live database."""


class WrongPassphrase(BackupError):
    pass


# --- passphrases ----------------------------------------------------------------------------


MIN_PASSPHRASE = 12


def read_passphrase(*, file: str | None = None, env: str | None = None, warn: Progress = _silent) -> bytes | None:
    """The passphrase from a file or from an environment variable named on the command line:
    never from the command line itself, where `ps` and shell history would show it."""
    if file and env:
        raise BackupError("Give the passphrase either in a file or in an environment variable, not both.")
    if file:
        path = Path(file)
        try:
            data = path.read_bytes()
            mode = path.stat().st_mode
        except OSError as exc:
            raise BackupError(f"Cannot read the passphrase file {file}: {exc.strerror}.") from exc
        if mode & 0o077:
            warn(f"Warning: the passphrase file {file} can be read by other users (chmod 600 it).")
        # The first line: editors end files with a newline that nobody means as part of it.
        passphrase = data.split(b"\n", 1)[0].rstrip(b"\r")
        source = f"the file {file}"
    elif env:
        if env not in os.environ:
            raise BackupError(f"The environment variable {env} (named by --passphrase-env) is not set.")
        passphrase = os.environ[env].encode()
        source = f"the environment variable {env}"
    else:
        return None
    if not passphrase:
        raise BackupError(f"The passphrase in {source} is empty.")
    return passphrase


# --- encryption -------------------------------------------------------------------------------

ENC_MAGIC = b"CUSTODIA-AESGCM\x01"
# kdf id, log2(n), r, p, salt, nonce prefix, block size, passphrase check
_ENC_FIELDS = struct.Struct(">BBBB16s7sI16s")
ENC_HEADER_SIZE = len(ENC_MAGIC) + _ENC_FIELDS.size
_KDF_SCRYPT = 1
# OWASP's scrypt parameters (128 MiB, about half a second): slow for anyone guessing passphrases
# against a stolen archive, quick enough for a nightly backup.
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 17, 8, 1
ENC_BLOCK = 1024 * 1024
_RECORD = struct.Struct(">BI")  # last-block flag, ciphertext length
_TAG = 16


def _derive(passphrase: bytes, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    # A crafted header must not make us allocate gigabytes.
    if not (10 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 16):
        raise BackupError("The archive's encryption header is damaged (impossible key-derivation parameters).")
    out = Scrypt(salt=salt, length=48, n=2**log2_n, r=r, p=p).derive(passphrase)
    # The first 32 bytes are the AES key; the next 16 only tell a wrong passphrase from a
    # damaged block, so the message can say which it is.
    return out[:32], out[32:]


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class _EncryptingWriter(io.RawIOBase):
    """Writes AES-256-GCM blocks of ENC_BLOCK plaintext bytes to `raw`; close() writes the last
    block (which may be empty) with its last-block flag."""

    def __init__(self, raw: Any, passphrase: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt, self._prefix = secrets.token_bytes(16), secrets.token_bytes(7)
        key, check = _derive(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
        self._aead = AESGCM(key)
        self._header = ENC_MAGIC + _ENC_FIELDS.pack(
            _KDF_SCRYPT, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt, self._prefix, ENC_BLOCK, check
        )
        self._raw = raw
        self._raw.write(self._header)
        self._buffer = bytearray()
        self._counter = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += data
        # Keep at least one byte back: only close() knows which block is the last.
        while len(self._buffer) > ENC_BLOCK:
            self._emit(bytes(self._buffer[:ENC_BLOCK]), last=False)
            del self._buffer[:ENC_BLOCK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), plain, self._header)
        self._raw.write(_RECORD.pack(1 if last else 0, len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()

    def __del__(self) -> None:
        # IOBase would close() here, sealing a half-written archive as if it were complete;
        # an archive that was not closed on purpose must stay visibly unfinished.
        pass


class _DecryptingReader(io.RawIOBase):
    def __init__(self, raw: IO[bytes], passphrase: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        header = raw.read(ENC_HEADER_SIZE)
        if len(header) < ENC_HEADER_SIZE or not header.startswith(ENC_MAGIC):
            raise BackupError("The archive's encryption header is damaged.")
        kdf, log2_n, r, p, salt, self._prefix, self._block, check = _ENC_FIELDS.unpack(header[len(ENC_MAGIC) :])
        if kdf != _KDF_SCRYPT or not 0 < self._block <= 64 * ENC_BLOCK:
            raise BackupError("The archive's encryption header is damaged (unknown key derivation or block size).")
        key, expected = _derive(passphrase, salt, log2_n, r, p)
        if not hmac.compare_digest(check, expected):
            raise WrongPassphrase("Wrong passphrase: it does not open this archive.")
        self._aead = AESGCM(key)
        self._header = header
        self._raw = raw
        self._counter = 0
        self._pending = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._pending and not self._done:
            self._pending = self._next_block()
        n = min(len(target), len(self._pending))
        target[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _next_block(self) -> bytes:
        from cryptography.exceptions import InvalidTag

        record = self._raw.read(_RECORD.size)
        if len(record) < _RECORD.size:
            raise BackupError("The encrypted archive is truncated: its last block is missing.")
        flag, length = _RECORD.unpack(record)
        if flag not in (0, 1) or not _TAG <= length <= self._block + _TAG:
            raise BackupError(f"The encrypted archive is damaged (block {self._counter} has an impossible length).")
        sealed = self._raw.read(length)
        if len(sealed) < length:
            raise BackupError("The encrypted archive is truncated.")
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, self._counter, flag == 1), sealed, self._header)
        except InvalidTag:
            raise BackupError(
                f"The encrypted archive is damaged or was altered (block {self._counter} fails authentication)."
            ) from None
        self._counter += 1
        if flag == 1:
            self._done = True
            if self._raw.read(1):
                raise BackupError("The encrypted archive has data after its last block: it was altered.")
        return plain


# --- checksums --------------------------------------------------------------------------------


class _HashingWriter(io.RawIOBase):
    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._raw.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sidecar_path(archive: Path) -> Path:
    return archive.with_name(archive.name + ".sha256")


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MiB"


class _Percent:
    """Reports progress in steps of 10 %, and only for large jobs."""

    def __init__(self, progress: Progress, label: str, total: int) -> None:
        self._progress = progress if total >= LARGE else _silent
        self._label = label
        self._total = max(total, 1)
        self._next = 10

    def __call__(self, done: int) -> None:
        percent = done * 100 // self._total
        if percent >= self._next:
            self._progress(f"  {self._label}: {min(percent, 100)} %")
            self._next = percent // 10 * 10 + 10


# --- database facts -------------------------------------------------------------------------


def _connection(alias: str) -> Any:
    from django.db import connections

    return connections[alias]


def _vendor(alias: str) -> str:
    vendor = _connection(alias).vendor
    if vendor not in SNAPSHOT_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sqlite_path(alias: str) -> Path:
    connection = _connection(alias)
    if connection.is_in_memory_db():
        raise BackupError("The database is in memory: there is nothing on disk to back up or restore into.")
    return Path(connection.settings_dict["NAME"])


def latest_migrations(applied: Any) -> dict[str, str]:
    """{app: the latest applied migration}: migration names start with their number."""
    latest: dict[str, str] = {}
    for app, name in applied:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _custodia_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("custodia")
    except PackageNotFoundError:
        return "unknown"


def backups_dir() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "backups"


def _timestamp() -> str:
    from django.utils import timezone

    # The service's local time, as operators read it; the manifest has the exact UTC instant.
    return timezone.localtime().strftime("%Y%m%d-%H%M%S")


# --- PostgreSQL tools -----------------------------------------------------------------------

# settings OPTIONS that libpq also understands as environment variables.
_LIBPQ_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "options": "PGOPTIONS",
}


def _pg_env(settings_dict: dict[str, Any], dbname: str) -> dict[str, str]:
    """Connection parameters for pg_dump, pg_restore, psql and the checking subprocess, as libpq
    environment variables: a password on a command line would be visible to every user in `ps`."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": dbname,
    }
    for option, variable in _LIBPQ_ENV.items():
        values[variable] = (settings_dict.get("OPTIONS") or {}).get(option)
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    return env


# Where Debian and Ubuntu install each major version's client tools side by side.
PG_BIN_DIR = "/usr/lib/postgresql/{major}/bin"


def _pg_tool(name: str, alias: str) -> str:
    """The tool of the server's major version (an older pg_dump refuses a newer server), else the
    one on PATH (Debian's wrapper there picks the right version itself)."""
    major = _connection(alias).pg_version // 10000
    directory = Path(PG_BIN_DIR.format(major=major))
    candidates = [directory / name]
    if found := shutil.which(name):
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        f"{name} was not found (looked in {directory} and on PATH). Install the PostgreSQL {major} client tools, "
        f"for example `apt-get install postgresql-client-{major}`."
    )


def _run(command: list[str], *, env: dict[str, str], what: str, **kwargs: Any) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, **kwargs)
    except OSError as exc:
        raise BackupError(f"{what} could not start: {exc}.") from exc
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): {_last_lines(result.stderr)}")
    return result


def _last_lines(text: str, count: int = 8) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return "\n".join(lines[-count:]) or "no message"


def _pg_connect(settings_dict: dict[str, Any], dbname: str) -> Any:
    import psycopg

    env = _pg_env(settings_dict, dbname)
    params = {
        "dbname": dbname,
        "host": env.get("PGHOST"),
        "port": env.get("PGPORT"),
        "user": env.get("PGUSER"),
        "password": env.get("PGPASSWORD"),
    }
    for option in _LIBPQ_ENV:
        if (value := (settings_dict.get("OPTIONS") or {}).get(option)) not in (None, ""):
            params[option] = value
    return psycopg.connect(autocommit=True, **{key: value for key, value in params.items() if value is not None})


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- making a backup ------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    sha256: str
    size: int
    manifest: dict[str, Any]


def _snapshot_sqlite(live: Path, target: Path, progress: Progress) -> tuple[dict[str, str], str]:
    if not live.is_file():
        raise BackupError(f"The database file {live} does not exist.")
    source = sqlite3.connect(str(live), timeout=60, isolation_level=None)
    snapshot = sqlite3.connect(str(target), isolation_level=None)
    try:
        # One read transaction for the whole copy: in WAL mode every step then reads the same
        # instant and writers are not blocked (the backup would otherwise restart after each
        # write by another connection, and might never finish on a busy system).
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        page_size = source.execute("PRAGMA page_size").fetchone()[0]
        pages = source.execute("PRAGMA page_count").fetchone()[0]
        report = _Percent(progress, "snapshot", pages * page_size)
        progress(f"Snapshot of {live} ({_mib(pages * page_size)}) with the SQLite online backup API...")
        source.backup(
            snapshot,
            pages=SQLITE_STEP_PAGES,
            progress=lambda _status, remaining, total: report((total - remaining) * page_size),
        )
        source.execute("COMMIT")
        # The copy inherits WAL mode; a snapshot must be one self-contained file.
        snapshot.execute("PRAGMA journal_mode=DELETE")
        check = snapshot.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The live database fails SQLite's quick_check ({check}); no archive was written.")
        migrations = latest_migrations(snapshot.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.Error as exc:
        raise BackupError(f"The SQLite snapshot failed: {exc}.") from exc
    finally:
        snapshot.close()
        source.close()
    return migrations, sqlite3.sqlite_version


def _snapshot_postgresql(alias: str, target: Path, progress: Progress) -> tuple[dict[str, str], str]:
    from django.db.migrations.recorder import MigrationRecorder

    connection = _connection(alias)
    migrations = latest_migrations(MigrationRecorder(connection).applied_migrations())
    version = connection.pg_version
    pg_dump = _pg_tool("pg_dump", alias)
    name = connection.settings_dict["NAME"]
    progress(f"Snapshot of PostgreSQL database {name} with {pg_dump} --format=custom...")
    env = _pg_env(connection.settings_dict, name)
    with tempfile.TemporaryFile() as errors, open(target, "wb") as out:
        try:
            dump = subprocess.Popen(
                [pg_dump, "--format=custom", "--no-password", "--dbname", name],
                env=env,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
        except OSError as exc:
            raise BackupError(f"pg_dump could not start: {exc}.") from exc
        assert dump.stdout is not None
        written, reported = 0, 0
        try:
            while chunk := dump.stdout.read(COPY_CHUNK):
                out.write(chunk)
                written += len(chunk)
                if written - reported >= 64 * COPY_CHUNK:
                    progress(f"  pg_dump: {_mib(written)} written")
                    reported = written
        except BaseException:
            # A full disk or an interrupt here must not leave pg_dump running on its own.
            dump.kill()
            dump.wait()
            raise
        if dump.wait() != 0:
            errors.seek(0)
            raise BackupError(
                f"pg_dump failed (exit {dump.returncode}): {_last_lines(errors.read().decode(errors='replace'))}"
            )
    return migrations, f"{version // 10000}.{version % 10000}"


def create_backup(
    *,
    output: Path | str | None = None,
    passphrase: bytes | None = None,
    alias: str = "default",
    prefix: str = "custodia",
    progress: Progress = _silent,
) -> BackupResult:
    """Write an archive of the live database and its `.sha256` sidecar; returns where and what.

    `output` may be a file (never overwritten) or a directory (an existing one, or a path ending
    with a slash); by default the archive goes to
    var/backups/<prefix>-YYYYmmdd-HHMMSS.tar[.gz][.enc].
    """
    vendor = _vendor(alias)
    ext = (".tar.gz" if vendor == "sqlite" else ".tar") + (".enc" if passphrase else "")
    default_name = f"{prefix}-{_timestamp()}{ext}"
    if output is None:
        path = backups_dir() / default_name
    elif Path(output).is_dir() or str(output).endswith(("/", os.sep)):
        path = Path(output) / default_name
    else:
        path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists():
        raise BackupError(f"{path} already exists; a backup never overwrites a file.")

    # Work files live beside the archive: the same disk, which must hold the archive anyway.
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=path.parent) as work:
        snapshot = Path(work) / SNAPSHOT_NAMES[vendor]
        # The instant the data is from: the snapshot starts here and sees nothing committed later.
        started = datetime.now(UTC)
        if vendor == "sqlite":
            migrations, server_version = _snapshot_sqlite(_sqlite_path(alias), snapshot, progress)
        else:
            migrations, server_version = _snapshot_postgresql(alias, snapshot, progress)
        size = snapshot.stat().st_size
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "vendor": vendor,
            "server_version": server_version,
            "created_at": started.isoformat(timespec="seconds"),
            "custodia_version": _custodia_version(),
            "migrations": migrations,
            "snapshot": {"name": snapshot.name, "sha256": file_sha256(snapshot), "size": size},
            "encrypted": passphrase is not None,
        }
        partial = Path(work) / "archive.partial"
        progress(f"Writing the archive ({_mib(size)} snapshot{', encrypted' if passphrase else ''})...")
        digest = _write_archive(partial, manifest, snapshot, passphrase, progress)
        # Archives hold personal data: readable by the service account only.
        os.chmod(partial, 0o600)
        _publish(partial, path)
    archive_size = path.stat().st_size
    sidecar = sidecar_path(path)
    sidecar.write_text(f"{digest}  {path.name}\n")
    _fsync_dir(path.parent)
    return BackupResult(path=path, sha256=digest, size=archive_size, manifest=manifest)


def _publish(partial: Path, path: Path) -> None:
    """Give the finished archive its name, failing rather than replacing a file that appeared
    meanwhile: a hard link cannot overwrite. Where links are not supported, a rename."""
    try:
        os.link(partial, path)
    except FileExistsError:
        raise BackupError(f"{path} already exists; a backup never overwrites a file.") from None
    except OSError:
        os.replace(partial, path)
    else:
        partial.unlink()


def _write_archive(
    partial: Path, manifest: dict[str, Any], snapshot: Path, passphrase: bytes | None, progress: Progress
) -> str:
    """tar | gzip (SQLite only) | encryption (with a passphrase) | sha256 | file, in one pass."""
    with open(partial, "xb") as raw:
        hashing = _HashingWriter(raw)
        encrypting = _EncryptingWriter(hashing, passphrase) if passphrase else None
        sink: Any = hashing if encrypting is None else encrypting
        # A SQLite file shrinks to a third or less; a pg_dump custom file is compressed already.
        compressing = None
        if manifest["vendor"] == "sqlite":
            compressing = gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=6)
        mtime = int(datetime.now(UTC).timestamp())
        stream = sink if compressing is None else compressing
        with tarfile.open(fileobj=stream, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mtime, info.mode = len(body), mtime, 0o600
            tar.addfile(info, io.BytesIO(body))
            info = tarfile.TarInfo(snapshot.name)
            info.size, info.mtime, info.mode = manifest["snapshot"]["size"], mtime, 0o600
            with open(snapshot, "rb") as f:
                tar.addfile(info, _ProgressReader(f, _Percent(progress, "archive", info.size)))
        if compressing is not None:
            compressing.close()
        if encrypting is not None:
            encrypting.close()
        raw.flush()
        os.fsync(raw.fileno())
    return hashing.sha256.hexdigest()


class _ProgressReader:
    def __init__(self, raw: IO[bytes], report: Callable[[int], None]) -> None:
        self._raw, self._report, self._done = raw, report, 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._done += len(data)
        self._report(self._done)
        return data


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- reading and checking an archive --------------------------------------------------------


def check_sidecar(archive: Path) -> str | None:
    """The archive's sha256 when it matches its sidecar; None when there is no sidecar."""
    sidecar = sidecar_path(archive)
    if not sidecar.is_file():
        return None
    match = re.match(r"\s*([0-9a-fA-F]{64})\b", sidecar.read_text(errors="replace"))
    if not match:
        raise BackupError(f"The checksum file {sidecar} is not in sha256sum format.")
    actual = file_sha256(archive)
    if actual != match.group(1).lower():
        raise BackupError(
            f"The archive does not match its checksum file {sidecar.name} (expected {match.group(1).lower()}, "
            f"found {actual}): it is damaged or was altered."
        )
    return actual


def _open_payload(raw: IO[bytes], passphrase: bytes | None, warn: Progress) -> Any:
    """The tar stream inside an archive: decrypted and decompressed as needed."""
    head = raw.read(len(ENC_MAGIC))
    raw.seek(0)
    stream: Any = raw
    if head == ENC_MAGIC:
        if passphrase is None:
            raise BackupError(
                "The archive is encrypted: give its passphrase with --passphrase-file or --passphrase-env."
            )
        stream = io.BufferedReader(_DecryptingReader(raw, passphrase), COPY_CHUNK)
        first = stream.peek(2)[:2]
    else:
        if passphrase is not None:
            warn("Note: the archive is not encrypted; the passphrase is not needed.")
        first = raw.read(2)
        raw.seek(0)
    if first == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=stream, mode="rb")
    return stream


def _parse_manifest(body: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(body)
    except ValueError as exc:
        raise BackupError(f"The archive's manifest is not valid JSON: {exc}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This file is not a Custodia backup archive (its manifest has another format).")
    if not isinstance(manifest.get("format_version"), int) or manifest["format_version"] > FORMAT_VERSION:
        raise BackupError(
            f"The archive has format version {manifest.get('format_version')}; this release reads up to "
            f"{FORMAT_VERSION}. Restore it with the release that made it."
        )
    snapshot = manifest.get("snapshot")
    if (
        manifest.get("vendor") not in SNAPSHOT_NAMES
        or not isinstance(snapshot, dict)
        or snapshot.get("name") != SNAPSHOT_NAMES[manifest["vendor"]]
        or not re.fullmatch(r"[0-9a-f]{64}", str(snapshot.get("sha256")))
        or not isinstance(snapshot.get("size"), int)
        or not isinstance(manifest.get("migrations"), dict)
    ):
        raise BackupError("The archive's manifest is incomplete or damaged.")
    return manifest


def extract_archive(
    archive: Path, target_dir: Path, *, passphrase: bytes | None, progress: Progress = _silent
) -> tuple[dict[str, Any], Path]:
    """Read the manifest and write the snapshot into target_dir, checking the snapshot against
    the manifest's sha256 and size. Nothing is taken from the archive's own member names."""
    manifest: dict[str, Any] | None = None
    snapshot_path: Path | None = None
    try:
        with open(archive, "rb") as raw:
            payload = _open_payload(raw, passphrase, progress)
            with tarfile.open(fileobj=payload, mode="r|") as tar:
                for member in tar:
                    if manifest is None:
                        if member.name != MANIFEST_NAME or not member.isfile() or member.size > 1024 * 1024:
                            raise BackupError(
                                "The archive does not start with its manifest: it is not a Custodia backup."
                            )
                        body = tar.extractfile(member)
                        assert body is not None
                        manifest = _parse_manifest(body.read())
                    elif snapshot_path is None and member.isfile() and member.name == manifest["snapshot"]["name"]:
                        snapshot_path = target_dir / SNAPSHOT_NAMES[manifest["vendor"]]
                        digest, size = hashlib.sha256(), 0
                        report = _Percent(progress, "extract", member.size)
                        source = tar.extractfile(member)
                        assert source is not None
                        with open(snapshot_path, "xb") as out:
                            while chunk := source.read(COPY_CHUNK):
                                out.write(chunk)
                                digest.update(chunk)
                                size += len(chunk)
                                report(size)
                        if digest.hexdigest() != manifest["snapshot"]["sha256"] or size != manifest["snapshot"]["size"]:
                            raise BackupError(
                                "The snapshot inside the archive does not match the sha256 in its manifest: "
                                "the archive is damaged or was altered."
                            )
                    else:
                        raise BackupError(f"The archive holds an unexpected member {member.name!r}.")
            # Reading to the end checks the gzip CRC and the encryption's last block.
            while payload.read(COPY_CHUNK):
                pass
    except BackupError:
        raise
    except (tarfile.TarError, zlib.error, EOFError, gzip.BadGzipFile, OSError) as exc:
        raise BackupError(f"The archive is damaged and cannot be read ({exc}).") from exc
    if manifest is None or snapshot_path is None:
        raise BackupError("The archive is incomplete: its manifest or snapshot is missing.")
    return manifest, snapshot_path


# --- checking the audit chain of a staged copy ------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    first_broken_id: int | None
    message: str


def _check_chain(env: dict[str, str]) -> ChainCheck:
    """Run custodia.core.audit.verify_chain() in a separate process whose default database is
    the staged copy: this process's connection stays on the live database, untouched."""
    from django.conf import settings

    env = {**env, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "custodia.core.backup", "verify-chain"],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=6 * 60 * 60,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"The audit chain check of the staged copy could not run: {exc}.") from exc
    last = (result.stdout.strip().splitlines() or [""])[-1]
    try:
        report = json.loads(last)
        check = ChainCheck(
            ok=bool(report["ok"]),
            checked=int(report["checked"]),
            first_broken_id=report.get("first_broken_id"),
            message=str(report.get("message", "")),
        )
    except (ValueError, KeyError, TypeError):
        check = None
    if check is None or result.returncode not in (0, 1):
        detail = check.message if check else _last_lines(result.stderr or result.stdout)
        raise BackupError(
            f"The audit chain check of the staged copy could not run (exit {result.returncode}): {detail}"
        )
    if check.ok != (result.returncode == 0):
        # A report and an exit status that disagree: believe neither.
        raise BackupError("The audit chain check of the staged copy gave contradictory results.")
    return check


def _verify_chain_main() -> int:
    """`python -m custodia.core.backup verify-chain`: one JSON line, exit 0 when intact."""
    import django

    django.setup()
    try:
        from custodia.core.audit import verify_chain
    except ImportError as exc:
        print(json.dumps({"ok": False, "checked": 0, "first_broken_id": None, "message": f"no verify_chain: {exc}"}))
        return 2
    report = verify_chain()
    print(
        json.dumps(
            {
                "ok": bool(report.ok),
                "checked": int(report.checked),
                "first_broken_id": report.first_broken_id,
                "message": str(report.message),
            }
        )
    )
    return 0 if report.ok else 1


# --- restoring ----------------------------------------------------------------------------------


@dataclass
class StagedRestore:
    """A snapshot that passed every check and waits in a temporary place; apply() replaces the
    live database with it."""

    archive: Path
    manifest: dict[str, Any]
    chain: ChainCheck
    alias: str
    snapshot: Path
    archive_sha256: str | None
    notes: list[str] = field(default_factory=list)
    staged_db: str | None = None  # PostgreSQL: the temporary database that was checked

    def describe(self) -> list[str]:
        m = self.manifest
        lines = [
            f"Archive: {self.archive}",
            f"  made {m['created_at']} by Custodia {m.get('custodia_version', '?')} "
            f"from {m['vendor']} {m.get('server_version', '')}".rstrip(),
            "  archive checksum: "
            + (f"matches {sidecar_path(self.archive).name}" if self.archive_sha256 else "no .sha256 file beside it"),
            f"  snapshot: {_mib(m['snapshot']['size'])}, sha256 {m['snapshot']['sha256'][:16]}... matches the manifest",
            f"  audit chain of the staged copy: intact ({self.chain.message})",
        ]
        return lines + [f"  note: {note}" for note in self.notes]

    def apply(self, progress: Progress = _silent) -> None:
        from django.db import connections

        # This process must hold no connection or transaction on the live database while it
        # is replaced; later queries reconnect and see the restored data.
        connections[self.alias].close()
        if self.manifest["vendor"] == "sqlite":
            _replace_sqlite(self.alias, self.snapshot, progress)
        else:
            _replace_postgresql(self.alias, self.snapshot, self.staged_db, progress)
        connections[self.alias].close()


def _check_migrations(manifest: dict[str, Any]) -> list[str]:
    """Refuse a snapshot made by a newer release: this code would not understand its tables.
    An older snapshot is fine; `migrate` brings it up to date after the restore."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    installed = {config.label for config in apps.get_app_configs()}
    unknown, behind, notes = [], [], []
    leaves = dict(graph.leaf_nodes())
    for app, name in manifest["migrations"].items():
        if app not in installed:
            notes.append(f"the snapshot has tables of app {app!r}, which this installation does not use")
        elif (app, name) not in graph.nodes:
            unknown.append(f"{app}.{name}")
        elif leaves.get(app) != name:
            behind.append(app)
    if unknown:
        raise BackupError(
            "The snapshot was made by a newer release of Custodia (migrations unknown here: "
            f"{', '.join(unknown)}). Install that release, restore, then upgrade."
        )
    if behind:
        notes.append(f"the snapshot is older than this release ({', '.join(behind)}): run `manage.py migrate` after")
    return notes


@contextlib.contextmanager
def staged_restore(
    archive: Path, *, passphrase: bytes | None, alias: str = "default", progress: Progress = _silent
) -> Iterator[StagedRestore]:
    """Check an archive completely, with the live database untouched: checksum, decryption,
    manifest, snapshot sha256, vendor, migrations, and the audit chain of a staged copy.
    Yields the StagedRestore; its temporary file or database is removed on exit."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    vendor = _vendor(alias)
    if vendor == "sqlite":
        _sqlite_path(alias)  # fails early for an in-memory database
    progress(f"Checking {archive}...")
    archive_sha256 = check_sidecar(archive)
    if archive_sha256:
        progress("  archive checksum matches its .sha256 file")
    else:
        progress(f"  warning: no {sidecar_path(archive).name} beside the archive; relying on the checksums inside it")
    # Staged beside the backups: the same protected directory, on the disk that holds the database.
    staging = backups_dir()
    staging.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=staging))
    staged_db: str | None = None
    try:
        manifest, snapshot = extract_archive(archive, work, passphrase=passphrase, progress=progress)
        progress("  snapshot matches the sha256 in the manifest")
        if manifest["vendor"] != vendor:
            raise BackupError(
                f"The archive holds a {manifest['vendor']} snapshot, but this installation uses {vendor}."
            )
        notes = _check_migrations(manifest)
        if vendor == "sqlite":
            env = _stage_sqlite(alias, snapshot, progress)
        else:
            staged_db = _staged_db_name(_connection(alias).settings_dict["NAME"])
            env = _stage_postgresql(alias, snapshot, staged_db, progress)
        progress("  checking the audit chain of the staged copy...")
        try:
            chain = _check_chain(env)
        except BackupError as exc:
            if any("older than this release" in note for note in notes):
                # This release's verify_chain may need columns an older schema does not have.
                raise BackupError(
                    f"{exc} The snapshot is older than this release: restore it with the release that made it "
                    f"(Custodia {manifest.get('custodia_version', '?')}), then upgrade."
                ) from exc
            raise
        if not chain.ok:
            raise BackupError(
                f"The audit chain of the snapshot is broken: {chain.message.rstrip('.')}. "
                "The archive was altered, or made from a database whose audit trail had been altered."
            )
        progress(f"  audit chain intact ({chain.checked:,} event{'' if chain.checked == 1 else 's'})")
        yield StagedRestore(
            archive=archive,
            manifest=manifest,
            chain=chain,
            alias=alias,
            snapshot=snapshot,
            archive_sha256=archive_sha256,
            notes=notes,
            staged_db=staged_db,
        )
    finally:
        if staged_db:
            _drop_database(alias, staged_db)
        shutil.rmtree(work, ignore_errors=True)


def restore_backup(
    archive: Path,
    *,
    passphrase: bytes | None,
    confirm: Callable[[StagedRestore], bool] = lambda staged: True,
    safety_backup: bool = True,
    alias: str = "default",
    progress: Progress = _silent,
) -> StagedRestore:
    """Check `archive`, ask `confirm`, keep a safety backup of the live database, then replace it.
    Any failure before the replacement leaves the live database as it was."""
    with staged_restore(archive, passphrase=passphrase, alias=alias, progress=progress) as staged:
        if not confirm(staged):
            raise BackupError("Not confirmed.")
        if safety_backup and _live_has_tables(alias):
            saved = create_backup(passphrase=passphrase, alias=alias, prefix="custodia-pre-restore", progress=_silent)
            progress(f"Safety backup of the live database: {saved.path}")
        progress("Replacing the live database...")
        staged.apply(progress)
        return staged


def _live_has_tables(alias: str) -> bool:
    from django.db import connections

    try:
        return bool(connections[alias].introspection.table_names())
    finally:
        connections[alias].close()


# SQLite ----------------------------------------------------------------------------------------


def _stage_sqlite(alias: str, snapshot: Path, progress: Progress) -> dict[str, str]:
    live = _sqlite_path(alias)
    try:
        staged = sqlite3.connect(str(snapshot), isolation_level=None)
        try:
            check = staged.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"The snapshot fails SQLite's integrity_check ({check}).")
            # The backup API cannot write into a WAL database of another page size; rebuild the
            # staged copy (not in WAL mode yet) with the live page size before checking it.
            if live.is_file():
                with contextlib.closing(sqlite3.connect(str(live), timeout=60)) as current:
                    live_page_size = current.execute("PRAGMA page_size").fetchone()[0]
                if staged.execute("PRAGMA page_size").fetchone()[0] != live_page_size:
                    staged.execute("PRAGMA journal_mode=DELETE")
                    staged.execute(f"PRAGMA page_size={int(live_page_size)}")
                    staged.execute("VACUUM")
        finally:
            staged.close()
    except sqlite3.Error as exc:
        raise BackupError(f"The snapshot is not a usable SQLite database: {exc}.") from exc
    progress("  staged copy passes SQLite's integrity_check")
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env["CUSTODIA_SQLITE"] = str(snapshot)
    return env


def _replace_sqlite(alias: str, snapshot: Path, progress: Progress) -> None:
    live = _sqlite_path(alias)
    size = snapshot.stat().st_size
    progress(f"  copying {_mib(size)} into {live} with the SQLite online backup API (one transaction)...")
    try:
        with contextlib.closing(sqlite3.connect(str(snapshot), timeout=60)) as source:
            with contextlib.closing(sqlite3.connect(str(live), timeout=60)) as target:
                # pages=-1 copies in one step, which is one write transaction on the live
                # database: other connections see the old database or the restored one, never a
                # mixture, and a failure part-way rolls back. WAL mode of the live file is kept.
                source.backup(target, pages=-1)
    except sqlite3.Error as exc:
        raise BackupError(f"Replacing the live database failed and was rolled back: {exc}.") from exc


# PostgreSQL ------------------------------------------------------------------------------------


def _staged_db_name(live: str) -> str:
    # At most 63 bytes, PostgreSQL's limit for names.
    return f"{live[:40]}_restore_{secrets.token_hex(4)}"


def _stage_postgresql(alias: str, snapshot: Path, staged_db: str, progress: Progress) -> dict[str, str]:
    settings_dict = _connection(alias).settings_dict
    pg_restore = _pg_tool("pg_restore", alias)
    try:
        with contextlib.closing(_pg_connect(settings_dict, "postgres")) as admin:
            # template0: nothing someone added to template1 can clash with the snapshot's objects.
            admin.execute(f"CREATE DATABASE {_quote_ident(staged_db)} TEMPLATE template0")
    except Exception as exc:
        raise BackupError(
            f"Could not create the temporary database {staged_db} to check the snapshot in ({exc}); the database "
            "role needs the CREATEDB privilege."
        ) from exc
    progress(f"  restoring the snapshot into the temporary database {staged_db}...")
    _run(
        [pg_restore, "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", "--no-password"]
        + ["--dbname", staged_db, str(snapshot)],
        env=_pg_env(settings_dict, staged_db),
        what="pg_restore into the temporary database",
    )
    env = _pg_env(settings_dict, staged_db)
    # Connection details travel in the PG* variables; the URL only names the staged database.
    env["DATABASE_URL"] = f"postgres:///{staged_db}"
    return env


def _drop_database(alias: str, name: str) -> None:
    settings_dict = _connection(alias).settings_dict
    with contextlib.suppress(Exception), contextlib.closing(_pg_connect(settings_dict, "postgres")) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")


# Relations of the database's own schemas, leaving out what goes with something else: a
# sequence owned by a column (identity or serial) and objects of extensions.
_RELATIONS = """
    SELECT n.nspname, c.relname, c.relkind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      AND NOT EXISTS (
        SELECT 1 FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e')
      )
"""
_DROP = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE", "f": "FOREIGN TABLE"}


def _replace_postgresql(alias: str, snapshot: Path, staged_db: str | None, progress: Progress) -> None:
    """One transaction in psql: drop the live tables the snapshot does not have (a newer
    migration's), then the script of pg_restore --clean --if-exists drops and recreates the
    snapshot's objects and loads their rows.

    The COMMIT is sent only after pg_restore has produced the whole script and exited 0: psql
    --single-transaction would commit whatever it had read when its input ended, so a pg_restore
    dying half-way would leave the live database half-replaced. Without the COMMIT, the end of
    input closes the session and PostgreSQL rolls everything back; ON_ERROR_STOP does the same at
    the first failing statement."""
    settings_dict = _connection(alias).settings_dict
    live = settings_dict["NAME"]
    pg_restore, psql = _pg_tool("pg_restore", alias), _pg_tool("psql", alias)
    with contextlib.closing(_pg_connect(settings_dict, live)) as conn:
        live_relations = {tuple(row) for row in conn.execute(_RELATIONS).fetchall()}
    staged_relations: set[tuple[str, str, str]] = set()
    if staged_db:
        with contextlib.closing(_pg_connect(settings_dict, staged_db)) as conn:
            staged_relations = {tuple(row) for row in conn.execute(_RELATIONS).fetchall()}
    # Views before tables before sequences: the order in which they can depend on each other.
    order = {"v": 0, "m": 0, "r": 1, "p": 1, "f": 1, "S": 2}
    extra = sorted(live_relations - staged_relations, key=lambda rel: (order[rel[2]], rel)) if staged_db else []
    preamble = "".join(
        f"DROP {_DROP[kind]} IF EXISTS {_quote_ident(schema)}.{_quote_ident(name)} CASCADE;\n"
        for schema, name, kind in extra
    )
    env = _pg_env(settings_dict, live)
    command = [psql, "--no-psqlrc", "--quiet", "--no-password", "--set", "ON_ERROR_STOP=1", "--dbname", live]
    command += ["--file", "-"]
    with tempfile.TemporaryFile() as psql_errors, tempfile.TemporaryFile() as restore_errors:
        try:
            target = subprocess.Popen(
                command, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors
            )
            script = subprocess.Popen(
                [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-acl", "--file", "-", str(snapshot)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=restore_errors,
            )
        except OSError as exc:
            raise BackupError(f"psql or pg_restore could not start: {exc}.") from exc
        assert target.stdin is not None and script.stdout is not None
        try:
            target.stdin.write(b"BEGIN;\n" + preamble.encode())
            while chunk := script.stdout.read(COPY_CHUNK):
                target.stdin.write(chunk)
            if script.wait() == 0:
                target.stdin.write(b"\nCOMMIT;\n")
        except BrokenPipeError:
            # psql stopped at an error and rolled back; its message is read below.
            script.kill()
        finally:
            with contextlib.suppress(BrokenPipeError):
                target.stdin.close()
        script_status, target_status = script.wait(), target.wait()
        if script_status != 0 or target_status != 0:
            restore_errors.seek(0)
            psql_errors.seek(0)
            detail = _last_lines(
                psql_errors.read().decode(errors="replace") or restore_errors.read().decode(errors="replace")
            )
            raise BackupError(f"Replacing the live database failed and was rolled back: {detail}")
    progress(
        f"  restored into {live}" + (f" (dropped {len(extra)} objects the snapshot does not have)" if extra else "")
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["verify-chain"]:
        sys.exit(_verify_chain_main())
    sys.exit("usage: python -m custodia.core.backup verify-chain")
