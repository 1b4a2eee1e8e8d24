"""The vocabularies of oversight's figures."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnctsStatus(models.TextChoices):
    """The legal status of a person held, in the categories of the UN Survey of Crime Trends and
    Operations of Criminal Justice Systems (UN-CTS; docs/uncts.md)."""

    UNSENTENCED = "unsentenced", _("Unsentenced")
    SENTENCED = "sentenced", _("Sentenced")
    OTHER = "other", _("Held for a reason other than a criminal offence")
    UNKNOWN = "unknown", _("Legal status not recorded")
