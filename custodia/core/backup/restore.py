"""Restoring: check everything with the live database untouched, then replace it in one transaction.

Restore stages the snapshot (a temporary file, or a temporary PostgreSQL database), checks its
audit chain in a separate process whose default database is the staged copy, and only then
replaces the live database. Before that it writes a safety backup of the live database, so that
restoring the wrong archive loses nothing either.
"""

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from . import postgres, sqlite
from .archive import Manifest, check_sidecar, extract_archive, sidecar_path
from .chain import ChainCheck, check_chain
from .create import create_backup
from .database import backups_dir, connection, sqlite_path, vendor
from .errors import BackupError
from .progress import Progress, mib, silent


@dataclass
class StagedRestore:
    """A snapshot that passed every check and waits in a temporary place; apply() replaces the
    live database with it."""

    archive: Path
    manifest: Manifest
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
            f"  snapshot: {mib(m['snapshot']['size'])}, sha256 {m['snapshot']['sha256'][:16]}... matches the manifest",
            f"  audit chain of the staged copy: intact ({self.chain.message})",
        ]
        return lines + [f"  note: {note}" for note in self.notes]

    def apply(self, progress: Progress = silent) -> None:
        # This process must hold no connection or transaction on the live database while it
        # is replaced; later queries reconnect and see the restored data.
        connections[self.alias].close()
        if self.manifest["vendor"] == "sqlite":
            sqlite.replace(self.alias, self.snapshot, progress)
        else:
            postgres.replace(self.alias, self.snapshot, self.staged_db, progress)
        connections[self.alias].close()


def _check_migrations(manifest: Manifest) -> list[str]:
    """Refuse a snapshot made by a newer release: this code would not understand its tables.
    An older snapshot is fine; `migrate` brings it up to date after the restore."""
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
    archive_path: Path, *, passphrase: str | None, alias: str = "default", progress: Progress = silent
) -> Iterator[StagedRestore]:
    """Check an archive completely, with the live database untouched: checksum, decryption,
    manifest, snapshot sha256, vendor, migrations, and the audit chain of a staged copy.
    Yields the StagedRestore; its temporary file or database is removed on exit."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} does not exist.")
    engine = vendor(alias)
    if engine == "sqlite":
        sqlite_path(alias)  # fails early for an in-memory database
    progress(f"Checking {archive_path}...")
    archive_sha256 = check_sidecar(archive_path)
    if archive_sha256:
        progress("  archive checksum matches its .sha256 file")
    else:
        progress(f"  warning: no {sidecar_path(archive_path).name} beside the archive; relying on the checks inside it")
    # Staged beside the backups: the same protected directory, on the disk that holds the database.
    staging = backups_dir()
    staging.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=staging))
    staged_db: str | None = None
    try:
        manifest, snapshot = extract_archive(archive_path, work, passphrase=passphrase, progress=progress)
        progress("  snapshot matches the sha256 in the manifest")
        if manifest["vendor"] != engine:
            raise BackupError(
                f"The archive holds a {manifest['vendor']} snapshot, but this installation uses {engine}."
            )
        notes = _check_migrations(manifest)
        if engine == "sqlite":
            env = sqlite.stage(alias, snapshot, progress)
        else:
            staged_db = postgres.staged_db_name(connection(alias).settings_dict["NAME"])
            env = postgres.stage(alias, snapshot, staged_db, progress)
        progress("  checking the audit chain of the staged copy...")
        try:
            chain = check_chain(env)
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
            archive=archive_path,
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
            postgres.drop_database(alias, staged_db)
        shutil.rmtree(work, ignore_errors=True)


def restore_backup(
    archive_path: Path,
    *,
    passphrase: str | None,
    confirm: Callable[[StagedRestore], bool] = lambda staged: True,
    safety_backup: bool = True,
    alias: str = "default",
    progress: Progress = silent,
) -> StagedRestore:
    """Check the archive, ask `confirm`, keep a safety backup of the live database, then replace it.
    Any failure before the replacement leaves the live database as it was."""
    with staged_restore(archive_path, passphrase=passphrase, alias=alias, progress=progress) as staged:
        if not confirm(staged):
            raise BackupError("Not confirmed.")
        if safety_backup and _live_has_tables(alias):
            saved = create_backup(passphrase=passphrase, alias=alias, prefix="custodia-pre-restore", progress=silent)
            progress(f"Safety backup of the live database: {saved.path}")
        progress("Replacing the live database...")
        staged.apply(progress)
        return staged


def _live_has_tables(alias: str) -> bool:
    try:
        return bool(connections[alias].introspection.table_names())
    finally:
        connections[alias].close()
