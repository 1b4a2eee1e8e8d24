"""Backup and restore against real databases (Mandela Rule 6: nothing lost).

On SQLite the test run's database is in memory, and the commands exist for the file database in
WAL mode that a prison runs: these tests build such a file (migrate, the demo, people admitted
through the real service) and run `manage.py backup` and `manage.py restore` on it in
subprocesses, exactly as an operator would. On PostgreSQL they run the commands in-process on
the test run's own database. Either way, after a restore every row of every table must be back
as it was, the audit chain must verify, and every refused restore must leave the live database
exactly as it was.
"""

import contextlib
import hashlib
import io
import json
import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pyrage
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from custodia.core import backup
from custodia.core.backup import archive as archive_format
from custodia.core.backup import crypto
from custodia.core.backup import postgres as pg_backup
from custodia.core.backup import sqlite as sqlite_backup
from custodia.core.backup.database import latest_migrations

PASSPHRASE = "correct horse battery staple, twice"
ON_SQLITE = connection.vendor == "sqlite"
ON_POSTGRESQL = connection.vendor == "postgresql"
EVENTS = "core_auditevent"

# Run inside `manage.py shell -c` on a new file database (one process instead of three): the
# tables, the demo's small service, and two people admitted through the service.
SEED = """
from django.core.management import call_command
from custodia.register.tests.factories import admit
call_command('migrate', interactive=False, verbosity=0)
call_command('demo', country='uganda', scale=0.002, verbosity=0)
admit(given_names='Amina', family_name='Okello')
admit(given_names='Sara', family_name='Nakato', legal_status='convicted')
"""
# verify_chain() of the database, as the last line of output, for `manage.py shell -c`.
CHAIN = """
import dataclasses, json
from custodia.core.audit import verify_chain
print(json.dumps(dataclasses.asdict(verify_chain())))
"""
# The changes made after a backup, which the restore must take back.
CHANGE = """
from django.utils import timezone
from custodia.register import services
from custodia.register.choices import LegalStatus
from custodia.register.models import Prisoner
from custodia.estate.models import Prison
from custodia.register.tests.factories import admit
admit(prison=Prison.objects.order_by('pk').first(), given_names='Later', family_name='Arrival')
prisoner = Prisoner.objects.filter(legal_status=LegalStatus.PRE_TRIAL).order_by('pk').first()
services.legal_status_change(
    actor=None, prisoner=prisoner, status=LegalStatus.CONVICTED, effective_on=timezone.localdate(), note='after'
)
"""

Contents = dict[str, list[str]]


# -- helpers for both databases ----------------------------------------------------------------------


def _flip_byte(path: Path, offset: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2 if offset is None else offset] ^= 0x01
    path.write_bytes(bytes(data))


def _cut(path: Path, size: int) -> None:
    path.write_bytes(path.read_bytes()[:size])


def _pack(target: Path, manifest: dict[str, Any], snapshot: bytes) -> None:
    """An archive built by hand, to check what restore makes of an odd manifest."""
    _tar(target, (backup.MANIFEST_NAME, json.dumps(manifest).encode()), (manifest["snapshot"]["name"], snapshot))


def _tar(target: Path, *members: tuple[str, bytes]) -> None:
    with tarfile.open(target, "w") as tar:
        for name, body in members:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar}  # type: ignore[union-attr]


def _read_archive(path: Path, passphrase: str | None = None) -> tuple[dict[str, Any], bytes]:
    with tempfile.TemporaryDirectory() as work:
        manifest, snapshot = backup.extract_archive(path, Path(work), passphrase=passphrase)
        return manifest, snapshot.read_bytes()


def _is_encrypted_archive(path: Path) -> bool:
    """A tar of two age files: the key locked with age's passphrase (scrypt) recipient, and the
    plain archive encrypted to that key with age's X25519 recipient."""
    members = _members(path)
    key, payload = members.pop(archive_format.KEY_NAME), members.popitem()[1]
    return not members and key.startswith(AGE_HEADER + b"-> scrypt ") and payload.startswith(AGE_HEADER + b"-> X25519 ")


# -- the format, on any database ---------------------------------------------------------------------

AGE_HEADER = b"age-encryption.org/v1\n"
# Six age chunks of 64 KiB, and a marker that must not show in the encrypted archive.
SNAPSHOT = b"PGDMP readable marker " + os.urandom(6 * 65536)


_UNLOCKED: dict[tuple[bytes, str], bytes] = {}


