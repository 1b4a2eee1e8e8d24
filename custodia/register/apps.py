from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "custodia.register"
    verbose_name = _("Prisoner file")

    def ready(self) -> None:
        from custodia.core import audit
        from custodia.core.actions import AuditAction
        from custodia.core.home import HOME
        from custodia.core.rights import right
        from custodia.core.sections import Section
        from custodia.estate.selectors import set_population_counter
        from custodia.jobs import exporters

        from . import kept_dues, planned_moves, print_section
        from .exports import prisoners_export
        from .file_sections import FILE_SECTIONS
        from .home_items import ITEMS
        from .planned_move_exports import planned_moves_export
        from .population import population_by

        set_population_counter(population_by)
        kept_dues.connect_receivers()
        exporters.register("prisoners", prisoners_export)
        exporters.register("planned-moves", planned_moves_export)
        for item in ITEMS:
            HOME.add(item)
        # The moves requested for the person: the file's own section, drawn as the other apps' are.
        FILE_SECTIONS.add(
            Section(
                "planned_moves",
                0,
                "register/planned_moves_section.html",
                planned_moves.context_for,
                glance="register/planned_moves_glance.html",
                anchor="planned-moves",
                title=_("Moves requested"),
                own_prison_only=True,
            )
        )

        # The buttons that print the file and the person's own copy (file_pdf.py), in the file's summary.
        FILE_SECTIONS.add(
            Section(
                "print",
                99,
                "register/print_section.html",
                print_section.context_for,
                actions="register/print_actions.html",
            )
        )

        # What the director did about a complaint of ill-treatment is part of the health section.
        audit.restrict(AuditAction.ILL_TREATMENT_ACTION, right=right("view_health_section"))
