"""manage.py restore ARCHIVE: replace the live database with a backup, after checking everything.

Before anything is replaced: the archive's .sha256 file, decryption, the manifest, the
snapshot's sha256, the database vendor and migrations, and the audit chain of a staged copy.
Then a safety backup of the live database is written, and the live database is replaced in one
transaction. Any failure before that leaves the live database as it was.
"""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from custodia.core.backup import BackupError, StagedRestore, read_passphrase, restore_backup, staged_restore

from .backup import add_passphrase_arguments


class Command(BaseCommand):
    help = (
        "Check a backup archive completely (checksums, decryption, manifest, audit chain of a staged copy) and "
        "only then replace the live database with it. Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the archive written by manage.py backup")
        add_passphrase_arguments(parser)
        parser.add_argument("--yes", action="store_true", help="replace without asking (for scripts)")
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="run every check, including the audit chain of a staged copy, and replace nothing "
            "(the monthly restore test)",
        )
        parser.add_argument(
            "--no-safety-backup",
            action="store_true",
            help="do not back up the live database before replacing it (only when the disk cannot hold it)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        say = self.stdout.write if options["verbosity"] > 0 else (lambda message: None)
        self._no_safety_backup = options["no_safety_backup"]
        # Refuse before the long checks: a script that forgot --yes should fail at once.
        if not (options["yes"] or options["check_only"] or sys.stdin.isatty()):
            raise CommandError(
                "Not replacing the live database without confirmation: this is not an interactive terminal. "
                "Pass --yes to restore from a script, or --check-only to check the archive. "
                "The live database was not changed."
            )
        try:
            passphrase = read_passphrase(
                file=options["passphrase_file"], env=options["passphrase_env"], warn=self.stderr.write
            )
            archive = Path(options["archive"])
            if options["check_only"]:
                with staged_restore(archive, passphrase=passphrase, progress=say) as staged:
                    self._describe(staged)
                self.stdout.write(self.style.SUCCESS("The archive passed every check. Nothing was replaced."))
                return
            staged = restore_backup(
                archive,
                passphrase=passphrase,
                confirm=lambda staged: options["yes"] or self._confirm(staged),
                safety_backup=not options["no_safety_backup"],
                progress=say,
            )
        except BackupError as exc:
            # Every check runs before the replacement, and the replacement is one transaction
            # that rolls back on failure: whatever failed, the live database is as it was.
            raise CommandError(f"{exc} The live database was not changed.") from exc
        except DatabaseError as exc:
            raise CommandError(f"The database cannot be reached: {exc} The live database was not changed.") from exc
        self.stdout.write(self.style.SUCCESS(f"Restored the snapshot of {staged.manifest['created_at']}."))
        for note in staged.notes:
            self.stdout.write(f"Note: {note}")

    def _describe(self, staged: StagedRestore) -> None:
        for line in staged.describe():
            self.stdout.write(line)

    def _confirm(self, staged: StagedRestore) -> bool:
        self._describe(staged)
        kept = (
            "no safety backup will be made (--no-safety-backup)"
            if self._no_safety_backup
            else "a safety backup of the live database is written first"
        )
        self.stdout.write(
            self.style.WARNING(
                f"Every change made since this snapshot will be replaced by it ({kept}). "
                "Stop the application server first."
            )
        )
        try:
            answer = input("Type 'restore' to replace the live database: ")
        except EOFError:
            return False
        return answer.strip().lower() == "restore"