@pytest.fixture(autouse=True)
def _each_key_unlocked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """age's scrypt takes about a second to open a key, by design, and these tests open the same
    few keys again and again, around archives altered everywhere else. Custodia's calls are
    remembered: each key and passphrase that opens is worked through once, by age itself, and one
    that does not open goes to age every time. pyrage called by a test itself is left as it is."""
    age_passphrase = crypto.age_passphrase

    def decrypt(locked: bytes, passphrase: str) -> bytes:
        if (locked, passphrase) not in _UNLOCKED:
            _UNLOCKED[locked, passphrase] = age_passphrase.decrypt(locked, passphrase)
        return _UNLOCKED[locked, passphrase]

    monkeypatch.setattr(crypto, "age_passphrase", SimpleNamespace(encrypt=age_passphrase.encrypt, decrypt=decrypt))


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """A plain PostgreSQL archive as create_backup writes it, around a made-up snapshot, and the
    same archive sealed with the passphrase: made once for the module (sealing runs age's scrypt),
    and copied for each test, which may alter its copy."""
    work = tmp_path_factory.mktemp("sealed")
    snapshot = work / "snapshot.pgdump"
    snapshot.write_bytes(SNAPSHOT)
    manifest = archive_format.manifest(
        vendor="postgresql",
        server_version="15.0",
        created_at=timezone.now(),
        custodia_version="test",
        migrations={"core": "0001_initial"},
        snapshot=snapshot,
        encrypted=True,
    )
    plain = work / "plain.tar"
    archive_format.write_plain(plain, manifest, snapshot)
    snapshot.unlink()
    encrypted = work / "encrypted.age.tar"
    sha256 = archive_format.seal(plain, encrypted, vendor="postgresql", passphrase=PASSPHRASE)
    assert sha256 == backup.file_sha256(encrypted)
    return plain, encrypted, manifest


