"""Incident reports: where and when, what happened, the people involved and their part, injuries
and force used, the type's own questions; reviewed and closed by someone other than who wrote
them. A report is never deleted: a duplicate or a report found not reportable is kept, and left
out of the statistics. Force used on a person, or an injury, opens a medical examination for the
health-care staff, which the director follows (Mandela Rules 34 and 71)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodia.estate.models import Prison, Unit
from custodia.register.models import Prisoner

from .choices import ForceTechnique, IncidentStatus, InvolvementRole

USER = settings.AUTH_USER_MODEL


class Incident(models.Model):
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    type_code = models.CharField(_("kind of incident"), max_length=40)
    # The version of incident_types/ the report was written with: its questions and seriousness.
    catalogue_version = models.PositiveSmallIntegerField(editable=False)
    serious = models.BooleanField(_("serious"), default=False, editable=False)
    occurred_at = models.DateTimeField(_("when it happened"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    place = models.CharField(_("where exactly"), max_length=200)
    summary = models.TextField(_("what happened"))
    answers = models.JSONField(_("answers to the questions of this kind"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.DRAFT)
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("written"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("duplicate of")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("incident report", "incident")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False), name="incident_duplicate_names_first"
            ),
        ]
        indexes = [models.Index(fields=["prison", "status"]), models.Index(fields=["occurred_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.type_code} {self.occurred_at:%Y-%m-%d}"


class Involvement(models.Model):
    """A person's part in an incident: someone in custody (with their file) or a member of staff
    (by name). Injuries and force are recorded on the person they concern."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="involvements")
    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    staff_name = models.CharField(_("member of staff"), max_length=120, blank=True)
    role = models.CharField(
        pgettext_lazy("role in an incident", "part"), max_length=20, choices=InvolvementRole.choices
    )
    injuries = models.TextField(_("injuries seen"), blank=True)
    force_technique = models.CharField(
        _("force used"), max_length=20, choices=ForceTechnique.choices, blank=True, default=""
    )
    force_by = models.CharField(_("force used by"), max_length=200, blank=True)
    force_reason = models.TextField(_("why force was needed"), blank=True)

    class Meta:
        verbose_name = _("person involved")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(prisoner__isnull=False, staff_name="") & ~Q(role="staff"))
                | (Q(prisoner__isnull=True, role="staff") & ~Q(staff_name="")),
                name="involvement_a_prisoner_or_staff",
            ),
            models.CheckConstraint(
                condition=Q(force_technique="") | (Q(prisoner__isnull=False) & ~Q(force_reason="") & ~Q(force_by="")),
                name="involvement_force_on_a_prisoner_with_reason",
            ),
            models.UniqueConstraint(
                fields=["incident", "prisoner"], condition=Q(prisoner__isnull=False), name="involved_once_per_incident"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prisoner_id or self.staff_name} ({self.role})"

    @property
    def needs_examination(self) -> bool:
        return self.prisoner_id is not None and bool(self.injuries.strip() or self.force_technique)


class MedicalExamination(models.Model):
    """The medical examination owed to a person after force was used on them or an injury was
    seen. Opened when the report is submitted; done when health-care staff record it. Its findings
    are medical (Rules 26, 32); signs of ill-treatment are reported on (Rule 34)."""

    involvement = models.OneToOneField(Involvement, on_delete=models.PROTECT, related_name="examination")
    opened_at = models.DateTimeField(_("owed since"), auto_now_add=True)
    examined_at = models.DateTimeField(_("examined"), null=True, blank=True)
    examined_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("examined by")
    )
    findings = models.TextField(_("findings"), blank=True)
    signs_of_ill_treatment = models.BooleanField(_("signs of torture or ill-treatment"), default=False)
    reported_to = models.TextField(_("reported to (competent authority) and when"), blank=True)

    class Meta:
        verbose_name = _("medical examination")
        ordering = ["opened_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signs_of_ill_treatment=False) | ~Q(reported_to=""), name="ill_treatment_reported"
            ),
        ]
