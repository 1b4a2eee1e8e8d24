"""The prison estate: service, regions, prisons, units and cells with their official capacity.

Occupancy is never stored: it is counted live from where prisoners are (Mandela Rule 10),
see selectors.occupancy_*.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrisonType(models.TextChoices):
    CLOSED = "closed", _("Closed")
    SEMI_OPEN = "semi_open", _("Semi-open")
    OPEN = "open", _("Open")
    REMAND = "remand", _("Remand")
    JUVENILE = "juvenile", _("Juvenile")
    WOMEN = "women", _("Women's")


class PrisonService(models.Model):
    name = models.CharField(_("name"), max_length=200)
    country_code = models.CharField(_("country code"), max_length=2)
    profile = models.CharField(_("country profile"), max_length=50)
    # The day the service began keeping sentence plans in Custodia: a person admitted before it
    # is owed a first plan counted from that day, not from an admission years ago (plans.rules).
    sentence_plans_from = models.DateField(_("sentence plans kept from"), null=True, blank=True)

    class Meta:
        verbose_name = _("prison service")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    service = models.ForeignKey(PrisonService, on_delete=models.PROTECT, related_name="regions")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("region")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="region_code_unique")]

    def __str__(self) -> str:
        return self.name


class Prison(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="prisons")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    prison_type = models.CharField(_("type"), max_length=20, choices=PrisonType.choices)
    official_capacity = models.PositiveIntegerField(_("official capacity"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("prison")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=100)
    security_level = models.CharField(_("security level"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("unit")
        ordering = ["prison", "name"]
        constraints = [models.UniqueConstraint(fields=["prison", "name"], name="unit_name_unique")]

    def __str__(self) -> str:
        return f"{self.prison.name} / {self.name}"


class Cell(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cells")
    label = models.CharField(_("label"), max_length=30)
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        verbose_name = _("cell")
        ordering = ["unit", "label"]
        constraints = [models.UniqueConstraint(fields=["unit", "label"], name="cell_label_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name} / {self.label}"
