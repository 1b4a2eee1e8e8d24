"""manage.py audit_keygen --out PATH: a new Ed25519 key pair for signing audit checkpoints.

Writes the private key to PATH (mode 0600) and the public key to PATH.pub; refuses to overwrite
either, since a lost signing key is recoverable (make a new one) but an overwritten one may take
the only copy of a key whose checkpoints still have to be trusted.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodia.core.checkpoints import CheckpointError, generate_key_pair


class Command(BaseCommand):
    help = "Generate an Ed25519 key pair for audit checkpoints: PATH (private, mode 0600) and PATH.pub (public)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, metavar="PATH", help="where to write the private key")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        try:
            public_path, kid = generate_key_pair(out)
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Private key written to {out} (mode 0600), key id {kid}."))
        self.stdout.write(f"Public key written to {public_path}: give it to the auditors (CUSTODIA_AUDIT_VERIFY_KEY).")
        self.stdout.write(
            "Keep the private key away from the database administrators: set CUSTODIA_AUDIT_SIGNING_KEY to its path "
            "only for the account that runs manage.py audit_checkpoint (docs/operations.md, 'Audit checkpoints')."
        )
