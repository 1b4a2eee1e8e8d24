from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "custodia.assessment"
    verbose_name = _("Risk and needs assessment")

    def ready(self) -> None:
        from custodia.accounts.access import right
        from custodia.core import audit
        from custodia.core.sections import Section
        from custodia.register.file_sections import FILE_SECTIONS
        from custodia.register.signals import file_event

        from . import file_section
        from .instruments import load_instruments
        from .receivers import record_trigger

        FILE_SECTIONS.add(Section("assessment", 10, "assessment/file_section.html", file_section.context_for))

        # A malformed instrument stops the start-up, naming the file and the key, rather than
        # surfacing in the middle of an assessment.
        load_instruments()

        file_event.connect(record_trigger, dispatch_uid="assessment.record_trigger")
        # Intelligence graded reliable, and the note that goes with it, are for those who may read
        # intelligence; the file's history and a stale-version message must not carry them.
        audit.restrict("assessment.trigger.reliable_intelligence", right=right("view_intelligence_section"))
