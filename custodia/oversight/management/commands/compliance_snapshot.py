"""manage.py compliance_snapshot: records today's tally of every check of the compliance monitor
at every prison in use (oversight.services.compliance_snapshot_record), from which the compliance
page draws its trend. Run it once a day from a timer (docs/operations.md); running it again the same
day replaces the day's figures with fresh ones. `--queue` leaves the counting to the background
worker (`manage.py db_worker`) instead."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from custodia.oversight.services import compliance_snapshot_record
from custodia.oversight.tasks import record_compliance_snapshot


class Command(BaseCommand):
    help = "Record today's Mandela Rules compliance figures of every prison, for the trend."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the snapshot for the background worker instead of counting here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            result = record_compliance_snapshot.enqueue()
            self.stdout.write(f"compliance snapshot queued for the background worker (task {result.id})")
            return
        recorded = compliance_snapshot_record()
        self.stdout.write(
            f"compliance snapshot of {recorded.day}: {recorded.checks} checks at {recorded.prisons} prisons, "
            f"{recorded.rows} figures recorded"
        )
