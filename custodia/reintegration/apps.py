from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReintegrationConfig(AppConfig):
    name = "custodia.reintegration"
    label = "reintegration"
    verbose_name = _("Social reintegration")

    def ready(self) -> None:
        from custodia.assessment.validation_sources import VALIDATION_SOURCES, Source
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section
        from .exports import worklist_export
        from .home_items import ITEMS
        from .views import CSV_COLUMNS

        FILE_SECTIONS.add(
            Section(
                "release_plan",
                30,
                "reintegration/file_section.html",
                file_section.context_for,
                anchor="release-plan",
                title=_("Release and reintegration"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
        exporters.register("release-planning", worklist_export)
        VALIDATION_SOURCES.add(
            Source(
                "reintegration:validation_csv",
                _("New offences and recalls after release"),
                score=CSV_COLUMNS[1],
                outcome=CSV_COLUMNS[2],
                groups=(CSV_COLUMNS[0],),
            )
        )
