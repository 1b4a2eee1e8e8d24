"""Documented exceptions to the separation of categories (Nelson Mandela Rule 11).

An exception lets one person be held in one unit beside people of another category under one
part of Rule 11 (a mother with her infant in a unit, a young person kept with a sibling, a
person whose sex is not recorded): it has a reason, the director who approved it, an optional
end date, and is closed with a reason, never deleted. Every exception is listed for oversight.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Unit
from custodia.register.models import Movement, Prisoner

from .rules import SeparationRule

USER = settings.AUTH_USER_MODEL


class SeparationExceptionQuerySet(models.QuerySet["SeparationException"]):
    def active(self, on: date) -> "SeparationExceptionQuerySet":
        """In force on a day: not closed, and not past its end date."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), closed_at__isnull=True)


class SeparationException(models.Model):
    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.PROTECT, related_name="separation_exceptions", verbose_name=_("person")
    )
    rule = models.CharField(_("part of Rule 11"), max_length=3, choices=SeparationRule.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by"))
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)

    objects = SeparationExceptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("separation exception")
        ordering = ["-approved_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["prisoner", "rule", "unit"],
                condition=Q(closed_at__isnull=True),
                name="one_open_separation_exception",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(close_reason=""),
                name="separation_exception_closed_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["unit", "closed_at"])]

    def __str__(self) -> str:
        return f"{self.prisoner_id} · {self.rule} · {self.unit_id}"

    def is_active(self, on: date) -> bool:
        return self.closed_at is None and (self.valid_until is None or self.valid_until >= on)


class OverCapacityMove(models.Model):
    """A cell move into a cell over its capacity, made on the placement page with a reason and the
    officer's confirmation (an overcrowded service cannot refuse a place): listed for the director
    on the separation oversight page. The movement itself is the register's; this says it was
    made knowing the cell was full."""

    movement = models.OneToOneField(Movement, on_delete=models.PROTECT, related_name="+", verbose_name=_("movement"))
    occupants = models.PositiveIntegerField(_("occupants after the move"))
    capacity = models.PositiveIntegerField(_("capacity"))
    reason = models.TextField(_("reason"))
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed"))

    class Meta:
        verbose_name = _("move over capacity")
        ordering = ["-confirmed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(occupants__gt=models.F("capacity")), name="over_capacity_is_over"),
            models.CheckConstraint(condition=~Q(reason=""), name="over_capacity_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.movement_id} · {self.occupants}/{self.capacity}"
