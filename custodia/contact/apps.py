from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "custodia.contact"
    label = "contact"
    verbose_name = _("Contact with the outside world")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section
        from .exports import reviews_export
        from .home_items import ITEMS

        exporters.register("contact-reviews", reviews_export)

        FILE_SECTIONS.add(
            Section(
                "contacts",
                65,
                "contact/file_section.html",
                file_section.context_for,
                anchor="contacts",
                title=_("Contacts"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
