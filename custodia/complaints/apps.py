from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "custodia.complaints"
    label = "complaints"
    verbose_name = _("Requests and complaints")

    def ready(self) -> None:
        from custodia.core import audit
        from custodia.core.actions import AuditAction
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS
        from custodia.register.signals import file_event

        from . import file_section, selectors, services
        from .exports import complaints_export
        from .home_items import ITEMS

        exporters.register("complaints", complaints_export)

        FILE_SECTIONS.add(
            Section(
                "complaints",
                66,
                "complaints/file_section.html",
                file_section.context_for,
                anchor="complaints",
                title=_("Requests and complaints"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
        file_event.connect(services.on_file_event, dispatch_uid="complaints.on_file_event")
        # A complaint is on the person's history only for those who read complaints (Rule 57(2):
        # no one else learns that the person complained); the confidential route only for the
        # inspection body, and never on the person's history at all (services._audit).
        for action in (
            AuditAction.COMPLAINT_ADD,
            AuditAction.COMPLAINT_ANSWER,
            AuditAction.COMPLAINT_APPEAL,
            AuditAction.COMPLAINT_APPEAL_ANSWER,
            AuditAction.COMPLAINT_REFER,
            AuditAction.COMPLAINT_CLOSE,
        ):
            audit.restrict(action, right=selectors.VIEW)
        audit.restrict(AuditAction.COMPLAINT_CONFIDENTIAL, right=selectors.CONFIDENTIAL)
