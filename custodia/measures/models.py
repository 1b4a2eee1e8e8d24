"""Restrictive measures (Mandela Rules 36-46): separation, segregation, disciplinary cell
confinement and restraint, each with its legal basis, reason, authorisation, start and planned
end; the reviews by someone other than who imposed it, the daily health-care visits, the day the
person was told the reason, and their appeals. A measure is ended, never deleted."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodia.estate.models import Prison
from custodia.register.models import Prisoner

from .choices import AppealOutcome, MeasureKind, MeasureStatus, ReviewOutcome

USER = settings.AUTH_USER_MODEL


class Measure(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    kind = models.CharField(pgettext_lazy("restrictive measure", "measure"), max_length=30, choices=MeasureKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    reason = models.TextField(_("reason"))
    # Rule 44: 22 hours or more a day without meaningful human contact is solitary confinement.
    hours_without_contact = models.PositiveSmallIntegerField(_("hours a day without meaningful human contact"))
    solitary = models.BooleanField(_("solitary confinement"), default=False, editable=False)
    # Rule 45: the health service's view, recorded before solitary confinement is imposed.
    health_view = models.TextField(_("health service's view"), blank=True)
    worsened = models.BooleanField(_("the health service finds it would worsen a disability"), default=False)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("planned end"))
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.IN_FORCE)
    imposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("authorised by"))
    imposed_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    told_on = models.DateField(_("reason told to the person"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    end_reason = models.TextField(_("why it ended"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("restrictive measure")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="measure_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(hours_without_contact__lte=24), name="measure_hours_in_a_day"),
            models.CheckConstraint(
                condition=Q(status="in_force", ended_on__isnull=True) | Q(status="ended", ended_on__isnull=False),
                name="measure_ended_has_a_day",
            ),
        ]
        indexes = [models.Index(fields=["prison", "status"]), models.Index(fields=["prisoner", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.prisoner} · {self.get_kind_display()} {self.starts_on:%Y-%m-%d}"

    @property
    def last_day(self):
        """The last day the measure held (or holds, as planned) the person."""
        return self.ended_on or self.ends_on


class Review(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed"))
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    note = models.TextField(_("reasons"))

    class Meta:
        verbose_name = _("review of a measure")
        ordering = ["reviewed_on", "id"]


class HealthVisit(models.Model):
    """Rule 46: a visit by health-care staff, each day, to everyone held apart against their will."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="health_visits")
    visited_on = models.DateField(_("visited"))
    visited_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("visited by"))
    # Rule 46(2): the health-care staff report to the director any adverse effect of the measure.
    adverse_effects = models.BooleanField(_("adverse effects on the person's health"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("health-care visit")
        ordering = ["visited_on", "id"]
        constraints = [models.UniqueConstraint(fields=["measure", "visited_on"], name="one_health_visit_a_day")]


class Appeal(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="appeals")
    lodged_on = models.DateField(_("lodged"))
    grounds = models.TextField(_("grounds, in the person's words"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision_note = models.TextField(_("reasons for the decision"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("appeal against a measure")
        ordering = ["lodged_on", "id"]
