"""Alerts on the prisoner file: a code of the country profile (escape risk, self-harm risk, a
medical alert...), the day it applies from and, optionally, a planned end; who set it, where and
why. One alert in force per person and code (a constraint in the database). An alert is ended
with a reason, never deleted; past its planned end it no longer applies (the selectors read it so)
and the next alert with the same code closes it.

An alert set from a proposal (an assessment rating the instrument marks as urgent) names the
assessment and the item, and the day the referral it called for was made. A proposal set aside is
a `ProposalDismissal`, with its reason."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from custodia.assessment.models import Assessment
from custodia.estate.models import Prison
from custodia.register.models import Prisoner

USER = settings.AUTH_USER_MODEL


class Alert(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    # Where it was set: a former prison keeps reading the alerts it set, as it keeps its admissions.
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    code = models.CharField(_("alert"), max_length=60)
    reason = models.TextField(_("why"))
    active_from = models.DateField(_("from"))
    active_to = models.DateField(_("planned end"), null=True, blank=True)
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by"))
    set_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    end_reason = models.TextField(_("why it ended"), blank=True)
    # Set from a proposal: the assessment, the item rated urgent, and the day the referral was made.
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assessment_item = models.CharField(max_length=60, blank=True)
    referred_on = models.DateField(_("referral made"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("alert")
        ordering = ["-active_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["prisoner", "code"], condition=Q(ended_on__isnull=True), name="one_alert_in_force_per_code"
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=F("active_from")),
                name="alert_planned_end_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["prisoner", "ended_on"]), models.Index(fields=["prison", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.prisoner} · {self.code} {self.active_from:%Y-%m-%d}"


class ProposalDismissal(models.Model):
    """A proposed alert set aside: this assessment's rating of this item proposes no alert again."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    item_code = models.CharField(max_length=60)
    code = models.CharField(_("alert"), max_length=60)
    reason = models.TextField(_("why"))
    dismissed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposed alert dismissed")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_code"], name="one_dismissal_per_rating"),
        ]
