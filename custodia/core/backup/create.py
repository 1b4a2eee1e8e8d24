"""Making a backup: a snapshot of the live database, written as an archive with its checksum file."""

import contextlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.utils import timezone

from . import archive, postgres, sqlite
from .database import backups_dir, custodia_version, sqlite_path, vendor
from .errors import BackupError
from .progress import Progress, mib, silent


@dataclass(frozen=True)
class BackupResult:
    path: Path
    sha256: str
    size: int
    manifest: archive.Manifest


def create_backup(
    *,
    output: Path | str | None = None,
    passphrase: str | None = None,
    alias: str = "default",
    prefix: str = "custodia",
    progress: Progress = silent,
) -> BackupResult:
    """Write an archive of the live database and its `.sha256` sidecar; returns where and what.

    `output` may be a file (never overwritten) or a directory (an existing one, or a path ending
    with a slash); by default the archive goes to var/backups/<prefix>-YYYYmmdd-HHMMSS.tar.gz
    (SQLite) or .tar (PostgreSQL), or .age.tar when encrypted with `passphrase`.
    """
    engine = vendor(alias)
    path = _target(output, f"{prefix}-{_timestamp()}{archive.suffix(engine, encrypted=passphrase is not None)}")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists():
        raise BackupError(f"{path} already exists; a backup never overwrites a file.")

    # Work files live beside the archive: the same disk, which must hold the archive anyway.
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=path.parent) as work_dir:
        work = Path(work_dir)
        snapshot = work / archive.SNAPSHOT_NAMES[engine]
        # The instant the data is from: the snapshot starts here and sees nothing committed later.
        started = datetime.now(UTC)
        if engine == "sqlite":
            migrations, server_version = sqlite.snapshot(sqlite_path(alias), snapshot, progress)
        else:
            migrations, server_version = postgres.snapshot(alias, snapshot, progress)
        manifest = archive.manifest(
            vendor=engine,
            server_version=server_version,
            created_at=started,
            custodia_version=custodia_version(),
            migrations=migrations,
            snapshot=snapshot,
            encrypted=passphrase is not None,
        )
        progress(f"Writing the archive ({mib(manifest['snapshot']['size'])} snapshot)...")
        finished = work / "archive.partial"
        digest = archive.write_plain(finished, manifest, snapshot, progress)
        # Each step frees the disk space of the one before: at most two copies at any time.
        snapshot.unlink()
        if passphrase is not None:
            progress("Encrypting the archive with age...")
            plain, finished = finished, work / "encrypted.partial"
            digest = archive.seal(plain, finished, vendor=engine, passphrase=passphrase, progress=progress)
            plain.unlink()
        # Archives hold personal data: readable by the service account only.
        os.chmod(finished, 0o600)
        _publish(finished, path)
    archive.write_sidecar(path, digest)
    _fsync_dir(path.parent)
    return BackupResult(path=path, sha256=digest, size=path.stat().st_size, manifest=manifest)


def _target(output: Path | str | None, default_name: str) -> Path:
    if output is None:
        return backups_dir() / default_name
    if Path(output).is_dir() or str(output).endswith(("/", os.sep)):
        return Path(output) / default_name
    return Path(output)


def _timestamp() -> str:
    # The service's local time, as operators read it; the manifest has the exact UTC instant.
    return timezone.localtime().strftime("%Y%m%d-%H%M%S")


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


def _fsync_dir(directory: Path) -> None:
    # The new name is durable only once the directory entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
