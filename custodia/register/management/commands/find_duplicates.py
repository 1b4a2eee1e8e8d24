"""Proposes the pairs of files that may be of one person, for headquarters to decide
(docs/duplicates.md): `manage.py find_duplicates`. Run it nightly, or after a bulk import; it
never re-proposes a pair already decided and only refreshes the score of those still proposed."""

from typing import Any

from django.core.management.base import BaseCommand

from custodia.estate.selectors import active_profile
from custodia.register import duplicate_services


class Command(BaseCommand):
    help = "Propose the pairs of files in the register that may be of the same person (docs/duplicates.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        found = duplicate_services.duplicates_find(weights=active_profile().duplicates)
        self.stdout.write(
            f"{found.people} people read, {found.compared} pairs compared, {found.proposed} newly proposed, "
            f"{found.refreshed} still proposed scored again, in {found.seconds} s."
        )
