"""The archive format, and the checks that tell an archive is whole and unaltered.

An archive is one file, never overwritten, mode 600:
- plain: a tar stream of `manifest.json` and then the snapshot, `snapshot.sqlite3` (the tar
  gzip-compressed: a SQLite file shrinks to a third or less) or `snapshot.pgdump` (made by
  `pg_dump --format=custom`, compressed already); named `.tar.gz` or `.tar`;
- encrypted: a tar of two age files (crypto.py), `key.age` (a one-off key, encrypted with the
  passphrase) and `custodia.tar.gz.age` or `custodia.tar.age` (the plain archive, encrypted to
  that key); named `.age.tar`. Nothing of it, not even the manifest, can be read without the
  passphrase; `tar -xf` and `age -d -i key.age` open it without Custodia.
Beside it, `<archive>.sha256` holds the archive's checksum in the format of `sha256sum`, so
`sha256sum -c` works without Custodia. The manifest holds the snapshot's sha256 and size.
"""

import contextlib
import gzip
import hashlib
import io
import json
import os
import re
import tarfile
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from . import crypto
from .errors import BackupError
from .progress import Percent, Progress, silent

FORMAT = "custodia-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SNAPSHOT_NAMES = {"sqlite": "snapshot.sqlite3", "postgresql": "snapshot.pgdump"}
PLAIN_SUFFIXES = {"sqlite": ".tar.gz", "postgresql": ".tar"}
ENCRYPTED_SUFFIX = ".age.tar"
KEY_NAME = "key.age"
PAYLOAD_NAMES = {vendor: f"custodia{suffix}.age" for vendor, suffix in PLAIN_SUFFIXES.items()}
COPY_CHUNK = 1024 * 1024
# Far above what a manifest or a locked key needs; a crafted archive must not make us read more.
_MAX_SMALL_MEMBER = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"

Manifest = dict[str, Any]


def suffix(vendor: str, *, encrypted: bool) -> str:
    return ENCRYPTED_SUFFIX if encrypted else PLAIN_SUFFIXES[vendor]


# --- checksums --------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sidecar_path(archive: Path) -> Path:
    return archive.with_name(archive.name + ".sha256")


def write_sidecar(archive: Path, sha256: str) -> None:
    sidecar_path(archive).write_text(f"{sha256}  {archive.name}\n")


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


class _HashingWriter(io.RawIOBase):
    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.sha256 = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._raw.write(data)
        self.sha256.update(data)
        return len(data)


@contextlib.contextmanager
def _new_file(path: Path) -> Iterator[_HashingWriter]:
    """A new file, hashed as it is written and on disk before its name is given out."""
    with open(path, "xb") as raw:
        hashing = _HashingWriter(raw)
        yield hashing
        raw.flush()
        os.fsync(raw.fileno())


class _ProgressReader:
    def __init__(self, raw: IO[bytes], report: Callable[[int], None]) -> None:
        self._raw, self._report, self._done = raw, report, 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._done += len(data)
        self._report(self._done)
        return data


# --- the manifest -----------------------------------------------------------------------------


def manifest(
    *,
    vendor: str,
    server_version: str,
    created_at: datetime,
    custodia_version: str,
    migrations: dict[str, str],
    snapshot: Path,
    encrypted: bool,
) -> Manifest:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "vendor": vendor,
        "server_version": server_version,
        "created_at": created_at.isoformat(timespec="seconds"),
        "custodia_version": custodia_version,
        "migrations": migrations,
        "snapshot": {"name": snapshot.name, "sha256": file_sha256(snapshot), "size": snapshot.stat().st_size},
        "encrypted": encrypted,
    }


def _parse_manifest(body: bytes) -> Manifest:
    try:
        parsed = json.loads(body)
    except ValueError as exc:
        raise BackupError(f"The archive's manifest is not valid JSON: {exc}.") from exc
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        raise BackupError("This file is not a Custodia backup archive (its manifest has another format).")
    if not isinstance(parsed.get("format_version"), int) or parsed["format_version"] > FORMAT_VERSION:
        raise BackupError(
            f"The archive has format version {parsed.get('format_version')}; this release reads up to "
            f"{FORMAT_VERSION}. Restore it with the release that made it."
        )
    snapshot = parsed.get("snapshot")
    if (
        parsed.get("vendor") not in SNAPSHOT_NAMES
        or not isinstance(snapshot, dict)
        or snapshot.get("name") != SNAPSHOT_NAMES[parsed["vendor"]]
        or not re.fullmatch(r"[0-9a-f]{64}", str(snapshot.get("sha256")))
        or not isinstance(snapshot.get("size"), int)
        or not isinstance(parsed.get("migrations"), dict)
    ):
        raise BackupError("The archive's manifest is incomplete or damaged.")
    return parsed


# --- writing ----------------------------------------------------------------------------------


