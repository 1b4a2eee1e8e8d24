from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("security audit", "In progress")
    FINAL = "final", pgettext_lazy("security audit", "Final")


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("recommended action", "Open")
    DONE = "done", pgettext_lazy("recommended action", "Done")
