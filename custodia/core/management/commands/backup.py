"""manage.py backup: a consistent snapshot of the live database in one archive, while the service runs.

    manage.py backup                                  # var/backups/custodia-YYYYmmdd-HHMMSS.tar.gz
    manage.py backup --output /mnt/offsite/           # a directory: the default name inside it
    manage.py backup --passphrase-file /etc/custodia/backup.key   # encrypted with age: .age.tar

The passphrase is read from a file or from an environment variable named here, never given on
the command line, where other users' `ps` and the shell history would show it.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from custodia.core.backup import MIN_PASSPHRASE, BackupError, create_backup, read_passphrase


def add_passphrase_arguments(parser: CommandParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--passphrase-file", metavar="FILE", help="file holding the passphrase (first line)")
    group.add_argument(
        "--passphrase-env", metavar="VAR", help="name of the environment variable holding the passphrase"
    )


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the live database (SQLite online backup API or pg_dump) with a manifest "
        "into one archive, plus a .sha256 file beside it; optionally encrypted with a passphrase (age)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="archive file to write (never overwritten), or a directory for the default name "
            "(default: var/backups/custodia-YYYYmmdd-HHMMSS.tar.gz on SQLite, .tar on PostgreSQL, "
            ".age.tar when encrypted)",
        )
        add_passphrase_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        say = self.stdout.write if options["verbosity"] > 0 else (lambda message: None)
        try:
            passphrase = read_passphrase(
                file=options["passphrase_file"], env=options["passphrase_env"], warn=self.stderr.write
            )
            if passphrase is not None and len(passphrase) < MIN_PASSPHRASE:
                raise BackupError(
                    f"The passphrase is shorter than {MIN_PASSPHRASE} characters: too easy to guess for an archive "
                    "of prisoners' files."
                )
            result = create_backup(output=options["output"], passphrase=passphrase, progress=say)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(f"The database cannot be read: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Backup written: {result.path} ({result.size:,} bytes)")
            + f"\nSHA-256: {result.sha256}"
            + f"\nChecksum file: {result.path}.sha256"
            + ("\nEncrypted: keep the passphrase apart from the archive." if passphrase else "")
        )
