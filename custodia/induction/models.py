"""That the information sheet was given to a person on admission (Mandela Rules 54-55): when, in
which language and version, whether an interpreter helped and whether it was read aloud to someone
who cannot read it. Never changed or deleted: a sheet given again is a new record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from custodia.register.models import Admission, Prisoner

USER = settings.AUTH_USER_MODEL


class InformationGiven(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    admission = models.ForeignKey(Admission, on_delete=models.PROTECT, related_name="+", verbose_name=_("admission"))
    given_on = models.DateField(_("given on"))
    language = models.CharField(_("language"), max_length=3)
    sheet_version = models.PositiveSmallIntegerField(_("version of the sheet"))
    interpreter = models.BooleanField(_("an interpreter helped"), default=False)
    read_aloud = models.BooleanField(_("read aloud to the person"), default=False)
    note = models.TextField(_("note"), blank=True)
    given_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("given by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("information given on admission")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["admission"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.prisoner_id} {self.language} {self.given_on}"
