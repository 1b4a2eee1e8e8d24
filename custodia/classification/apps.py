from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "custodia.classification"
    verbose_name = _("Classification and placement")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section
        from .exports import reviews_export
        from .home_items import ITEMS

        exporters.register("classification-reviews", reviews_export)

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
