"""A background job and, for an export, the file it made (docs/exports.md)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ExportFormat, JobState

# A worker takes a job within a second or two; one waiting longer than this has none to take it.
UNTAKEN_AFTER = timedelta(minutes=1)


class ExportJob(models.Model):
    """An export of a list written by the worker: who asked for which list with which filters, how
    far it is, and the file once complete. The file is named only when it is whole (written under a
    temporary name and renamed), so a job that died half-way never offers a part of a list."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="export_jobs", verbose_name=_("asked by")
    )
    list_name = models.CharField(_("list"), max_length=80)  # an exporter's name (custodia.jobs.exporters)
    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    params = models.JSONField(_("filters"), default=dict)  # the page's query parameters, as lists
    language = models.CharField(_("language"), max_length=10, default="en")
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    total = models.PositiveIntegerField(_("rows expected"), default=0)
    progress = models.PositiveIntegerField(_("rows written"), default=0)
    row_count = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)  # under EXPORT_DIR, set when complete
    task_id = models.CharField(_("task"), max_length=64, blank=True)  # the django-tasks result
    worker = models.CharField(_("worker"), max_length=200, blank=True)  # host:pid of the process running it
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export job")
        indexes = [models.Index(fields=["state"], name="jobs_export_state_idx")]

    def __str__(self) -> str:
        return f"{self.list_name}.{self.format} #{self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return min(99, self.progress * 100 // self.total) if self.total else 0

    @property
    def untaken(self) -> bool:
        """Waiting for longer than a worker takes: no worker is running (manage.py db_worker)."""
        return self.state == JobState.QUEUED and self.created_at < timezone.now() - UNTAKEN_AFTER
