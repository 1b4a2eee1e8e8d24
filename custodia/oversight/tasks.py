"""The compliance snapshot as a background task (django-tasks, run by `manage.py db_worker`), for a
deployment whose timer would rather queue the work than count the whole country in its own
process: `manage.py compliance_snapshot --queue`. The task only calls the service."""

from django_tasks import task

from .services import compliance_snapshot_record


@task()
def record_compliance_snapshot() -> int:
    """Today's snapshot of every prison and check; returns the rows written."""
    return compliance_snapshot_record().rows
