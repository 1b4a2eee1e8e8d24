from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityAuditsConfig(AppConfig):
    name = "custodia.securityaudits"
    label = "securityaudits"
    verbose_name = _("Prison security audits")

    def ready(self) -> None:
        from custodia.core.home import HOME

        from .home_items import ITEMS

        for item in ITEMS:
            HOME.add(item)