def _add(tar: tarfile.TarFile, name: str, size: int, body: crypto.Readable, mtime: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o600
    tar.addfile(info, body)


def write_plain(target: Path, manifest: Manifest, snapshot: Path, progress: Progress = silent) -> str:
    """tar | gzip (SQLite only) | sha256 | file, in one pass; returns the sha256 of the file."""
    mtime = int(datetime.now(UTC).timestamp())
    with _new_file(target) as hashing:
        compressing = None
        if manifest["vendor"] == "sqlite":
            compressing = gzip.GzipFile(fileobj=hashing, mode="wb", compresslevel=6)
        with tarfile.open(fileobj=compressing or hashing, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            _add(tar, MANIFEST_NAME, len(body), io.BytesIO(body), mtime)
            size = manifest["snapshot"]["size"]
            with open(snapshot, "rb") as f:
                _add(tar, snapshot.name, size, _ProgressReader(f, Percent(progress, "archive", size)), mtime)
        if compressing is not None:
            compressing.close()
    return hashing.sha256.hexdigest()


def seal(plain: Path, target: Path, *, vendor: str, passphrase: str, progress: Progress = silent) -> str:
    """Encrypt the plain archive into `target`; returns the sha256 of `target`. Needs room for
    the encrypted copy beside `plain` while `target` is written."""
    key = crypto.new_key()
    locked = crypto.lock_key(key, passphrase)
    payload = plain.with_name(PAYLOAD_NAMES[vendor])
    size = plain.stat().st_size
    try:
        with open(plain, "rb") as source, _new_file(payload) as sealed:
            crypto.encrypt(_ProgressReader(source, Percent(progress, "encryption", size)), sealed, key)
        mtime = int(datetime.now(UTC).timestamp())
        with _new_file(target) as hashing:
            with tarfile.open(fileobj=hashing, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                # The key first: a restore with a wrong passphrase stops before reading gigabytes.
                _add(tar, KEY_NAME, len(locked), io.BytesIO(locked), mtime)
                with open(payload, "rb") as f:
                    _add(tar, payload.name, payload.stat().st_size, f, mtime)
    finally:
        payload.unlink(missing_ok=True)
    return hashing.sha256.hexdigest()


# --- reading ----------------------------------------------------------------------------------


def extract_archive(
    archive: Path, target_dir: Path, *, passphrase: str | None, progress: Progress = silent
) -> tuple[Manifest, Path]:
    """Read the manifest and write the snapshot into target_dir, checking the snapshot against
    the manifest's sha256 and size. Nothing is taken from the archive's own member names."""
    try:
        if not _is_encrypted(archive):
            if passphrase is not None:
                progress("Note: the archive is not encrypted; the passphrase is not needed.")
            return _extract_plain(archive, target_dir, progress)
        if passphrase is None:
            raise BackupError(
                "The archive is encrypted: give its passphrase with --passphrase-file or --passphrase-env."
            )
        plain = _decrypt(archive, target_dir, passphrase, progress)
        try:
            return _extract_plain(plain, target_dir, progress)
        finally:
            plain.unlink()
    except BackupError:
        raise
    except (tarfile.TarError, zlib.error, EOFError, gzip.BadGzipFile, OSError) as exc:
        raise BackupError(f"The archive is damaged and cannot be read ({exc}).") from exc


def _is_encrypted(archive: Path) -> bool:
    with open(archive, "rb") as raw:
        if raw.read(2) == _GZIP_MAGIC:
            return False
        raw.seek(0)
        try:
            with tarfile.open(fileobj=raw, mode="r|") as tar:
                first = tar.next()
        except tarfile.TarError:
            return False  # reading it as a plain archive names the damage
    return first is not None and first.name == KEY_NAME


def _small_member(tar: tarfile.TarFile, member: tarfile.TarInfo | None, name: str, what: str) -> bytes:
    if member is None or member.name != name or not member.isfile() or member.size > _MAX_SMALL_MEMBER:
        raise BackupError(f"The archive does not start with its {what}: it is not a Custodia backup.")
    body = tar.extractfile(member)
    assert body is not None  # a regular file has a body
    return body.read()


def _decrypt(archive: Path, target_dir: Path, passphrase: str, progress: Progress) -> Path:
    """The plain archive inside an encrypted one, decrypted into target_dir."""
    with open(archive, "rb") as raw, tarfile.open(fileobj=raw, mode="r|") as tar:
        key = crypto.unlock_key(_small_member(tar, tar.next(), KEY_NAME, "key"), passphrase)
        progress("  the passphrase opens the archive's key")
        member = tar.next()
        if member is None or not member.isfile() or member.name not in PAYLOAD_NAMES.values():
            raise BackupError("The encrypted archive is incomplete, or holds something else than an archive.")
        source = tar.extractfile(member)
        assert source is not None
        plain = target_dir / member.name.removesuffix(".age")
        with open(plain, "xb") as out:
            crypto.decrypt(_ProgressReader(source, Percent(progress, "decryption", member.size)), out, key)
        if (extra := tar.next()) is not None:
            raise BackupError(f"The encrypted archive holds an unexpected member {extra.name!r}.")
    progress("  decrypted: every age chunk is authentic and none is missing")
    return plain


def _extract_plain(archive: Path, target_dir: Path, progress: Progress) -> tuple[Manifest, Path]:
    manifest: Manifest | None = None
    snapshot_path: Path | None = None
    with open(archive, "rb") as raw:
        compressed = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
        payload: gzip.GzipFile | io.BufferedReader = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        with tarfile.open(fileobj=payload, mode="r|") as tar:
            for member in tar:
                if manifest is None:
                    manifest = _parse_manifest(_small_member(tar, member, MANIFEST_NAME, "manifest"))
                elif snapshot_path is None and member.isfile() and member.name == manifest["snapshot"]["name"]:
                    snapshot_path = target_dir / SNAPSHOT_NAMES[manifest["vendor"]]
                    source = tar.extractfile(member)
                    assert source is not None
                    _copy_checked(source, snapshot_path, manifest, Percent(progress, "extract", member.size))
                else:
                    raise BackupError(f"The archive holds an unexpected member {member.name!r}.")
        # Reading to the end checks the gzip CRC.
        while payload.read(COPY_CHUNK):
            pass
    if manifest is None or snapshot_path is None:
        raise BackupError("The archive is incomplete: its manifest or snapshot is missing.")
    return manifest, snapshot_path


def _copy_checked(source: IO[bytes], target: Path, manifest: Manifest, report: Percent) -> None:
    digest, size = hashlib.sha256(), 0
    with open(target, "xb") as out:
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