@pytest.fixture
def plain_archive(sealed: tuple[Path, Path, dict[str, Any]], tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    plain, _, manifest = sealed
    return Path(shutil.copy(plain, tmp_path)), manifest


@pytest.fixture
def encrypted(sealed: tuple[Path, Path, dict[str, Any]], tmp_path: Path) -> Path:
    return Path(shutil.copy(sealed[1], tmp_path))


def _extract(archive: Path, passphrase: str | None = PASSPHRASE) -> tuple[dict[str, Any], Path]:
    """extract_archive into a new directory, which must hold nothing more than the snapshot."""
    out = Path(tempfile.mkdtemp(dir=archive.parent))
    manifest, snapshot = backup.extract_archive(archive, out, passphrase=passphrase)
    assert list(out.iterdir()) == [snapshot]
    return manifest, snapshot


def test_encrypted_archive_is_two_standard_age_files(plain_archive: tuple[Path, dict[str, Any]], encrypted: Path):
    """Disaster recovery without Custodia: tar, and age (here pyrage alone) open it."""
    plain, manifest = plain_archive
    data = encrypted.read_bytes()
    assert _is_encrypted_archive(encrypted)
    assert b"readable marker" not in data and b"custodia-backup" not in data and b"PGDMP" not in data
    members = _members(encrypted)
    assert list(members) == [archive_format.KEY_NAME, "custodia.tar.age"]
    key = pyrage.x25519.Identity.from_str(pyrage.passphrase.decrypt(members["key.age"], PASSPHRASE).decode().strip())
    assert pyrage.decrypt(members["custodia.tar.age"], [key]) == plain.read_bytes()
    # Custodia's own reading gives the same.
    extracted, snapshot = _extract(encrypted)
    assert extracted == manifest and snapshot.read_bytes() == SNAPSHOT


def _age_command(cwd: Path, *args: str, passphrase: str) -> tuple[int, bytes]:
    """Run the `age` command on a pseudo-terminal and type the passphrase when it asks: age reads
    passphrases only from a terminal."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child
        os.chdir(cwd)
        os.execvp("age", ["age", *args])
    output, answered = b"", False
    while select.select([terminal], [], [], 60)[0]:
        try:
            chunk = os.read(terminal, 1024)
        except OSError:  # the terminal closes when age exits
            break
        if not chunk:
            break
        output += chunk
        if not answered and b"passphrase" in output.lower():
            os.write(terminal, passphrase.encode() + b"\n")
            answered = True
    os.close(terminal)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), output


@pytest.mark.skipif(not shutil.which("age"), reason="the age command is not installed (apt-get install age)")
def test_the_age_command_opens_an_encrypted_archive(plain_archive: tuple[Path, dict[str, Any]], encrypted: Path):
    """What docs/operations.md tells an operator to do when Custodia cannot run."""
    plain, _ = plain_archive
    out = encrypted.parent / "recovery"
    out.mkdir()
    subprocess.run(["tar", "-xf", str(encrypted), "-C", str(out)], check=True)
    status, said = _age_command(
        out, "-d", "-i", "key.age", "-o", "custodia.tar", "custodia.tar.age", passphrase=PASSPHRASE
    )
    assert status == 0, said
    assert (out / "custodia.tar").read_bytes() == plain.read_bytes()
    status, said = _age_command(out, "-d", "-i", "key.age", "-o", "x.tar", "custodia.tar.age", passphrase="not it")
    assert status != 0 and not (out / "x.tar").exists()


def test_wrong_or_missing_passphrase_is_refused(encrypted: Path):
    with pytest.raises(backup.WrongPassphrase, match="Wrong passphrase"):
        _extract(encrypted, "not " + PASSPHRASE)
    with pytest.raises(backup.BackupError, match="encrypted: give its passphrase"):
        _extract(encrypted, None)


def test_a_flipped_byte_in_the_key_the_payload_or_a_header_is_refused(encrypted: Path):
    """Without the .sha256 file (lost on the way off-site), age's authentication and the tar
    headers' checksums still catch it."""
    with tarfile.open(encrypted) as tar:
        key, payload = tar.getmembers()
    places = {
        "the key's tar header": key.offset + 10,
        "the key's scrypt stanza": key.offset_data + len(AGE_HEADER) + 12,
        "the key's last byte": key.offset_data + key.size - 1,
        "the payload's tar header": payload.offset + 10,
        "the payload's age header": payload.offset_data + len(AGE_HEADER) + 12,
        "the payload's first chunk": payload.offset_data + 400,
        "the payload's middle": payload.offset_data + payload.size // 2,
        "the payload's last byte": payload.offset_data + payload.size - 1,
    }
    original = encrypted.read_bytes()
    for place, offset in places.items():
        _flip_byte(encrypted, offset)
        with pytest.raises(backup.BackupError):
            _extract(encrypted)
            pytest.fail(f"a flipped byte in {place} went unnoticed")
        encrypted.write_bytes(original)


def _chunk_boundaries(sealed: bytes) -> list[int]:
    """Where an age payload can be cut between whole 64 KiB chunks (each with its 16-byte tag)."""
    header_end = sealed.index(b"\n", sealed.index(b"\n---")) + 1
    body = header_end + 16  # the payload's nonce
    return list(range(body + 65536 + 16, len(sealed), 65536 + 16))


def test_a_truncated_age_file_is_refused(encrypted: Path, tmp_path: Path):
    members = _members(encrypted)
    sealed = members["custodia.tar.age"]
    boundaries = _chunk_boundaries(sealed)
    assert len(boundaries) >= 5
    # Cut at a chunk boundary, age's STREAM construction still knows the last chunk is missing.
    for size in [boundaries[0], boundaries[-1], len(sealed) - 1, len(sealed) - 17, 100]:
        # The tar's own sizes are put right: only age can tell.
        cut = tmp_path / f"cut-{size}.age.tar"
        _tar(cut, ("key.age", members["key.age"]), ("custodia.tar.age", sealed[:size]))
        with pytest.raises(backup.BackupError, match="damaged, cut short or was altered"):
            _extract(cut)
    # The whole file cut short, anywhere before the payload's end (what follows is tar padding).
    with tarfile.open(encrypted) as tar:
        payload = tar.getmember("custodia.tar.age")
    original = encrypted.read_bytes()
    for size in [200, 1000, len(original) // 2, payload.offset_data + payload.size - 1]:
        _cut(encrypted, size)
        with pytest.raises(backup.BackupError):
            _extract(encrypted)
        encrypted.write_bytes(original)


def test_data_added_after_an_age_file_is_refused(encrypted: Path, tmp_path: Path):
    members = _members(encrypted)
    extended = tmp_path / "extended.age.tar"
    _tar(extended, ("key.age", members["key.age"]), ("custodia.tar.age", members["custodia.tar.age"] + b"\0"))
    with pytest.raises(backup.BackupError, match="damaged, cut short or was altered"):
        _extract(extended)
    third = tmp_path / "third.age.tar"
    _tar(third, *members.items(), ("more", b"x"))
    with pytest.raises(backup.BackupError, match="unexpected member 'more'"):
        _extract(third)


def test_only_the_key_goes_through_the_in_memory_passphrase_api(
    plain_archive: tuple[Path, dict[str, Any]], encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """pyrage's passphrase functions hold their whole input and output in memory; the archive,
    which can be gigabytes, must stream through the recipient functions instead. And each archive
    has a key of its own."""
    plain, _ = plain_archive
    seen: list[int] = []
    real = pyrage.passphrase.encrypt

    def recording(plaintext: bytes, passphrase: str) -> bytes:
        seen.append(len(plaintext))
        return real(plaintext, passphrase)

    monkeypatch.setattr(crypto.age_passphrase, "encrypt", recording)
    again = tmp_path / "again.age.tar"
    archive_format.seal(plain, again, vendor="postgresql", passphrase=PASSPHRASE)
    assert len(seen) == 1 and seen[0] < 100  # the key, as age-keygen writes it
    assert _members(again)["key.age"] != _members(encrypted)["key.age"]


def test_a_write_error_that_pyrage_would_drop_is_reported():
    """pyrage writes its last buffered bytes when its Rust writer is dropped and ignores an error
    there; a full disk at that moment must not leave a short archive that looks complete."""

    class FullDisk(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data: Any) -> int:
            raise OSError(28, "No space left on device")

    with pytest.raises(backup.BackupError, match="No space left on device"):
        crypto.encrypt(io.BytesIO(b"small enough for pyrage's buffer"), FullDisk(), crypto.new_key())


def test_passphrases_come_from_a_file_or_a_named_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    secret = tmp_path / "secret"
    secret.write_text("from a file\r\nnot this line\n")
    secret.chmod(0o600)
    assert backup.read_passphrase(file=str(secret)) == "from a file"
    monkeypatch.setenv("CUSTODIA_TEST_PASSPHRASE", "from the environment")
    assert backup.read_passphrase(env="CUSTODIA_TEST_PASSPHRASE") == "from the environment"
    assert backup.read_passphrase() is None
    with pytest.raises(backup.BackupError, match="NOT_SET_ANYWHERE"):
        backup.read_passphrase(env="NOT_SET_ANYWHERE")
    secret.write_text("\n")
    with pytest.raises(backup.BackupError, match="empty"):
        backup.read_passphrase(file=str(secret))
    # age passphrases are text, so that the age command on another machine reads the same one.
    secret.write_bytes(b"latin-1 \xe9t\xe9 passphrase\n")
    with pytest.raises(backup.BackupError, match="not UTF-8"):
        backup.read_passphrase(file=str(secret))
    secret.write_text("été, in UTF-8\n")
    assert backup.read_passphrase(file=str(secret)) == "été, in UTF-8"


def test_sqlite_snapshot_is_one_instant_while_others_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The WAL claim itself: another connection commits between every step of the copy, and the
    snapshot still holds exactly the rows of the moment it started, and the copy finishes."""
    live = tmp_path / "live.sqlite3"
    db = sqlite3.connect(live, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)")
    db.executemany(
        "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '')",
        [("core", "0001_initial"), ("core", "0002_audit_hash_chain"), ("register", "0001_initial")],
    )
    db.execute("CREATE TABLE rows (n INTEGER PRIMARY KEY, body BLOB)")
    with db:
        db.execute("BEGIN")
        db.executemany("INSERT INTO rows VALUES (?, ?)", [(n, os.urandom(400)) for n in range(2000)])
    writes: list[int] = []

    class WriteAtEveryStep:
        """Stands in for the progress report, which the backup calls after each step."""

        def __init__(self, *args: Any) -> None:
            pass

        def __call__(self, done: int) -> None:
            db.execute("INSERT INTO rows (body) VALUES (?)", (b"written during the backup",))
            writes.append(done)

    monkeypatch.setattr(sqlite_backup, "SQLITE_STEP_PAGES", 8)
    monkeypatch.setattr(sqlite_backup, "Percent", WriteAtEveryStep)
    target = tmp_path / "snapshot.sqlite3"
    migrations, version = sqlite_backup.snapshot(live, target, lambda message: None)

    assert len(writes) > 10, "the copy should have taken many steps"
    assert db.execute("SELECT count(*) FROM rows").fetchone()[0] == 2000 + len(writes)
    snapshot = sqlite3.connect(target)
    assert snapshot.execute("SELECT count(*) FROM rows").fetchone()[0] == 2000
    assert snapshot.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert snapshot.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert migrations == {"core": "0002_audit_hash_chain", "register": "0001_initial"}
    assert version == sqlite3.sqlite_version


# -- SQLite: a file database in WAL mode, driven through manage.py -----------------------------------
#
# The first test runs `manage.py backup` and `manage.py restore` in processes of their own, as an
# operator does. The others call the same commands in this process, with Django's default
# connection on the test's file database for the time of the call: a new Python process for
# each command was most of this module's time. The audit chain of a staged copy is checked in a
# process of its own either way, as restore always does.

sqlite_only = pytest.mark.skipif(not ON_SQLITE, reason="the SQLite file-database tests run on SQLite test runs")


def _env(live: Path, var: Path, **extra: str) -> dict[str, str]:
    var.mkdir(parents=True, exist_ok=True)  # as `make setup` does on an installation
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(CUSTODIA_SQLITE=str(live), CUSTODIA_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="config.settings")
    env.update(extra)
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


@contextlib.contextmanager
def _default_database(path: Path) -> Iterator[None]:
    """Django's default connection on the file database `path`, with the test run's settings,
    for the time of the block. The test run's own connection (to a database in memory, which
    lives as long as it is open) is set aside, not closed, and put back afterwards."""
    test_run = connections["default"]
    on_file = type(test_run)({**test_run.settings_dict, "NAME": str(path)}, "default")
    connections["default"] = on_file
    try:
        yield
    finally:
        on_file.close()
        connections["default"] = test_run


def _call(blocker: DjangoDbBlocker, live: Path, var: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    """`manage.py ARGS` with `extra_env`, run in this process on the file database `live` with
    its data directory `var`; the result as a process's would be, a refusal on stderr."""
    var.mkdir(parents=True, exist_ok=True)
    out, err = io.StringIO(), io.StringIO()
    status = 0
    with blocker.unblock(), _default_database(live), override_settings(VAR_DIR=var):
        with mock.patch.dict(os.environ, extra_env):
            try:
                call_command(*args, stdout=out, stderr=err)
            except CommandError as exc:
                err.write(f"CommandError: {exc}\n")
                status = 1
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def _ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _sqlite_contents(path: Path) -> Contents:
    """Every row of every table, as text, in a stable order: 'back as before' means all of it."""
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"'))) for table in tables}


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated file database with the demo service and two people admitted through the service."""
    if not ON_SQLITE:
        pytest.skip("SQLite only")
    base = tmp_path_factory.mktemp("seed")
    live = base / "seed.sqlite3"
    env = _env(live, base / "var")
    _ok(_manage(env, "shell", "-c", SEED))
    return live


class Live:
    """A live database in `directory`: a fresh copy of `seed`, in WAL mode."""

    def __init__(self, seed: Path, directory: Path, blocker: DjangoDbBlocker) -> None:
        directory.mkdir(exist_ok=True)
        self.directory = directory
        self.path = directory / "live.sqlite3"
        self.var = directory / "var"
        self.blocker = blocker
        _copy_sqlite(seed, self.path)

    def manage(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        """`manage.py ARGS` in a process of its own."""
        return _manage(_env(self.path, self.var, **extra_env), *args)

    def call(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        """`manage.py ARGS` in this process."""
        return _call(self.blocker, self.path, self.var, *args, **extra_env)

    def contents(self) -> Contents:
        return _sqlite_contents(self.path)

    def edit(self) -> Contents:
        """A quick change in SQL, so that a restore which wrongly went ahead would show."""
        with sqlite3.connect(self.path) as db:
            db.execute("UPDATE register_prisonername SET given_names = 'Edited' WHERE id = 1")
        return self.contents()

    def backups(self) -> list[Path]:
        return sorted((self.var / "backups").glob("custodia-pre-restore-*"))

    def staging(self) -> list[Path]:
        """What a restore left in its staging directory: nothing, whatever happened."""
        return sorted((self.var / "backups").glob(".restore-*"))


@pytest.fixture
def live(seeded_sqlite: Path, tmp_path: Path, django_db_blocker: DjangoDbBlocker) -> Live:
    return Live(seeded_sqlite, tmp_path, django_db_blocker)


@pytest.fixture(scope="module")
def seed_archives(
    seeded_sqlite: Path, tmp_path_factory: pytest.TempPathFactory, django_db_blocker: DjangoDbBlocker
) -> dict[str, Path]:
    """A plain and an encrypted archive of the seeded database, each with its .sha256 file, made
    once for the tests that refuse them: an encrypted backup runs age's scrypt."""
    seed = Live(seeded_sqlite, tmp_path_factory.mktemp("seed-archives"), django_db_blocker)
    plain, encrypted = seed.directory / "a.tar.gz", seed.directory / "a.age.tar"
    _ok(seed.call("backup", "--output", str(plain)))
    _ok(seed.call("backup", "--passphrase-env", "BACKUP_KEY", "--output", str(encrypted), BACKUP_KEY=PASSPHRASE))
    return {"plain": plain, "encrypted": encrypted}


def _copy_archive(archive: Path, directory: Path) -> Path:
    """A copy of `archive` and its .sha256 file in `directory`, for a test to alter."""
    shutil.copy(backup.sidecar_path(archive), directory)
    return Path(shutil.copy(archive, directory))


def _refused(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0, result.stdout
    message = result.stderr
    assert "The live database was not changed" in message, message
    for fragment in fragments:
        assert fragment in message, message


@sqlite_only
def test_sqlite_round_trip_brings_every_row_back(live: Live, tmp_path: Path):
    before = live.contents()
    assert all(before[table] for table in (EVENTS, "register_prisoner", "register_movement", "register_admission"))
    with sqlite3.connect(live.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    made = _ok(live.manage("backup", "--output", str(tmp_path / "archives") + "/"))
    archive = next((tmp_path / "archives").glob("custodia-*.tar.gz"))
    sidecar = backup.sidecar_path(archive)
    assert f"SHA-256: {backup.file_sha256(archive)}" in made.stdout and str(archive) in made.stdout
    assert sidecar.read_text() == f"{backup.file_sha256(archive)}  {archive.name}\n"
    manifest, snapshot = _read_archive(archive)
    assert manifest["vendor"] == "sqlite" and manifest["format_version"] == backup.FORMAT_VERSION
    assert manifest["snapshot"] == {
        "name": "snapshot.sqlite3",
        "sha256": hashlib.sha256(snapshot).hexdigest(),
        "size": len(snapshot),
    }
    assert manifest["migrations"] == latest_migrations(MigrationLoader(None).graph.leaf_nodes())

    _ok(live.manage("shell", "-c", CHANGE))
    changed = live.contents()
    assert len(changed["register_prisoner"]) == len(before["register_prisoner"]) + 1
    assert changed["register_prisoner"] != before["register_prisoner"]
    assert len(changed[EVENTS]) > len(before[EVENTS])

    # A script without --yes is refused at once.
    _refused(live.manage("restore", str(archive)), "not an interactive terminal")
    assert live.contents() == changed

    restored = _ok(live.manage("restore", str(archive), "--yes"))
    assert "audit chain intact" in restored.stdout
    assert live.contents() == before
    with sqlite3.connect(live.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # The changes the restore took back are kept in the safety backup, not lost.
    (safety,) = [path for path in live.backups() if not path.name.endswith(".sha256")]
    _, kept = _read_archive(safety)
    kept_db = tmp_path / "kept.sqlite3"
    kept_db.write_bytes(kept)
    assert _sqlite_contents(kept_db) == changed
    # The restored trail verifies, and the restored database takes new work that chains onto it.
    output = _ok(live.manage("shell", "-c", CHAIN + CHANGE + CHAIN)).stdout.strip().splitlines()
    restored_chain, later_chain = json.loads(output[-2]), json.loads(output[-1])
    assert restored_chain["ok"] and restored_chain["checked"] == len(before[EVENTS]), restored_chain
    assert later_chain["ok"] and later_chain["checked"] > restored_chain["checked"], later_chain


@sqlite_only
def test_sqlite_encrypted_round_trip(live: Live, tmp_path: Path):
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    before = live.contents()
    made = _ok(live.call("backup", "--passphrase-file", str(secret), "--output", str(tmp_path / "archives") + "/"))
    (archive,) = (tmp_path / "archives").glob("custodia-*.age.tar")
    assert str(archive) in made.stdout
    data = archive.read_bytes()
    assert _is_encrypted_archive(archive)
    assert b"SQLite format 3" not in data and b"custodia-backup" not in data and b"Okello" not in data
    manifest, _ = _read_archive(archive, PASSPHRASE)
    assert manifest["encrypted"] is True
    assert list(_members(archive)) == ["key.age", "custodia.tar.gz.age"]

    changed = live.edit()
    checked = _ok(live.call("restore", str(archive), "--check-only", "--passphrase-file", str(secret)))
    assert "passed every check" in checked.stdout
    assert live.contents() == changed
    restored = live.call("restore", str(archive), "--yes", "--passphrase-env", "BACKUP_KEY", BACKUP_KEY=PASSPHRASE)
    assert "audit chain intact" in _ok(restored).stdout
    assert live.contents() == before
    # The safety backup is encrypted too: it holds the same personal data.
    (safety,) = [path for path in live.backups() if not path.name.endswith(".sha256")]
    assert safety.name.endswith(".age.tar") and _is_encrypted_archive(safety)
    assert _read_archive(safety, PASSPHRASE)[0]["encrypted"] is True


@sqlite_only
def test_sqlite_wrong_or_missing_passphrase_changes_nothing(live: Live, seed_archives: dict[str, Path]):
    archive = seed_archives["encrypted"]
    changed = live.edit()
    wrong = live.call(
        "restore", str(archive), "--yes", "--passphrase-env", "BACKUP_KEY", BACKUP_KEY="not " + PASSPHRASE
    )
    _refused(wrong, "Wrong passphrase")
    _refused(live.call("restore", str(archive), "--yes"), "encrypted", "--passphrase-file")
    assert live.contents() == changed
    assert live.backups() == [] and live.staging() == []


@sqlite_only
def test_sqlite_altered_encrypted_archive_changes_nothing(live: Live, seed_archives: dict[str, Path], tmp_path: Path):
    """One flipped byte, or a cut-off file: refused before anything is replaced, with the .sha256
    file and, when it is lost, by age's own authentication."""
    archive = _copy_archive(seed_archives["encrypted"], tmp_path)
    changed = live.edit()
    original = archive.read_bytes()
    with tarfile.open(archive) as tar:
        payload = tar.getmember("custodia.tar.gz.age")

    def restore() -> subprocess.CompletedProcess:
        return live.call("restore", str(archive), "--yes", "--passphrase-env", "BACKUP_KEY", BACKUP_KEY=PASSPHRASE)

    _flip_byte(archive, payload.offset_data + payload.size // 2)
    _refused(restore(), "does not match its checksum file")
    backup.sidecar_path(archive).unlink()
    _refused(restore(), "damaged, cut short or was altered")
    archive.write_bytes(original[: payload.offset_data + payload.size - 100])
    _refused(restore(), "damaged")
    assert live.contents() == changed
    assert live.backups() == [] and live.staging() == []


@sqlite_only
def test_sqlite_corrupted_archive_changes_nothing(live: Live, seed_archives: dict[str, Path], tmp_path: Path):
    archive = _copy_archive(seed_archives["plain"], tmp_path)
    changed = live.edit()
    _flip_byte(archive)
    _refused(live.call("restore", str(archive), "--yes"), "does not match its checksum file")
    # Without the sidecar (lost on the way off-site), the checks inside the archive still catch it.
    backup.sidecar_path(archive).unlink()
    _refused(live.call("restore", str(archive), "--yes"), "damaged")
    assert live.contents() == changed
    assert live.backups() == []


@sqlite_only
def test_sqlite_snapshot_with_a_tampered_audit_event_is_refused(live: Live, tmp_path: Path):
    """Someone edits an audit event in a copy of the database and backs that copy up: the
    archive's checksums are all honest, and only the audit chain of the staged copy tells."""
    tampered = Live(live.path, tmp_path / "tampered", live.blocker)
    with sqlite3.connect(tampered.path) as db:
        event_id = db.execute(f"SELECT max(id) FROM {EVENTS}").fetchone()[0]
        db.execute(f"UPDATE {EVENTS} SET reason = 'nothing happened here' WHERE id = ?", (event_id,))
    archive = tmp_path / "tampered.tar.gz"
    _ok(tampered.call("backup", "--output", str(archive)))

    changed = live.edit()
    _refused(live.call("restore", str(archive), "--yes"), "audit chain of the snapshot is broken", f"event {event_id}")
    assert live.contents() == changed
    assert live.backups() == []


@sqlite_only
def test_sqlite_manifest_checks(live: Live, seed_archives: dict[str, Path], tmp_path: Path):
    manifest, snapshot = _read_archive(seed_archives["plain"])
    before = live.edit()

    newer = tmp_path / "newer.tar"
    _pack(newer, {**manifest, "migrations": {**manifest["migrations"], "core": "9999_from_the_future"}}, snapshot)
    _refused(live.call("restore", str(newer), "--yes"), "newer release", "core.9999_from_the_future")

    other_vendor = tmp_path / "pg.tar"
    dump = b"PGDMP pretend"
    snapshot_facts = {"name": "snapshot.pgdump", "sha256": hashlib.sha256(dump).hexdigest(), "size": len(dump)}
    _pack(other_vendor, {**manifest, "vendor": "postgresql", "snapshot": snapshot_facts}, dump)
    _refused(live.call("restore", str(other_vendor), "--yes"), "postgresql snapshot", "uses sqlite")
    assert live.contents() == before


# -- PostgreSQL: the test run's own database, in-process ----------------------------------------------

postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="the PostgreSQL tests run on PostgreSQL test runs")


def _pg_contents() -> Contents:
    """Every row of every table and every sequence's position, as text, in a stable order."""
    with connection.cursor() as cursor:
        contents = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT * FROM "{table}"')
            contents[table] = sorted(map(repr, cursor.fetchall()))
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        contents["(sequences)"] = sorted(map(repr, cursor.fetchall()))
    return contents


def _pg_change() -> None:
    from custodia.register import services
    from custodia.register.choices import LegalStatus
    from custodia.register.models import Prisoner
    from custodia.register.tests.factories import admit

    admit(given_names="Later", family_name="Arrival")
    prisoner = Prisoner.objects.filter(legal_status=LegalStatus.PRE_TRIAL).order_by("pk").first()
    services.legal_status_change(
        actor=None, prisoner=prisoner, status=LegalStatus.CONVICTED, effective_on=timezone.localdate(), note="after"
    )


def _staged_databases() -> list[str]:
    """Temporary restore databases of this test database (others may run the suite meanwhile)."""
    staged = pg_backup.staged_db_name(connection.settings_dict["NAME"]).rsplit("_", 1)[0] + "_"
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [staged])
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def pg_live(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[Callable[[], Contents]]:
    """The test database with people admitted through the service; backups go under tmp_path."""
    from custodia.register.tests.factories import admit

    settings.VAR_DIR = tmp_path / "var"
    admit(given_names="Amina", family_name="Okello")
    admit(given_names="Sara", family_name="Nakato", legal_status="convicted")
    yield _pg_contents
    assert _staged_databases() == [], "a temporary restore database was left behind"


def _pg_refused(archive: Path, *fragments: str, **options: Any) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), yes=True, stdout=io.StringIO(), **options)
    message = str(refused.value)
    assert "The live database was not changed" in message
    for fragment in fragments:
        assert fragment in message, message


def _pre_restore_backups() -> list[Path]:
    return sorted(path for path in (Path(settings.VAR_DIR) / "backups").glob("custodia-pre-restore-*"))


@postgresql_only
def test_postgresql_round_trip_brings_every_row_back(pg_live: Callable[[], Contents], tmp_path: Path):
    from custodia.core.audit import verify_chain
    from custodia.register.tests.factories import admit

    before = pg_live()
    assert all(before[table] for table in (EVENTS, "register_prisoner", "register_movement", "register_admission"))
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "a.tar"), stdout=out)
    archive = tmp_path / "a.tar"
    assert f"SHA-256: {backup.file_sha256(archive)}" in out.getvalue()
    manifest, snapshot = _read_archive(archive)
    assert manifest["vendor"] == "postgresql" and snapshot.startswith(b"PGDMP")
    assert manifest["snapshot"]["sha256"] == hashlib.sha256(snapshot).hexdigest()

    _pg_change()
    with connection.cursor() as cursor:
        # A table from a later migration, which the snapshot does not have.
        cursor.execute("CREATE TABLE later_feature (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)")
    changed = pg_live()
    assert changed != before

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)
    assert "audit chain intact" in out.getvalue()
    assert pg_live() == before
    report = verify_chain()
    assert report.ok and report.checked == len(before[EVENTS]), report
    assert len(_pre_restore_backups()) == 2  # the archive and its .sha256
    # The restored sequences and chain head take new work without collisions.
    admit(given_names="After", family_name="Restore")
    assert verify_chain().ok


