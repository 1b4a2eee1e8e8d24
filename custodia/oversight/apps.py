from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "custodia.oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from custodia.core.home import HOME

        from .home_items import ITEMS

        for item in ITEMS:
            HOME.add(item)
