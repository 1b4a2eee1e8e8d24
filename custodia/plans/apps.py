from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "custodia.plans"
    label = "plans"
    verbose_name = _("Individual sentence plans")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.register.file_sections import FILE_SECTIONS
        from custodia.register.signals import file_event

        from . import file_section
        from .exports import worklist_export
        from .home_items import ITEMS
        from .receivers import bring_review_forward

        exporters.register("plans-worklist", worklist_export)

        FILE_SECTIONS.add(
            Section(
                "sentence_plan",
                20,
                "plans/file_section.html",
                file_section.context_for,
                glance="plans/file_glance.html",
                anchor="sentence-plan",
                title=_("Sentence plan"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
        file_event.connect(bring_review_forward, dispatch_uid="plans.bring_review_forward")
