from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InductionConfig(AppConfig):
    name = "custodia.induction"
    label = "induction"
    verbose_name = _("Information on admission")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section
        from .exports import awaiting_export
        from .home_items import ITEMS

        exporters.register("induction-awaiting", awaiting_export)

        FILE_SECTIONS.add(
            Section(
                "information_given",
                64,
                "induction/file_section.html",
                file_section.context_for,
                anchor="information-given-section",
                title=_("Information given on admission"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
