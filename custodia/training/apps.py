from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "custodia.training"
    label = "training"
    verbose_name = _("Staff training")

    def ready(self) -> None:
        from django.contrib.auth.models import User
        from django.db.models.signals import post_save

        from custodia.core.home import HOME
        from custodia.jobs import exporters

        from .exports import staff_export
        from .home_items import ITEMS
        from .signals import staff_record_for_new_user

        post_save.connect(staff_record_for_new_user, sender=User, dispatch_uid="training.staff_record")
        for item in ITEMS:
            HOME.add(item)
        exporters.register("training-staff", staff_export)
