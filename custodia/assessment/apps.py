from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "custodia.assessment"
    verbose_name = _("Risk and needs assessment")
