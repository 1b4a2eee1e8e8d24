from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactKind(models.TextChoices):
    FAMILY = "family", _("Family member")
    FRIEND = "friend", _("Friend or acquaintance")
    LEGAL_ADVISER = "legal_adviser", _("Legal adviser")
    CONSULAR = "consular", _("Consular officer")
    OTHER = "other", _("Other (a religious representative, a support organisation)")


class RestrictionReason(models.TextChoices):
    SECURITY = "security", _("Security of the prison (an attempt to bring in contraband, an escape plan)")
    SAFETY = "safety", _("Safety of the person or of the contact (threats, abuse)")
    COURT_ORDER = "court_order", _("A court order forbids the contact")
    SANCTION = "sanction", _("Disciplinary sanction")
