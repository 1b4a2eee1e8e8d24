from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "custodia.security"
    verbose_name = _("Security: non-associations")

    def ready(self) -> None:
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.jobs import exporters
        from custodia.placement.checks import add_constraint
        from custodia.placement.oversight_sections import OVERSIGHT_SECTIONS
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section, oversight_section
        from .exports import non_associations_export
        from .home_items import ITEMS
        from .placement import NON_ASSOCIATIONS

        exporters.register("non-associations", non_associations_export)
        FILE_SECTIONS.add(
            Section(
                "security",
                20,
                "security/file_section.html",
                file_section.context_for,
                glance="security/file_glance.html",
                actions="security/file_actions.html",
                anchor="non-associations",
                title=_("Non-associations"),
                own_prison_only=True,
            )
        )
        OVERSIGHT_SECTIONS.add(
            Section("security", 20, "security/oversight_section.html", oversight_section.context_for)
        )
        # Every placement, whoever makes it, refuses to put together two people a record keeps apart.
        add_constraint(NON_ASSOCIATIONS)
        for item in ITEMS:
            HOME.add(item)
