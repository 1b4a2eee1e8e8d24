"""Non-associations: two people who must not share a cell, a unit or a prison.

One row per pair and period: the pair is stored in a fixed order (the lower id first), so that
the database itself keeps one open record per pair whichever of the two it was recorded from.
A record is closed with a reason, never deleted; the next one for the same pair is a new row.
Every placement, move, transfer (and later activity allocation and visit booking) reads the open
records through placement.checks.placement_problems.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodia.register.models import Prisoner

USER = settings.AUTH_USER_MODEL


class Level(models.TextChoices):
    """How far apart the two must be kept; each level includes the narrower ones."""

    CELL = "cell", _("Not in the same cell")
    UNIT = "unit", _("Not in the same unit")
    PRISON = "prison", _("Not in the same prison")


class Reason(models.TextChoices):
    EXTREMIST_INFLUENCE = "extremist_influence", _("Extremist recruitment or influence")
    THREATS = "threats", _("Threats")
    VIOLENCE = "violence", _("Violence")
    GANG = "gang", _("Gang")
    VICTIM_PERPETRATOR = "victim_perpetrator", _("Victim and perpetrator")
    LEGAL_ORDER = "legal_order", _("Legal order")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """The part each person plays in the danger the record guards against."""

    RECRUITER = "recruiter", _("Recruiter")
    VULNERABLE_TO_RECRUITMENT = "vulnerable_to_recruitment", _("Vulnerable to recruitment")
    AGGRESSOR = "aggressor", _("Aggressor")
    VICTIM = "victim", _("Victim")
    PERPETRATOR = "perpetrator", _("Perpetrator")
    WITNESS = "witness", _("Witness")
    GANG_RIVAL = "gang_rival", _("Gang rival")
    CO_DEFENDANT = "co_defendant", _("Co-defendant")
    NOT_RELEVANT = "not_relevant", _("Not relevant")
    OTHER = "other", pgettext_lazy("role in a non-association", "Other")


class NonAssociation(models.Model):
    prisoner_a = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    prisoner_b = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("other person"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    role_a = models.CharField(_("role of the person"), max_length=30, choices=Role.choices)
    role_b = models.CharField(_("role of the other person"), max_length=30, choices=Role.choices)
    comment = models.TextField(_("comment"))
    authorised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("authorised by"))
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)

    class Meta:
        verbose_name = _("non-association")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(prisoner_a__lt=F("prisoner_b")), name="non_association_pair_ordered"),
            models.UniqueConstraint(
                fields=["prisoner_a", "prisoner_b"],
                condition=Q(closed_at__isnull=True),
                name="one_open_non_association_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(close_reason=""), name="non_association_closed_with_reason"
            ),
        ]
        indexes = [models.Index(fields=["opened_at"]), models.Index(fields=["closed_at"])]

    def __str__(self) -> str:
        return f"{self.prisoner_a_id} / {self.prisoner_b_id} ({self.level})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def other_of(self, prisoner_id: int) -> Prisoner:
        return self.prisoner_b if prisoner_id == self.prisoner_a_id else self.prisoner_a

    def role_of(self, prisoner_id: int) -> str:
        return self.role_a if prisoner_id == self.prisoner_a_id else self.role_b

    def other_role_of(self, prisoner_id: int) -> str:
        return self.role_b if prisoner_id == self.prisoner_a_id else self.role_a
