"""Prison security audits: an auditor from headquarters rates each item of the checklist at one
prison, with the evidence seen, recommends actions with an owner and a date, and makes the audit
final. A final audit never changes; its scores per area and overall are kept with it, so that
the prison's audits compare over the years. The prison follows each action up to its closure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodia.estate.models import Prison

from .choices import ActionStatus, AuditStatus, Rating

USER = settings.AUTH_USER_MODEL


class SecurityAudit(models.Model):
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    # The version of audit_checklists/ the audit was made with: its areas and items.
    checklist_version = models.PositiveSmallIntegerField(editable=False)
    audited_on = models.DateField(_("day of the visit"))
    status = models.CharField(_("status"), max_length=20, choices=AuditStatus.choices, default=AuditStatus.IN_PROGRESS)
    auditor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("auditor"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finalised_at = models.DateTimeField(_("made final"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("made final by")
    )
    summary = models.TextField(_("auditor's summary"), blank=True)
    # Kept when the audit is made final (rules.score): percentages, None where nothing applied.
    overall_score = models.PositiveSmallIntegerField(_("overall score"), null=True, blank=True)
    area_scores = models.JSONField(_("score per area"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("security audit")
        ordering = ["-audited_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["prison"], condition=Q(status="in_progress"), name="one_security_audit_in_progress"
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(finalised_at__isnull=False), name="final_audit_has_a_date"
            ),
        ]
        indexes = [models.Index(fields=["prison", "status", "audited_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.prison_id} {self.audited_on}"


class ItemRating(models.Model):
    audit = models.ForeignKey(SecurityAudit, on_delete=models.CASCADE, related_name="ratings")
    area_code = models.CharField(_("area"), max_length=40)
    item_code = models.CharField(_("item"), max_length=40)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    evidence = models.TextField(_("evidence seen"), blank=True)

    class Meta:
        verbose_name = _("finding on an audit item")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["audit", "item_code"], name="one_rating_per_audit_item")]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.rating}"


class RecommendedAction(models.Model):
    audit = models.ForeignKey(SecurityAudit, on_delete=models.PROTECT, related_name="actions")
    # The checklist item the action answers; blank for one about the prison as a whole.
    item_code = models.CharField(_("item"), max_length=40, blank=True)
    description = models.TextField(_("what is to be done"))
    owner = models.CharField(pgettext_lazy("recommended action", "owner (post)"), max_length=120)
    due_on = models.DateField(_("due by"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    done_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("recommended action")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(done_on__isnull=False) & ~Q(done_note="")),
                name="done_action_says_what_and_when",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.item_code or '-'} {self.due_on}"
