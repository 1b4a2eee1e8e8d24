from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Synthetic demo data (`manage.py demo`); no models of its own."""

    name = "custodia.demo"
    verbose_name = _("Demo data")
