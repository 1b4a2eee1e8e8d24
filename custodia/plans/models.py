"""Individual sentence plans (Mandela Rules 4, 91-94): objectives drawn from the needs that final
assessments found, with the person's own view of them.

Nothing is lost: an agreed plan is never edited; a change is a review that makes the next version
(a copy of the objectives), and when that version is agreed the earlier one is superseded and
kept. The follow-up of an agreed plan (objective statuses, progress notes, a decline) is recorded
on it, each step in the audit trail.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from custodia.assessment.choices import NeedArea
from custodia.assessment.models import Assessment
from custodia.estate.models import Prison
from custodia.register.models import Prisoner

from .choices import Agreement, ObjectiveStatus, Origin, PlanStatus, Responsible, ReviewEvent

USER = settings.AUTH_USER_MODEL


class SentencePlan(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="sentence_plans")
    # Where it was made: the prison that held the person when it was started.
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    number = models.PositiveIntegerField(_("plan version"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    based_on = models.ManyToManyField(
        Assessment, blank=True, related_name="+", verbose_name=_("based on the assessments")
    )
    # The person's own view (Rules 54-55): in their words, and how the plan was explained to them.
    own_goals = models.TextField(_("their goals, in their own words"), blank=True)
    agreement = models.CharField(_("their view of the plan"), max_length=20, choices=Agreement.choices, blank=True)
    person_comment = models.TextField(_("their comment"), blank=True)
    explained_in = models.CharField(_("explained in (language)"), max_length=100, blank=True)
    explained_by = models.CharField(_("explained by (staff member or interpreter)"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    agreed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    version = models.PositiveIntegerField(default=1, editable=False)  # core.versions

    class Meta:
        verbose_name = _("sentence plan")
        ordering = ["-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["prisoner", "number"], name="plan_number_unique"),
            models.UniqueConstraint(
                fields=["prisoner"], condition=Q(status="draft"), name="one_draft_plan_per_prisoner"
            ),
            models.UniqueConstraint(
                fields=["prisoner"], condition=Q(status="agreed"), name="one_agreed_plan_per_prisoner"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(agreed_at__isnull=False), name="agreed_plan_has_agreed_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prisoner} · {self.number}"


class Objective(models.Model):
    plan = models.ForeignKey(SentencePlan, on_delete=models.PROTECT, related_name="objectives")
    need_area = models.CharField(_("need addressed"), max_length=30, choices=NeedArea.choices)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    wording = models.TextField(_("objective, worded for the person"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=20, choices=Responsible.choices, blank=True)
    responsible_staff = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("staff member")
    )
    responsible_agency = models.CharField(_("outside agency"), max_length=200, blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.PROPOSED
    )
    # Why it was set aside, withdrawn or not achieved; for a decline, the person's own reason.
    status_reason = models.TextField(_("reason"), blank=True)
    # The objective of the earlier version this one continues (its progress notes stay there).
    copied_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="continued_by"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("objective")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["set_aside", "declined"]) | ~Q(status_reason=""),
                name="objective_set_aside_or_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.wording or self.get_need_area_display()


class ProgressNote(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("note"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        ordering = ["at", "id"]


class PlanEvent(models.Model):
    """An event of the prisoner file (a transfer, a change of sentence) after which an agreed plan
    is reviewed sooner; recorded by the receiver of register.signals.file_event. New final
    assessments and classification decisions are read where they are recorded."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(_("event"), max_length=30, choices=ReviewEvent.choices)
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sentence plan event")
        ordering = ["-occurred_on", "-id"]
