from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "custodia.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS
        from custodia.register.list_marks import LIST_MARKS
        from custodia.register.signals import file_event

        from . import (
            checks,  # noqa: F401  (registers the check of the profiles' roles)
            file_section,
            list_marks,
        )
        from .exports import alerts_export
        from .home_items import ITEMS
        from .receivers import end_on_leaving

        exporters.register("alerts", alerts_export)

        file_event.connect(end_on_leaving, dispatch_uid="alerts.end_on_leaving")
        # First among the sections' facts in the file's summary: what an officer must know first.
        FILE_SECTIONS.add(
            Section(
                "alerts",
                1,
                "alerts/file_section.html",
                file_section.context_for,
                glance="alerts/file_glance.html",
                actions="alerts/file_actions.html",
                # No entry in the file's menu of sections: the alerts in force head the file's
                # summary, whose badges link to the section (and the menu must fit a laptop's screen).
            )
        )
        LIST_MARKS.add("alerts", list_marks.marks)
        for item in ITEMS:
            HOME.add(item)
