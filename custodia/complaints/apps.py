from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "custodia.complaints"
    label = "complaints"
    verbose_name = _("Requests and complaints")
