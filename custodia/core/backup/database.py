"""Facts about the live database and the installation that a backup records or a restore checks."""

from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from .archive import SNAPSHOT_NAMES
from .errors import BackupError


def connection(alias: str) -> BaseDatabaseWrapper:
    return connections[alias]


def vendor(alias: str) -> str:
    name = connection(alias).vendor
    if name not in SNAPSHOT_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def sqlite_path(alias: str) -> Path:
    wrapper = connection(alias)
    if wrapper.is_in_memory_db():  # type: ignore[attr-defined]  # the SQLite wrapper's own method
        raise BackupError("The database is in memory: there is nothing on disk to back up or restore into.")
    return Path(wrapper.settings_dict["NAME"])


def latest_migrations(applied: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{app: the latest applied migration}: migration names start with their number."""
    latest: dict[str, str] = {}
    for app, name in applied:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def custodia_version() -> str:
    try:
        return version("custodia")
    except PackageNotFoundError:
        return "unknown"


def backups_dir() -> Path:
    return Path(settings.VAR_DIR) / "backups"
