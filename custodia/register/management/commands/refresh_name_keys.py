"""Writes again the keys the search of names finds people by (register/name_keys.py), after a
change of its rules: `manage.py refresh_name_keys`. The services keep them up to date as names
are recorded; this is only for a new version of the rules."""

from typing import Any

from django.core.management.base import BaseCommand

from custodia.register import services


class Command(BaseCommand):
    help = "Write again the search keys of every person's names, after a change of the rules of name_keys.py."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = services.name_keys_refresh()
        self.stdout.write(f"Search keys written again for {changed} people.")
