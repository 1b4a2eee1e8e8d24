from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "custodia.measures"
    label = "measures"
    verbose_name = _("Restrictive measures")

    def ready(self) -> None:
        from custodia.register.signals import file_event

        from .receivers import end_on_leaving

        file_event.connect(end_on_leaving, dispatch_uid="measures.end_on_leaving")
