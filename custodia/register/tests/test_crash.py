"""A write killed half-way (kill -9 of the process, as a power cut would) leaves no partial
record: the admission's rows are all in one transaction, which the database rolls back."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from custodia.estate.tests.factories import PrisonFactory
from custodia.register.models import Admission, Movement, Prisoner, PrisonerName

ROOT = Path(__file__).resolve().parents[3]

# The child admits a person and, once the prisoner, names, admission, movement and custody
# period rows are written but before the transaction commits, says so and waits to be killed.
CHILD = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from custodia.core import audit
from custodia.estate.models import Prison
from custodia.register import services
from custodia.register.tests.factories import admission_data

def stop_here(**kwargs):
    open(sys.argv[1], "w").write("rows written, transaction open")
    time.sleep(120)

audit.record = stop_here
services.prisoner_admit(actor=None, data=admission_data(prison=Prison.objects.get(pk=int(sys.argv[2]))))
"""

TABLES = (
    "register_prisoner",
    "register_prisonername",
    "register_admission",
    "register_movement",
    "register_custodyperiod",
    "core_auditevent",
)


def kill_half_way(env: dict, prison_id: int, tmp_path: Path) -> None:
    marker = tmp_path / "inside"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(marker), str(prison_id)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 90
        while not marker.exists():
            assert child.poll() is None, "the child ended before reaching the middle of the admission"
            assert time.monotonic() < deadline, "the child never reached the middle of the admission"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite run")
def test_killed_admission_leaves_nothing_on_sqlite(tmp_path):
    database = tmp_path / "crash.sqlite3"
    env = {**os.environ, "CUSTODIA_SQLITE": str(database)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO estate_prisonservice (name, country_code, profile) VALUES ('S', 'ZZ', 'generic')")
        db.execute("INSERT INTO estate_region (service_id, code, name) VALUES (1, 'R', 'Region')")
        db.execute(
            "INSERT INTO estate_prison (region_id, code, name, prison_type, official_capacity, is_active) "
            "VALUES (1, 'P1', 'Prison', 'closed', 10, 1)"
        )
    kill_half_way(env, 1, tmp_path)
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES}
    assert counts == dict.fromkeys(TABLES, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run")
@pytest.mark.django_db(transaction=True)
def test_killed_admission_leaves_nothing_on_postgresql(tmp_path):
    prison = PrisonFactory()
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    kill_half_way({**os.environ, "DATABASE_URL": url}, prison.pk, tmp_path)
    assert not Prisoner.objects.exists() and not PrisonerName.objects.exists()
    assert not Admission.objects.exists() and not Movement.objects.exists()
