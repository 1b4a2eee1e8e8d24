from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportStatus(models.TextChoices):
    """Submitted by any officer, then graded by the security officer of the prison: never deleted."""

    SUBMITTED = "submitted", pgettext_lazy("intelligence report", "Awaiting grading")
    GRADED = "graded", pgettext_lazy("intelligence report", "Graded")


class SubjectKind(models.TextChoices):
    """What a report is about: a person in custody (with their file), someone outside, a place, a group."""

    IN_CUSTODY = "in_custody", _("Person in custody")
    OUTSIDE_PERSON = "outside_person", _("Person outside")
    PLACE = "place", pgettext_lazy("subject of intelligence", "Place")
    GROUP = "group", pgettext_lazy("subject of intelligence", "Group")


class AgencyKind(models.TextChoices):
    """The kinds of agency outside the prison service that intelligence may be shared with; each
    handling code says which, and whether with approval (intelligence.rules)."""

    LAW_ENFORCEMENT = "law_enforcement", _("Police or other law enforcement")
    PROSECUTION = "prosecution", _("Prosecution service")
    OTHER_PUBLIC_BODY = "other_public_body", _("Other national public body (probation, social services)")
    FOREIGN = "foreign", _("Foreign or international agency")


class SharingStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("intelligence sharing", "Awaiting approval")
    APPROVED = "approved", pgettext_lazy("intelligence sharing", "Approved")
    REFUSED = "refused", pgettext_lazy("intelligence sharing", "Refused")
    SHARED = "shared", pgettext_lazy("intelligence sharing", "Shared")
