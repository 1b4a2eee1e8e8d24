"""A background export whose worker is killed half-way (kill -9): a real worker process
(`manage.py db_worker`) writes a slow export (CUSTODIA_EXPORT_ROW_DELAY), is killed while the file
is being written, and then no part of the list is offered for download and the job is reported
failed, its task too, its temporary file removed.

The worker is another process, so it must see the test's data: on PostgreSQL the test database
(committed: transactional_db), on SQLite a database file of the test's own, migrated first."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
PEOPLE = 30
ROW_DELAY = "0.2"  # seconds a row: about six seconds of writing, killed after the first

SETUP = """
import json
from conftest import _make_staff
from custodia.accounts import roles
from custodia.estate.tests.factories import PrisonFactory
from custodia.jobs import exporters, services
from custodia.register.tests.factories import admit

prison = PrisonFactory()
for i in range({people}):
    admit(prison=prison, given_names=f"Person{{i}}", family_name="Killed")
user = _make_staff("exporter", roles.RECEPTION, prisons=[prison])
table = exporters.build("prisoners", user=user, params={{}})
job = services.export_job_create(actor=user, table=table, fmt="csv", params={{}})
print(json.dumps({{"job": job.pk}}))
"""

CHECK = """
import json
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from conftest import _sign_in
from custodia.jobs.models import ExportJob

job = ExportJob.objects.get(pk={job})
before = job.state
client = _sign_in(Client(), job.requested_by)
page = client.get(reverse("jobs:detail", args=[job.pk]))  # the page notices the dead worker
job.refresh_from_db()
print(json.dumps({{
    "before": before,
    "after": job.state,
    "error": job.error,
    "file_name": job.file_name,
    "page": page.content.decode(),
    "download": client.get(reverse("jobs:download", args=[job.pk])).status_code,
    "task": DBTaskResult.objects.get(id=job.task_id).status,
}}))
"""


def run(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def script(env: dict[str, str], code: str) -> dict:
    out = run(env, "shell", "-c", textwrap.dedent(code))
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture
def worker_env(tmp_path):
    env = {
        **os.environ,
        "CUSTODIA_ENV": "development",
        "CUSTODIA_EXPORT_DIR": str(tmp_path / "exports"),
        "CUSTODIA_EXPORT_ROW_DELAY": ROW_DELAY,
        "CUSTODIA_AUDIT_CHECKPOINTS": "",
        "PYTHONPATH": str(ROOT),
    }
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        env["CUSTODIA_SQLITE"] = str(tmp_path / "worker.sqlite3")
        run(env, "migrate", "--noinput")
    return env


def test_a_worker_killed_mid_export_leaves_no_file_and_the_job_failed(worker_env, tmp_path):
    exports = tmp_path / "exports"
    job = script(worker_env, SETUP.format(people=PEOPLE))["job"]
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=worker_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not (exports.is_dir() and any(exports.iterdir())):
            assert worker.poll() is None, "the worker stopped by itself"
            assert time.monotonic() < deadline, "the worker never started the export"
            time.sleep(0.1)
        time.sleep(1)  # some rows written, far from all
        assert worker.poll() is None, "the export finished before the worker could be killed"
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=30)
    left = sorted(path.name for path in exports.iterdir())
    assert left and all(name.endswith(".part") for name in left), left  # only the temporary file

    seen = script(worker_env, CHECK.format(job=job))
    assert seen["before"] == "running"
    assert seen["after"] == "failed"
    assert "worker stopped" in seen["error"]
    assert seen["file_name"] == ""
    assert seen["download"] == 404
    assert seen["task"] == "FAILED"
    assert "<progress" in seen["page"] and "every 2s" not in seen["page"]
    assert list(exports.iterdir()) == []  # the temporary file removed
