"""Time to export the prisoners list of the largest prison of a demo database (docs/exports.md):
in the request (synchronous, as a list under CUSTODIA_EXPORT_SYNC_LIMIT is answered), and as a
background job, both the worker's own time and from the request to the file ready with a real
`manage.py db_worker` process beside it. Never run as a test: timings belong here.

    CUSTODIA_SQLITE=var/bench-uganda.sqlite3 .venv/bin/python bench/exports.py [--everyone]
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CUSTODIA_ENV", "development")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CUSTODIA_EXPORT_DIR", tempfile.mkdtemp(prefix="custodia-exports-"))


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from custodia.jobs import services
    from custodia.jobs.choices import JobState
    from custodia.jobs.models import ExportJob
    from custodia.register.models import Prisoner

    largest = (
        Prisoner.objects.filter(current_prison__isnull=False)
        .values("current_prison", "current_prison__name")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert largest, "an empty database: build a demo first"
    user = User.objects.get(username="hq")  # headquarters, nationwide: reads every prison
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "bench", "confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    # `--everyone`: the whole national roll instead, as headquarters may export it.
    everyone = "--everyone" in sys.argv
    url = f"{reverse('register:prisoner_list')}?" + ("" if everyone else f"prison={largest['current_prison']}")
    engine = settings.DATABASES["default"]["ENGINE"]
    where = (
        "everyone on the roll" if everyone else f"{largest['current_prison__name']}: {largest['n']} people on the roll"
    )
    print(f"{where}; {engine}")

    for fmt in ("csv", "xlsx"):
        with override_settings(EXPORT_SYNC_LIMIT=10**9):
            started = time.perf_counter()
            response = client.get(f"{url}&format={fmt}")
            sync = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
        with override_settings(EXPORT_SYNC_LIMIT=0):
            started = time.perf_counter()
            response = client.get(f"{url}&format={fmt}")
            asked = time.perf_counter() - started
            assert response.status_code == 302, response.status_code
        job = ExportJob.objects.latest("pk")
        started = time.perf_counter()
        services.export_run(job_id=job.pk)  # what the worker runs, in this process
        worker = time.perf_counter() - started
        job.refresh_from_db()
        assert job.state == JobState.DONE, job.error
        print(
            f"{fmt}: {job.row_count} rows; synchronous {sync:.2f} s; "
            f"background: asked in {asked:.2f} s, written by the worker in {worker:.2f} s"
        )

    # From the request to the file ready, with a real worker process polling every 0.2 s.
    worker_process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # The first job waits for the worker's start-up, not timed.
        for fmt in ("warm-up", "csv", "xlsx"):
            with override_settings(EXPORT_SYNC_LIMIT=0):
                started = time.perf_counter()
                client.get(f"{url}&format={'csv' if fmt == 'warm-up' else fmt}")
                job = ExportJob.objects.latest("pk")
                while job.state not in (JobState.DONE, JobState.FAILED):
                    time.sleep(0.05)
                    job.refresh_from_db()
                ended = time.perf_counter() - started
            assert job.state == JobState.DONE, job.error
            if fmt != "warm-up":
                print(f"{fmt}: request to file ready with a worker process: {ended:.2f} s ({job.row_count} rows)")
    finally:
        worker_process.terminate()
        worker_process.wait(timeout=30)


if __name__ == "__main__":
    main()
