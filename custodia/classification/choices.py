"""The classification's vocabularies, one enum each, for the rules, the database, forms and the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting approval")
    RETURNED = "returned", _("Returned to the case manager")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded by a later decision")


class VepPlacement(models.TextChoices):
    INTEGRATION_DISPERSAL = "integration_dispersal", _("Integration, dispersed across units")
    CONCENTRATION = "concentration", _("Concentration in designated units")
    SEPARATION = "separation", _("Separation")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Decision upheld")
    CHANGED = "changed", _("Decision changed")
    WITHDRAWN = "withdrawn", _("Appeal withdrawn")
