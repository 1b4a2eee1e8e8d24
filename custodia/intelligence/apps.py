from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntelligenceConfig(AppConfig):
    name = "custodia.intelligence"
    label = "intelligence"
    verbose_name = _("Intelligence")

    def ready(self) -> None:
        from custodia.core import audit
        from custodia.core.actions import AuditAction
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section, selectors
        from .exports import reports_export
        from .home_items import ITEMS

        exporters.register("intelligence", reports_export)

        # The services record these against the report, never against a person's file; restricted
        # all the same, so that no history or stale-version message ever tells of them to a reader
        # without the intelligence right.
        for action in (
            AuditAction.INTELLIGENCE_SUBMIT,
            AuditAction.INTELLIGENCE_GRADE,
            AuditAction.INTELLIGENCE_SANITISE,
            AuditAction.INTELLIGENCE_SHARE_REQUEST,
            AuditAction.INTELLIGENCE_SHARE_APPROVE,
            AuditAction.INTELLIGENCE_SHARE_REFUSE,
            AuditAction.INTELLIGENCE_SHARED,
        ):
            audit.restrict(action, right=selectors.VIEW)
        FILE_SECTIONS.add(
            Section(
                "intelligence",
                24,
                "intelligence/file_section.html",
                file_section.context_for,
                anchor="intelligence",
                title=_("Intelligence"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
