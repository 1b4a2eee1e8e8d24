from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementConfig(AppConfig):
    name = "custodia.placement"
    verbose_name = _("Placement and separation")

    def ready(self) -> None:
        from custodia.register.placing import set_placement_check

        from .checks import placement_refusals

        set_placement_check(placement_refusals)
