from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "custodia.visits"
    label = "visits"
    verbose_name = _("Visits and video calls")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section
        from .exports import no_contact_export
        from .home_items import ITEMS

        exporters.register("visits-no-contact", no_contact_export)

        FILE_SECTIONS.add(
            Section(
                "visits",
                66,
                "visits/file_section.html",
                file_section.context_for,
                anchor="visits",
                title=_("Visits"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
