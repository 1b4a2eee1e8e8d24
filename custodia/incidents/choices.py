from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncidentStatus(models.TextChoices):
    """Draft → awaiting review → closed, or returned for more information and submitted again.
    Duplicate and not reportable are kept, never deleted, and left out of the statistics."""

    DRAFT = "draft", pgettext_lazy("incident report", "Draft")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    RETURNED = "returned", _("Returned for more information")
    CLOSED = "closed", pgettext_lazy("incident report", "Closed")
    DUPLICATE = "duplicate", _("Duplicate")
    NOT_REPORTABLE = "not_reportable", _("Not reportable")


class InvolvementRole(models.TextChoices):
    PERPETRATOR = "perpetrator", pgettext_lazy("role in an incident", "Perpetrator")
    VICTIM = "victim", pgettext_lazy("role in an incident", "Victim")
    WITNESS = "witness", pgettext_lazy("role in an incident", "Witness")
    INVOLVED = "involved", pgettext_lazy("role in an incident", "Involved")
    STAFF = "staff", pgettext_lazy("role in an incident", "Member of staff")


class ForceTechnique(models.TextChoices):
    """What force was used on a person (Mandela Rule 82: only as a last resort, the least needed)."""

    NONE = "", _("No force used")
    HOLDS = "holds", _("Physical holds (control and restraint)")
    HANDCUFFS = "handcuffs", _("Handcuffs")
    BATON = "baton", _("Baton")
    CHEMICAL = "chemical", _("Incapacitant spray")
    OTHER = "other", pgettext_lazy("force used", "Other")
