"""Intelligence reports: information any officer passes on, graded by the security officer of the
prison with the system the country profile chooses (intelligence.rules: 5x5x5 or 3x5x2), about
people in custody, people outside, places or groups. Who reads a report follows its handling code;
sharing it with another agency is recorded, with the approval its code requires, and may give a
sanitised version in place of the original, which stays restricted. Nothing here is ever deleted."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodia.estate.models import Prison
from custodia.register.models import Prisoner

from .choices import AgencyKind, ReportStatus, SharingStatus, SubjectKind

USER = settings.AUTH_USER_MODEL


class IntelligenceReport(models.Model):
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    observed_at = models.DateTimeField(_("when the information was seen or heard"))
    content = models.TextField(_("the information"))
    submitter_assessment = models.TextField(_("the submitting officer's assessment"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    # The grading, by the security officer; the system is the profile's at the time of grading.
    graded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("graded by")
    )
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    grading_system = models.CharField(_("grading system"), max_length=10, blank=True)
    source_grade = models.CharField(pgettext_lazy("intelligence", "source"), max_length=2, blank=True)
    information_grade = models.CharField(pgettext_lazy("intelligence", "information"), max_length=2, blank=True)
    handling_code = models.CharField(_("handling code"), max_length=2, blank=True)
    assessment = models.TextField(_("the security officer's assessment"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("intelligence report")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="submitted", graded_by__isnull=True, handling_code="")
                | (
                    Q(status="graded", graded_by__isnull=False, graded_at__isnull=False)
                    & ~Q(grading_system="")
                    & ~Q(source_grade="")
                    & ~Q(information_grade="")
                    & ~Q(handling_code="")
                ),
                name="intelligence_graded_in_full",
            ),
        ]
        indexes = [models.Index(fields=["prison", "status"]), models.Index(fields=["submitted_by"])]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Subject(models.Model):
    """Who or what a report is about: a person in custody (with their file), a person outside (by
    name), a place or a group."""

    report = models.ForeignKey(IntelligenceReport, on_delete=models.PROTECT, related_name="subjects")
    kind = models.CharField(_("kind"), max_length=20, choices=SubjectKind.choices)
    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    name = models.CharField(_("name or description"), max_length=200, blank=True)
    role = models.CharField(pgettext_lazy("subject of intelligence", "role"), max_length=200, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("intelligence", "subject")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="in_custody", prisoner__isnull=False, name="")
                | (~Q(kind="in_custody") & Q(prisoner__isnull=True) & ~Q(name="")),
                name="intelligence_subject_a_person_in_custody_or_a_name",
            ),
            models.UniqueConstraint(
                fields=["report", "prisoner"], condition=Q(prisoner__isnull=False), name="intelligence_subject_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.prisoner_id or self.name}"


class SanitisedVersion(models.Model):
    """The report rewritten for wider sharing (nothing that would reveal the source); the original
    stays restricted to its readers."""

    report = models.ForeignKey(IntelligenceReport, on_delete=models.PROTECT, related_name="sanitised_versions")
    text = models.TextField(_("sanitised text"))
    made_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by"))
    made_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("sanitised version")
        ordering = ["made_at", "id"]


class Sharing(models.Model):
    """A report, or its sanitised version, given to an agency outside the prison service: what,
    with whom, why, under which handling code, asked by whom, approved by someone else where the
    code requires it, with the conditions recorded, and when it was given."""

    report = models.ForeignKey(IntelligenceReport, on_delete=models.PROTECT, related_name="sharings")
    sanitised = models.ForeignKey(
        SanitisedVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sanitised version shared"),
    )
    agency_name = models.CharField(_("agency"), max_length=200)
    agency_kind = models.CharField(_("kind of agency"), max_length=20, choices=AgencyKind.choices)
    purpose = models.TextField(_("purpose"))
    handling_code = models.CharField(_("handling code at the time"), max_length=2)
    needs_approval = models.BooleanField(_("needs approval"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=SharingStatus.choices)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reason for the decision"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    shared_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("shared by")
    )
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("sharing of intelligence")
        ordering = ["requested_at", "id"]
        constraints = [
            # Approved by someone other than who asked: enforced here as well as in the service.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="intelligence_sharing_decided_by_another",
            ),
            models.CheckConstraint(
                condition=Q(needs_approval=False) | ~Q(status__in=("approved", "shared")) | Q(decided_by__isnull=False),
                name="intelligence_sharing_approved_when_needed",
            ),
            models.CheckConstraint(
                condition=~Q(status="shared") | Q(shared_at__isnull=False),
                name="intelligence_sharing_shared_when",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"#{self.report_id} → {self.agency_name} ({self.status})"
