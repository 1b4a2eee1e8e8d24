from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "custodia.register"
    verbose_name = _("Prisoner file")

    def ready(self) -> None:
        from custodia.accounts.access import right
        from custodia.core import audit
        from custodia.estate.selectors import set_population_counter

        from .population import population_by

        set_population_counter(population_by)

        # What the director did about a complaint of ill-treatment is part of the health section.
        audit.restrict("admission.ill_treatment_action", right=right("view_health_section"))
