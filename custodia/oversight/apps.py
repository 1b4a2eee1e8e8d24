from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "custodia.oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.jobs import exporters

        from .compliance_exports import PEOPLE_LIST, people_export
        from .home_items import ITEMS

        for item in ITEMS:
            HOME.add(item)
        # The people falling short of a check at a prison, as CSV or XLSX (docs/exports.md).
        exporters.register(PEOPLE_LIST, people_export)
