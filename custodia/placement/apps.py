from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementConfig(AppConfig):
    name = "custodia.placement"
    verbose_name = _("Placement and separation")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.register.placing import set_placement_check

        from .checks import cell_verdicts, placement_refusals
        from .home_items import ITEMS

        set_placement_check(placement_refusals, cell_verdicts)
        for item in ITEMS:
            HOME.add(item)
