from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "custodia.assessment"
    verbose_name = _("Risk and needs assessment")

    def ready(self) -> None:
        from custodia.register.signals import file_event

        from .receivers import record_trigger

        file_event.connect(record_trigger, dispatch_uid="assessment.record_trigger")
