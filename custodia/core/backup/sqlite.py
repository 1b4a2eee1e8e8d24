"""SQLite: a snapshot of one instant while the service writes, its staged check, and the
replacement of the live file in one transaction.

SQLite runs in WAL mode, so a file copy can miss committed pages still in the -wal file or catch
a half-written checkpoint. The snapshot is made with the online backup API from a connection
that holds one read transaction for the whole copy: WAL lets writers go on, and every page comes
from the same instant.
"""

import contextlib
import os
import sqlite3
from pathlib import Path

from .database import latest_migrations, sqlite_path
from .errors import BackupError
from .progress import Percent, Progress, mib

# Pages copied per step of the backup: small enough for regular progress reports.
SQLITE_STEP_PAGES = 4096


def snapshot(live: Path, target: Path, progress: Progress) -> tuple[dict[str, str], str]:
    """Copy `live` into `target`; returns the latest migrations in the copy and SQLite's version."""
    if not live.is_file():
        raise BackupError(f"The database file {live} does not exist.")
    source = sqlite3.connect(str(live), timeout=60, isolation_level=None)
    copy = sqlite3.connect(str(target), isolation_level=None)
    try:
        # One read transaction for the whole copy: in WAL mode every step then reads the same
        # instant and writers are not blocked (the backup would otherwise restart after each
        # write by another connection, and might never finish on a busy system).
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        page_size = source.execute("PRAGMA page_size").fetchone()[0]
        pages = source.execute("PRAGMA page_count").fetchone()[0]
        report = Percent(progress, "snapshot", pages * page_size)
        progress(f"Snapshot of {live} ({mib(pages * page_size)}) with the SQLite online backup API...")
        source.backup(
            copy,
            pages=SQLITE_STEP_PAGES,
            progress=lambda _status, remaining, total: report((total - remaining) * page_size),
        )
        source.execute("COMMIT")
        # The copy inherits WAL mode; a snapshot must be one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The live database fails SQLite's quick_check ({check}); no archive was written.")
        migrations = latest_migrations(copy.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.Error as exc:
        raise BackupError(f"The SQLite snapshot failed: {exc}.") from exc
    finally:
        copy.close()
        source.close()
    return migrations, sqlite3.sqlite_version


def stage(alias: str, snapshot: Path, progress: Progress) -> dict[str, str]:
    """Check the extracted snapshot in place; returns the environment of a process whose database
    it is."""
    live = sqlite_path(alias)
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


def replace(alias: str, snapshot: Path, progress: Progress) -> None:
    live = sqlite_path(alias)
    size = snapshot.stat().st_size
    progress(f"  copying {mib(size)} into {live} with the SQLite online backup API (one transaction)...")
    try:
        with contextlib.closing(sqlite3.connect(str(snapshot), timeout=60)) as source:
            with contextlib.closing(sqlite3.connect(str(live), timeout=60)) as target:
                # pages=-1 copies in one step, which is one write transaction on the live
                # database: other connections see the old database or the restored one, never a
                # mixture, and a failure part-way rolls back. WAL mode of the live file is kept.
                source.backup(target, pages=-1)
    except sqlite3.Error as exc:
        raise BackupError(f"Replacing the live database failed and was rolled back: {exc}.") from exc
