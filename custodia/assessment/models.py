"""Risk and needs assessments made with instruments defined as data (instruments/*.yaml).

An assessment points to the instrument version it was made with, stored here as it was first
used: a completed assessment keeps its questions and scales even after a new version is
published. The computed result (a total and band) and the human judgement (the SPJ final
judgement and its rationale) are kept side by side; the system never decides the judgement.
"""

from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from custodia.core.levels import RiskLevel
from custodia.estate.models import Prison
from custodia.register.models import Prisoner

from .choices import AssessmentStatus, TriggerEvent
from .instruments import Instrument

USER = settings.AUTH_USER_MODEL


class InstrumentVersion(models.Model):
    """A published instrument version, frozen: `content_hash` proves the file was not changed
    after publication (services refuse a file whose content no longer matches)."""

    code = models.CharField(_("instrument"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(max_length=64)
    definition = models.JSONField()
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument version")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_version_unique")]

    def __str__(self) -> str:
        return f"{self.instrument.title} v{self.version}"

    @cached_property
    def instrument(self) -> Instrument:
        return Instrument.model_validate(self.definition)


OPEN_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED)


class Assessment(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="assessments")
    # Where it was made: the prison whose assessor started it.
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="assessments")
    # The instrument's id, repeated so that the database can hold one open assessment per instrument.
    instrument_code = models.CharField(max_length=60, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Computed when submitted, for instruments that sum their items; empty for SPJ.
    total_score = models.PositiveIntegerField(_("total score"), null=True, blank=True)
    computed_level = models.CharField(_("computed level"), max_length=10, choices=RiskLevel.choices, blank=True)
    # Chosen by the rater for SPJ; for scored instruments it is the computed band.
    final_judgement = models.CharField(_("final judgement"), max_length=10, choices=RiskLevel.choices, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    return_comment = models.TextField(_("comments on return"), blank=True)
    # Filled when final: what later modules (sentence plans, classification) read.
    need_areas = models.JSONField(default=list, blank=True)
    domain_scores = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    countersigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    countersigned_at = models.DateTimeField(_("countersigned"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["prisoner", "instrument_code"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="one_open_assessment_per_instrument",
            ),
            models.CheckConstraint(
                condition=~Q(status="final") | Q(countersigned_at__isnull=False),
                name="final_assessment_is_countersigned",
            ),
        ]
        indexes = [models.Index(fields=["prisoner", "instrument_code", "status"], name="assessment_due_idx")]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.prisoner}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ItemRating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="ratings")
    item_code = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField(_("rating"))
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("item rating")
        constraints = [models.UniqueConstraint(fields=["assessment", "item_code"], name="one_rating_per_item")]


class ReassessmentTrigger(models.Model):
    """An event after which instruments that list it are due again (within their own number of days)."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="reassessment_triggers")
    event = models.CharField(_("event"), max_length=30, choices=TriggerEvent.choices)
    occurred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reassessment trigger")
        ordering = ["-occurred_on", "-id"]


DUE_REASONS = {
    "first": _("First assessment after admission"),
    "interval": _("Reassessment interval"),
    **dict(TriggerEvent.choices),
    "security_event": _("An event recorded by security"),
}
