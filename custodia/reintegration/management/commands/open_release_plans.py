"""Opens the release plans that are due (the profile's months before the computed release date).
Idempotent: run it nightly (cron or a systemd timer); a second run opens nothing more."""

from django.core.management.base import BaseCommand

from custodia.reintegration.services import release_plans_open_due


class Command(BaseCommand):
    help = "Open the release plans that are due."

    def handle(self, *args, **options) -> None:
        opened = release_plans_open_due()
        self.stdout.write(f"{len(opened)} release plan(s) opened.")
