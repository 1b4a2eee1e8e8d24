from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "custodia.classification"
    verbose_name = _("Classification and placement")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section
        from .home_items import ITEMS

        FILE_SECTIONS.add(
            Section(
                "classification",
                30,
                "classification/file_section.html",
                file_section.context_for,
                glance="classification/file_glance.html",
                actions="classification/file_actions.html",
                anchor="classification",
                title=_("Classification"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
