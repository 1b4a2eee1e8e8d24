"""Background jobs: an export asked for, written by the worker, failed when its worker died.

A job's file is written under a temporary name beside its final one, flushed to disk, renamed in
one step (os.replace, atomic on one file system) and only then named in the job, marked done in
the same transaction as its audit event. A worker killed at any moment leaves at worst a
temporary file that nothing links to, and `reap_stale_jobs` marks the job failed and removes it:
no part of a list is ever offered for download."""

import logging
import os
import secrets
import socket
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from custodia.core.exports import Cell, ExportTable, record_export, write

from . import exporters
from .choices import JobState
from .models import ExportJob

log = logging.getLogger("custodia.jobs")


def export_job_create(*, actor: Any, table: ExportTable, fmt: str, params: dict[str, list[str]]) -> ExportJob:
    """Ask the worker for `table` as a file; the job and its task are committed together."""
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=actor,
            list_name=table.name,
            title=str(table.title)[:200],
            format=fmt,
            params=params,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            total=table.count,
        )
        result = run_export.enqueue(job.pk)
        ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
        job.task_id = str(result.id)
    return job


@task()
def run_export(job_id: int) -> int:
    """The task the worker runs (django-tasks; `manage.py db_worker`)."""
    return export_run(job_id=job_id)


def export_run(*, job_id: int) -> int:
    """The worker's part: write the file, then offer it. Returns the rows written."""
    reap_stale_jobs()
    now = timezone.now()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    claimed = ExportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=now, heartbeat_at=now, worker=worker
    )
    if not claimed:
        return 0  # failed or finished meanwhile
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    directory = Path(settings.EXPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"export-{job.pk}-{secrets.token_hex(8)}.{job.format}"
    part = final.with_name(final.name + ".part")
    try:
        with translation.override(job.language):
            table = exporters.build(job.list_name, user=job.requested_by, params=job.params)
            table.rows = _paced(table.rows, settings.EXPORT_ROW_DELAY)
            with open(part, "wb") as out:
                written = write(table, job.format, out, progress=lambda rows: _progress(job.pk, rows))
                out.flush()
                os.fsync(out.fileno())
        os.replace(part, final)
        with transaction.atomic():
            ExportJob.objects.filter(pk=job.pk).update(
                state=JobState.DONE,
                file_name=final.name,
                row_count=written.rows,
                progress=written.rows,
                finished_at=timezone.now(),
            )
            record_export(actor=job.requested_by, table=table, fmt=job.format, written=written, obj=job)
    except BaseException as exc:
        for path in (part, final):
            path.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(
            state=JobState.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise
    return written.rows


def _paced(rows: Any, delay: float) -> Iterator[Sequence[Cell]]:
    for row in rows:
        if delay:
            time.sleep(delay)
        yield row


def _progress(job_id: int, rows: int) -> None:
    ExportJob.objects.filter(pk=job_id, state=JobState.RUNNING).update(progress=rows, heartbeat_at=timezone.now())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


def _worker_gone(job: ExportJob, now: datetime) -> bool:
    """Whether the process running `job` is no more: on this machine, its process id is not
    alive; anywhere, it has not reported progress for JOB_STALE_SECONDS."""
    host, _sep, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and not _alive(int(pid)):
        return True
    silent_since = job.heartbeat_at or job.started_at or job.created_at
    return silent_since < now - timedelta(seconds=settings.JOB_STALE_SECONDS)


def reap_stale_jobs() -> int:
    """Mark failed the running jobs whose worker died (killed, the machine restarted), remove what
    they left, and remove the files of exports kept past EXPORT_KEEP_HOURS. Returns the jobs failed.
    Called by every worker before a job and by the job pages, so a dead job is reported as soon as
    anyone looks."""
    now = timezone.now()
    failed = 0
    for job in ExportJob.objects.filter(state=JobState.RUNNING):
        if not _worker_gone(job, now):
            continue
        updated = ExportJob.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=job.worker).update(
            state=JobState.FAILED,
            error=_("The worker stopped before the file was complete; nothing was kept. Ask for the export again."),
            finished_at=now,
        )
        if updated:
            failed += 1
            _remove_files(job.pk)
            _fail_task(job.task_id, now)
            log.warning("Export job %s failed: its worker %s stopped", job.pk, job.worker)
    keep = now - timedelta(hours=settings.EXPORT_KEEP_HOURS)
    for job in ExportJob.objects.filter(state=JobState.DONE, finished_at__lt=keep).exclude(file_name=""):
        _remove_files(job.pk)
        ExportJob.objects.filter(pk=job.pk).update(file_name="")
    return failed


def _remove_files(job_id: int) -> None:
    for path in Path(settings.EXPORT_DIR).glob(f"export-{job_id}-*"):
        path.unlink(missing_ok=True)


def _fail_task(task_id: str, now: datetime) -> None:
    """The task of a job whose worker died stays "running" in django-tasks' table: say it failed."""
    if not task_id:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=now,
        exception_class_path="custodia.jobs.WorkerStopped",
        traceback="The worker process stopped while running this task.",
    )


def export_file(job: ExportJob) -> Path | None:
    """The finished file of `job`, None while it is not complete or no longer kept."""
    if job.state != JobState.DONE or not job.file_name or job.finished_at is None:
        return None
    if job.finished_at < timezone.now() - timedelta(hours=settings.EXPORT_KEEP_HOURS):
        return None
    path = Path(settings.EXPORT_DIR) / job.file_name
    return path if path.is_file() else None


def requester_of(job: ExportJob) -> Any:
    return get_user_model().objects.get(pk=job.requested_by_id)
