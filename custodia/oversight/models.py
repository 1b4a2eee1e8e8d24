"""What oversight keeps of its own: the daily snapshot of the compliance monitor, from which the
page draws the trend (docs/compliance.md). Everything else oversight shows is counted live from the
other apps' records."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison


class ComplianceSnapshot(models.Model):
    """One check's tally at one prison on one day, as `manage.py compliance_snapshot` recorded it
    (services.compliance_snapshot_record). Derived from the register and written again if the day
    is recorded twice: counts only, never a person."""

    day = models.DateField(_("day"))
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    # The check's key (compliance.registry): stable, never renamed.
    check_key = models.CharField(_("check"), max_length=60)
    checked = models.PositiveIntegerField(_("checked"))
    short = models.PositiveIntegerField(_("falling short"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("compliance snapshot")
        constraints = [
            models.UniqueConstraint(fields=["day", "prison", "check_key"], name="compliance_snapshot_one_a_day"),
            models.CheckConstraint(
                condition=models.Q(short__lte=models.F("checked")), name="compliance_short_of_checked"
            ),
        ]
        indexes = [models.Index(fields=["check_key", "day"], name="compliance_snapshot_trend_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.prison_id} {self.check_key}: {self.short}/{self.checked}"
