from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "custodia.register"
    verbose_name = _("Prisoner file")
