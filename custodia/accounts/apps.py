from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "custodia.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from custodia.core.home import HOME

        from .home_parts import ITEMS, PARTS

        # The home page's part of each role; the other apps add their counts to them.
        for part in PARTS:
            HOME.add_part(part)
        for item in ITEMS:
            HOME.add(item)
