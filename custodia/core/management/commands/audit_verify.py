"""manage.py audit_verify: prove the audit trail is whole (Mandela Rule 6).

Exit status 0 when every event matches its hash, follows its predecessor and the chain head
names the last one; 1 with the first broken link otherwise, for cron jobs and monitoring.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from custodia.core.audit import chain_head, verify_chain


class Command(BaseCommand):
    help = "Check that no audit event was changed, removed, added or reordered outside the application."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            action="store_true",
            help="Also print the last event's id and hash, to write down outside the database.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            self.stderr.write(self.style.ERROR(report.message))
            self.stderr.write(f"{report.checked} events before it are intact.")
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(report.message))
        if options["head"]:
            last_id, last_hash = chain_head()
            self.stdout.write(f"Chain head: event {last_id}, sha256 {last_hash}")
