from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "custodia.measures"
    label = "measures"
    verbose_name = _("Restrictive measures")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS
        from custodia.register.signals import file_event

        from . import file_section
        from .exports import measures_export
        from .home_items import ITEMS
        from .receivers import end_on_leaving

        exporters.register("measures", measures_export)

        file_event.connect(end_on_leaving, dispatch_uid="measures.end_on_leaving")
        # Not own_prison_only: a former prison keeps reading the measures it imposed (the selector's
        # scope), as it keeps the admissions it made; it can no longer impose one.
        FILE_SECTIONS.add(
            Section(
                "measures",
                22,
                "measures/file_section.html",
                file_section.context_for,
                glance="measures/file_glance.html",
                actions="measures/file_actions.html",
                anchor="measures",
                title=_("Restrictive measures"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
