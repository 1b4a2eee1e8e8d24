"""PostgreSQL: pg_dump's snapshot, its staged check in a temporary database, and the replacement
of the live database in one transaction.

pg_dump reads inside one repeatable-read snapshot; its custom format is what pg_restore needs to
restore into a temporary database first.
"""

import contextlib
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import psycopg
from django.db.migrations.recorder import MigrationRecorder

from .database import connection, latest_migrations
from .errors import BackupError, last_lines
from .progress import Progress, mib

if TYPE_CHECKING:
    from django.db.backends.postgresql.base import DatabaseWrapper

COPY_CHUNK = 1024 * 1024
# Where Debian and Ubuntu install each major version's client tools side by side.
PG_BIN_DIR = "/usr/lib/postgresql/{major}/bin"

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


def _postgresql(alias: str) -> "DatabaseWrapper":
    return cast("DatabaseWrapper", connection(alias))


def pg_env(settings_dict: dict[str, Any], dbname: str) -> dict[str, str]:
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


def pg_tool(name: str, alias: str) -> str:
    """The tool of the server's major version (an older pg_dump refuses a newer server), else the
    one on PATH (Debian's wrapper there picks the right version itself)."""
    major = _postgresql(alias).pg_version // 10000
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


def _run(command: list[str], *, env: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except OSError as exc:
        raise BackupError(f"{what} could not start: {exc}.") from exc
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): {last_lines(result.stderr)}")


def _connect(settings_dict: dict[str, Any], dbname: str) -> psycopg.Connection[Any]:
    env = pg_env(settings_dict, dbname)
    params: dict[str, Any] = {
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


# --- the snapshot -------------------------------------------------------------------------------


def snapshot(alias: str, target: Path, progress: Progress) -> tuple[dict[str, str], str]:
    """pg_dump the live database into `target`; returns its latest migrations and the server's version."""
    wrapper = _postgresql(alias)
    migrations = latest_migrations(MigrationRecorder(wrapper).applied_migrations())
    version = wrapper.pg_version
    pg_dump = pg_tool("pg_dump", alias)
    name = wrapper.settings_dict["NAME"]
    progress(f"Snapshot of PostgreSQL database {name} with {pg_dump} --format=custom...")
    env = pg_env(wrapper.settings_dict, name)
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
                    progress(f"  pg_dump: {mib(written)} written")
                    reported = written
        except BaseException:
            # A full disk or an interrupt here must not leave pg_dump running on its own.
            dump.kill()
            dump.wait()
            raise
        if dump.wait() != 0:
            errors.seek(0)
            raise BackupError(
                f"pg_dump failed (exit {dump.returncode}): {last_lines(errors.read().decode(errors='replace'))}"
            )
    return migrations, f"{version // 10000}.{version % 10000}"


# --- the staged copy ------------------------------------------------------------------------------


def staged_db_name(live: str) -> str:
    # At most 63 bytes, PostgreSQL's limit for names.
    return f"{live[:40]}_restore_{secrets.token_hex(4)}"


def stage(alias: str, snapshot: Path, staged_db: str, progress: Progress) -> dict[str, str]:
    """pg_restore the snapshot into a new temporary database; returns the environment of a process
    whose database it is."""
    settings_dict = connection(alias).settings_dict
    pg_restore = pg_tool("pg_restore", alias)
    try:
        with contextlib.closing(_connect(settings_dict, "postgres")) as admin:
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
        env=pg_env(settings_dict, staged_db),
        what="pg_restore into the temporary database",
    )
    env = pg_env(settings_dict, staged_db)
    # Connection details travel in the PG* variables; the URL only names the staged database.
    env["DATABASE_URL"] = f"postgres:///{staged_db}"
    return env


def drop_database(alias: str, name: str) -> None:
    settings_dict = connection(alias).settings_dict
    with contextlib.suppress(Exception), contextlib.closing(_connect(settings_dict, "postgres")) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")


# --- the replacement ----------------------------------------------------------------------------

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


def _relations(settings_dict: dict[str, Any], dbname: str) -> set[tuple[str, str, str]]:
    with contextlib.closing(_connect(settings_dict, dbname)) as conn:
        return {(schema, name, kind) for schema, name, kind in conn.execute(_RELATIONS).fetchall()}


def replace(alias: str, snapshot: Path, staged_db: str | None, progress: Progress) -> None:
    """One transaction in psql: drop the live tables the snapshot does not have (a newer
    migration's), then the script of pg_restore --clean --if-exists drops and recreates the
    snapshot's objects and loads their rows.

    The COMMIT is sent only after pg_restore has produced the whole script and exited 0: psql
    --single-transaction would commit whatever it had read when its input ended, so a pg_restore
    dying half-way would leave the live database half-replaced. Without the COMMIT, the end of
    input closes the session and PostgreSQL rolls everything back; ON_ERROR_STOP does the same at
    the first failing statement."""
    settings_dict = connection(alias).settings_dict
    live = settings_dict["NAME"]
    pg_restore, psql = pg_tool("pg_restore", alias), pg_tool("psql", alias)
    extra: list[tuple[str, str, str]] = []
    if staged_db:
        # Views before tables before sequences: the order in which they can depend on each other.
        order = {"v": 0, "m": 0, "r": 1, "p": 1, "f": 1, "S": 2}
        missing = _relations(settings_dict, live) - _relations(settings_dict, staged_db)
        extra = sorted(missing, key=lambda rel: (order[rel[2]], rel))
    preamble = "".join(
        f"DROP {_DROP[kind]} IF EXISTS {_quote_ident(schema)}.{_quote_ident(name)} CASCADE;\n"
        for schema, name, kind in extra
    )
    env = pg_env(settings_dict, live)
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
            detail = last_lines(
                psql_errors.read().decode(errors="replace") or restore_errors.read().decode(errors="replace")
            )
            raise BackupError(f"Replacing the live database failed and was rolled back: {detail}")
    progress(
        f"  restored into {live}" + (f" (dropped {len(extra)} objects the snapshot does not have)" if extra else "")
    )
