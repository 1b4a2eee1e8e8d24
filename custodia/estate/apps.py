from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstateConfig(AppConfig):
    name = "custodia.estate"
    verbose_name = _("Estate")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import PrisonService
        from .selectors import forget_active_profile

        post_save.connect(forget_active_profile, sender=PrisonService)
        post_delete.connect(forget_active_profile, sender=PrisonService)
