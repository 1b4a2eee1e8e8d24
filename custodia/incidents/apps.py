from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "custodia.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from custodia.assessment.validation_sources import set_incident_finder
        from custodia.core import audit
        from custodia.core.actions import AuditAction
        from custodia.core.home import HOME
        from custodia.core.rights import right
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section
        from .exports import incidents_export
        from .home_items import ITEMS
        from .outcomes import serious_incident_days

        # Whether an examination found signs of ill-treatment is medical: out of the file's
        # history for readers who may not read the health section.
        audit.restrict(AuditAction.MEDICAL_EXAMINATION, right=right("view_health_section"))
        FILE_SECTIONS.add(
            Section(
                "incidents",
                23,
                "incidents/file_section.html",
                file_section.context_for,
                glance="incidents/file_glance.html",
                anchor="incidents",
                title=_("Incidents"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
        exporters.register("incidents", incidents_export)
        # The local validation's outcome: the closed serious incident reports, not hand-entered events.
        set_incident_finder(serious_incident_days)
