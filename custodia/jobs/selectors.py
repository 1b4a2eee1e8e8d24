"""Reads of jobs: one's own export jobs; every job for the system administrator's page."""

from typing import Any

from django.db.models import QuerySet

from .models import ExportJob


def export_job_get(*, user: Any, job_id: int) -> ExportJob:
    """A job of `user`'s own: a file is for who asked for it, nobody else (DoesNotExist otherwise)."""
    return ExportJob.objects.get(pk=job_id, requested_by=user)


def job_list() -> QuerySet[ExportJob]:
    """Every export job, newest first, with who asked (the route allows the administrator only)."""
    return ExportJob.objects.select_related("requested_by").order_by("-created_at", "-id")


def task_list() -> QuerySet[Any]:
    """The tasks of the worker's queue, newest first: every kind of task, not only exports."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.order_by("-enqueued_at")
