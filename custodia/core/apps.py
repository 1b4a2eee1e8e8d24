from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "custodia.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # A malformed country profile must stop the start-up, naming the file and the key,
        # rather than surface later as a wrong review date or prisoner number.
        from . import checks  # noqa: F401  (registers the system checks)
        from .profiles import load_profiles

        load_profiles()
