from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeasureKind(models.TextChoices):
    """The restrictive measures of Mandela Rules 36-49. Each is lawful only with a legal basis, an
    authorisation, a planned end and reviews; none is a sanction by itself except disciplinary
    confinement, which follows a disciplinary decision."""

    SEPARATION = "separation", _("Separation (for the person's or others' safety)")
    SEGREGATION = "segregation", _("Segregation (good order and security)")
    DISCIPLINARY_CONFINEMENT = "disciplinary_confinement", _("Disciplinary cell confinement")
    RESTRAINT = "restraint", _("Instruments of restraint")


class MeasureStatus(models.TextChoices):
    IN_FORCE = "in_force", pgettext_lazy("restrictive measure", "In force")
    ENDED = "ended", pgettext_lazy("restrictive measure", "Ended")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue until the planned end")
    END = "end", _("End the measure now")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting a decision")
    UPHELD = "upheld", _("Upheld: the measure ends")
    DISMISSED = "dismissed", _("Dismissed")
