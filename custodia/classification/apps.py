from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "custodia.classification"
    verbose_name = _("Classification and placement")

    def ready(self) -> None:
        from custodia.register.file_sections import FileSection, add_file_section

        from . import file_section

        add_file_section(
            FileSection("classification", 30, "classification/file_section.html", file_section.context_for)
        )
