from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "custodia.security"
    verbose_name = _("Security: non-associations")

    def ready(self) -> None:
        from custodia.placement.checks import add_constraint
        from custodia.register.file_sections import FileSection, add_file_section

        from . import file_section
        from .placement import NON_ASSOCIATIONS

        add_file_section(FileSection("security", 20, "security/file_section.html", file_section.context_for))
        # Every placement, whoever makes it, refuses to put together two people a record keeps apart.
        add_constraint(NON_ASSOCIATIONS)
