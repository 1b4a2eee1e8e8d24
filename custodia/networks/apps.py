from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "custodia.networks"
    label = "networks"
    verbose_name = _("Networks of links")

    def ready(self) -> None:
        from custodia.core.sections import Section
        from custodia.register.file_sections import FILE_SECTIONS

        from . import file_section

        FILE_SECTIONS.add(
            Section(
                "networks",
                90,
                "networks/file_section.html",
                file_section.context_for,
                actions="networks/file_actions.html",
            )
        )
