from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "custodia.programmes"
    label = "programmes"
    verbose_name = _("Programmes and activities")

    def ready(self) -> None:
        from custodia.classification.evidence import set_programme_finder
        from custodia.core.home import HOME
        from custodia.core.sections import Section
        from custodia.plans.objective_work import add_work_finder
        from custodia.register.file_sections import FILE_SECTIONS
        from custodia.register.signals import file_event

        from . import file_section, selectors
        from .home_items import ITEMS
        from .receivers import end_on_leaving

        FILE_SECTIONS.add(
            Section(
                "programmes",
                25,
                "programmes/file_section.html",
                file_section.context_for,
                anchor="programmes",
                title=_("Programmes and activities"),
            )
        )
        for item in ITEMS:
            HOME.add(item)
        file_event.connect(end_on_leaving, dispatch_uid="programmes.end_on_leaving")
        set_programme_finder(selectors.completed_programme)
        add_work_finder("programmes", selectors.objective_work)
