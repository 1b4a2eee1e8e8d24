from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "custodia.assessment"
    verbose_name = _("Risk and needs assessment")

    def ready(self) -> None:
        from custodia.core import audit
        from custodia.core.actions import AuditAction
        from custodia.core.home import HOME
        from custodia.core.rights import right
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS
        from custodia.register.signals import file_event

        from . import file_section
        from .exports import worklist_export
        from .home_items import ITEMS
        from .instruments import load_instruments
        from .receivers import record_trigger

        exporters.register("assessment-worklist", worklist_export)
        FILE_SECTIONS.add(
            Section(
                "assessment",
                10,
                "assessment/file_section.html",
                file_section.context_for,
                glance="assessment/file_glance.html",
                anchor="assessments",
                title=_("Risk and needs assessments"),
            )
        )
        for item in ITEMS:
            HOME.add(item)

        # A malformed instrument stops the start-up, naming the file and the key, rather than
        # surfacing in the middle of an assessment.
        load_instruments()

        file_event.connect(record_trigger, dispatch_uid="assessment.record_trigger")
        # Intelligence graded reliable, and the note that goes with it, are for those who may read
        # intelligence; the file's history and a stale-version message must not carry them.
        audit.restrict(AuditAction.TRIGGER_RELIABLE_INTELLIGENCE, right=right("view_intelligence_section"))
