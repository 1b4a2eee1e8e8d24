"""manage.py allegations_from_admissions: opens the allegation of ill-treatment of each admission
whose complaint of prior ill-treatment still awaits action and has none (docs/complaints.md).

Admissions recorded through the admission service open theirs at once; this is for the others:
files recorded before the release that brought requests and complaints, and files brought over
from an earlier system. Run after such an upgrade or import (docs/operations.md, "Upgrades"); a
second run opens nothing. Each allegation is audited as opened by the system."""

from typing import Any

from django.core.management.base import BaseCommand

from custodia.complaints import services


class Command(BaseCommand):
    help = "Open an allegation for each admission whose complaint of prior ill-treatment awaits action and has none."

    def handle(self, *args: Any, **options: Any) -> None:
        opened = services.allegations_from_admissions()
        self.stdout.write(f"{opened} allegation(s) of ill-treatment opened from admissions.")