@postgresql_only
def test_postgresql_encrypted_round_trip_and_wrong_passphrase(
    pg_live: Callable[[], Contents], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from custodia.core.audit import verify_chain

    monkeypatch.setenv("BACKUP_KEY", PASSPHRASE)
    before = pg_live()
    archive = tmp_path / "a.age.tar"
    call_command("backup", output=str(archive), passphrase_env="BACKUP_KEY", stdout=io.StringIO())
    assert _is_encrypted_archive(archive) and b"PGDMP" not in archive.read_bytes()
    assert list(_members(archive)) == ["key.age", "custodia.tar.age"]
    _pg_change()
    changed = pg_live()

    monkeypatch.setenv("WRONG_KEY", "not " + PASSPHRASE)
    _pg_refused(archive, "Wrong passphrase", passphrase_env="WRONG_KEY")
    _pg_refused(archive, "encrypted")
    assert pg_live() == changed
    assert _pre_restore_backups() == []

    call_command("restore", str(archive), yes=True, passphrase_env="BACKUP_KEY", stdout=io.StringIO())
    assert pg_live() == before
    assert verify_chain().ok
    # The safety backup is encrypted too: it holds the same personal data.
    (safety,) = [path for path in _pre_restore_backups() if not path.name.endswith(".sha256")]
    assert safety.name.endswith(".age.tar") and _is_encrypted_archive(safety)


@postgresql_only
def test_postgresql_altered_encrypted_archive_changes_nothing(
    pg_live: Callable[[], Contents], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("BACKUP_KEY", PASSPHRASE)
    archive = tmp_path / "a.age.tar"
    call_command("backup", output=str(archive), passphrase_env="BACKUP_KEY", stdout=io.StringIO())
    _pg_change()
    changed = pg_live()
    original = archive.read_bytes()
    with tarfile.open(archive) as tar:
        payload = tar.getmember("custodia.tar.age")

    _flip_byte(archive, payload.offset_data + payload.size // 2)
    _pg_refused(archive, "does not match its checksum file", passphrase_env="BACKUP_KEY")
    backup.sidecar_path(archive).unlink()
    _pg_refused(archive, "damaged, cut short or was altered", passphrase_env="BACKUP_KEY")
    archive.write_bytes(original[: payload.offset_data + payload.size - 100])
    _pg_refused(archive, "damaged", passphrase_env="BACKUP_KEY")
    assert pg_live() == changed
    assert _pre_restore_backups() == []
    assert list((Path(settings.VAR_DIR) / "backups").glob(".restore-*")) == []


@postgresql_only
def test_postgresql_corrupted_archive_changes_nothing(pg_live: Callable[[], Contents], tmp_path: Path):
    archive = tmp_path / "a.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    _pg_change()
    changed = pg_live()
    _flip_byte(archive)
    _pg_refused(archive, "does not match its checksum file")
    backup.sidecar_path(archive).unlink()
    _pg_refused(archive, "sha256")
    assert pg_live() == changed
    assert _pre_restore_backups() == []


@postgresql_only
def test_postgresql_snapshot_with_a_tampered_audit_event_is_refused(pg_live: Callable[[], Contents], tmp_path: Path):
    """The archive is made while an audit event is edited in SQL (and put right afterwards): its
    checksums are honest, and only the audit chain of the staged copy tells."""
    from custodia.core.audit import verify_chain

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, reason FROM {EVENTS} ORDER BY id DESC LIMIT 1")
        event_id, reason = cursor.fetchone()
        # The table's owner can switch the append-only trigger off; only the chain then tells.
        cursor.execute(f"ALTER TABLE {EVENTS} DISABLE TRIGGER custodia_audit_append_only")
        cursor.execute(f"UPDATE {EVENTS} SET reason = 'nothing happened here' WHERE id = %s", [event_id])
        assert not verify_chain().ok
        archive = tmp_path / "tampered.tar"
        call_command("backup", output=str(archive), stdout=io.StringIO())
        cursor.execute(f"UPDATE {EVENTS} SET reason = %s WHERE id = %s", [reason, event_id])
        cursor.execute(f"ALTER TABLE {EVENTS} ENABLE TRIGGER custodia_audit_append_only")
    assert verify_chain().ok
    _pg_change()
    changed = pg_live()
    _pg_refused(archive, "audit chain of the snapshot is broken", f"event {event_id}")
    assert pg_live() == changed
    assert verify_chain().ok
    assert _pre_restore_backups() == []


@postgresql_only
def test_postgresql_without_pg_dump_says_what_to_install(
    pg_live: Callable[[], Contents], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(pg_backup, "PG_BIN_DIR", str(tmp_path / "{major}"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump was not found.*postgresql-client-"):
        call_command("backup", output=str(tmp_path / "a.tar"), stdout=io.StringIO())
    assert not (tmp_path / "a.tar").exists()


@postgresql_only
def test_postgresql_replacement_failing_half_way_rolls_back(
    pg_live: Callable[[], Contents], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """pg_restore dies after its script has dropped a table: nothing of it may be committed."""
    archive = tmp_path / "a.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    _pg_change()
    changed = pg_live()
    real_tool = pg_backup.pg_tool
    crashing = tmp_path / "pg_restore"
    crashing.write_text(
        "#!/bin/sh\n"
        'for arg in "$@"; do if [ "$arg" = "--clean" ]; then\n'
        "  echo 'DROP TABLE IF EXISTS public.register_prisonername CASCADE;'\n"
        "  echo 'pg_restore: error: simulated crash half-way' >&2; exit 1\n"
        "fi; done\n"
        f'exec {real_tool("pg_restore", "default")} "$@"\n'
    )
    crashing.chmod(0o755)
    monkeypatch.setattr(
        pg_backup, "pg_tool", lambda name, alias: str(crashing) if name == "pg_restore" else real_tool(name, alias)
    )
    _pg_refused(archive, "failed and was rolled back", "simulated crash half-way")
    assert pg_live() == changed
