from django.db import models
from django.utils.translation import pgettext_lazy


class JobState(models.TextChoices):
    # A context of their own: "Done" and "Failed" name other things elsewhere (a training result).
    QUEUED = "queued", pgettext_lazy("background job", "Waiting")
    RUNNING = "running", pgettext_lazy("background job", "Running")
    DONE = "done", pgettext_lazy("background job", "Done")
    FAILED = "failed", pgettext_lazy("background job", "Failed")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
