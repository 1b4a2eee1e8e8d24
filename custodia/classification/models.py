"""Classification decisions (Mandela Rules 89, 93, 94; Bangkok Rules 40-41).

The system computes a proposal from the country's framework (profiles/*.yaml, `classification`)
and keeps it beside the human decision: the level the case manager proposes with a rationale (a
reason when it differs from the computed one) and the level the director, or the headquarters VEP
unit for people linked to violent extremism, approves (a reason when it differs from the proposal).
A decision is superseded by the next one, never deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.register.models import Admission, Prisoner

from .choices import AppealOutcome, DecisionStatus, VepPlacement

USER = settings.AUTH_USER_MODEL


class ClassificationDecision(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="classification_decisions")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices)
    version = models.PositiveIntegerField(default=1, editable=False)
    # What the system computed, and why: [{"rule": code, "level": code, "result": text}, ...].
    computed_level = models.CharField(_("computed level"), max_length=40)
    computed_reasons = models.JSONField(default=list, blank=True)
    # The case manager's proposal.
    proposed_level = models.CharField(_("proposed level"), max_length=40)
    rationale = models.TextField(_("rationale"))
    override_reason = models.TextField(_("reason for proposing another level"), blank=True)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed"))
    # The approver's decision.
    approved_level = models.CharField(_("approved level"), max_length=40, blank=True)
    decision_reason = models.TextField(_("reason for deciding another level"), blank=True)
    return_comment = models.TextField(_("comments on return"), blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The stay it was decided in, set on approval: the oversight counts the days from each
    # admission to its first classification without searching every person's admissions.
    admission = models.ForeignKey(
        Admission, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    # Chosen per person, with a reason, never by label alone.
    vep_placement = models.CharField(_("VEP placement"), max_length=30, choices=VepPlacement.choices, blank=True)
    vep_placement_reason = models.TextField(_("reason for the VEP placement"), blank=True)
    # A move down to a level whose prerequisites include a completed programme: programmes are not
    # recorded yet, so the case manager confirms it.
    programme_confirmed = models.BooleanField(_("completed programme confirmed by the case manager"), default=False)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # The person's right to be informed and to contest.
    informed_on = models.DateField(_("person informed on"), null=True, blank=True)
    appeal_lodged_on = models.DateField(_("appeal lodged on"), null=True, blank=True)
    appeal_outcome = models.CharField(_("appeal outcome"), max_length=20, choices=AppealOutcome.choices, blank=True)
    appeal_decided_on = models.DateField(_("appeal decided on"), null=True, blank=True)
    appeal_note = models.TextField(_("appeal note"), blank=True)

    class Meta:
        verbose_name = _("classification decision")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            # One decision in force and one under way per person at most.
            models.UniqueConstraint(fields=["prisoner"], condition=Q(status="approved"), name="one_approved_decision"),
            models.UniqueConstraint(
                fields=["prisoner"], condition=Q(status__in=["proposed", "returned"]), name="one_open_decision"
            ),
            # The human decision and its reason side by side with what the system computed.
            models.CheckConstraint(
                condition=Q(proposed_level=F("computed_level")) | ~Q(override_reason=""),
                name="override_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(approved_level="") | Q(approved_level=F("proposed_level")) | ~Q(decision_reason=""),
                name="changed_decision_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "superseded"])
                | (~Q(approved_level="") & Q(decided_at__isnull=False) & Q(next_review_on__isnull=False)),
                name="decided_has_level_and_review",
            ),
            models.CheckConstraint(
                condition=Q(vep_placement="") | ~Q(vep_placement_reason=""), name="vep_placement_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(appeal_outcome="") | Q(appeal_lodged_on__isnull=False), name="appeal_outcome_needs_appeal"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_review_on"], name="decision_review_idx")]

    def __str__(self) -> str:
        return f"{self.prisoner} · {self.approved_level or self.proposed_level}"


class ReviewDateChange(models.Model):
    """A next-review date moved by hand: who, when, from and to, and why. Kept for oversight."""

    decision = models.ForeignKey(ClassificationDecision, on_delete=models.PROTECT, related_name="review_changes")
    old_date = models.DateField(_("previous date"), null=True)
    new_date = models.DateField(_("new date"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("review date change")
        ordering = ["-changed_at", "-id"]
