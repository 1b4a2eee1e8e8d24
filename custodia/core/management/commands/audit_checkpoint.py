"""manage.py audit_checkpoint: sign the audit chain head and append it to the checkpoint file.

Run it on demand and from a timer (docs/operations.md, "Audit checkpoints"). It only reads the
database and locks the checkpoint file while it appends, so it is safe to run at any time, while
the service writes, and several times at once. It refuses to sign a trail that no longer extends
the last checkpoint (truncated or rewritten), and exits 1 then, for monitoring.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodia.core.checkpoints import CheckpointError, load_signing_key, send_to_syslog, take_checkpoint, verify_keys


class Command(BaseCommand):
    help = "Sign a checkpoint of the audit chain head with the private key and append it to the checkpoint file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            metavar="PATH",
            help="checkpoint file (default: CUSTODIA_AUDIT_CHECKPOINTS, var/audit-checkpoints.jsonl)",
        )
        parser.add_argument("--key", metavar="PATH", help="private key (default: CUSTODIA_AUDIT_SIGNING_KEY)")
        parser.add_argument(
            "--syslog", metavar="ADDRESS", help="also send the line to syslog (default: CUSTODIA_AUDIT_SYSLOG, if set)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"] or settings.AUDIT_CHECKPOINTS
        key_path = options["key"] or settings.AUDIT_SIGNING_KEY
        syslog = options["syslog"] or settings.AUDIT_SYSLOG
        if not path:
            raise CommandError("No checkpoint file: set CUSTODIA_AUDIT_CHECKPOINTS or give --file.")
        if not key_path:
            raise CommandError(
                "No signing key: set CUSTODIA_AUDIT_SIGNING_KEY or give --key (create one with manage.py audit_keygen "
                "--out PATH)."
            )
        try:
            signing_key = load_signing_key(key_path)
            # Old public keys, after a rotation, to check the last line before chaining onto it.
            keys = verify_keys(verify_key_paths=settings.AUDIT_VERIFY_KEYS) if settings.AUDIT_VERIFY_KEYS else {}
            signed = take_checkpoint(path=path, signing_key=signing_key, keys=keys)
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        checkpoint = signed.checkpoint
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checkpoint {checkpoint.seq} signed at {checkpoint.at}: event {checkpoint.last_id}, "
                    f"sha256 {checkpoint.last_hash}, key id {checkpoint.key_id}."
                )
            )
            self.stdout.write(f"Appended to {signed.path}.")
        if syslog:
            try:
                send_to_syslog(signed.line, syslog)
            except CheckpointError as exc:
                raise CommandError(
                    f"The checkpoint was written to {signed.path} but not sent to syslog: {exc}"
                ) from exc
            if options["verbosity"] > 0:
                self.stdout.write(f"Sent to syslog at {syslog}.")
