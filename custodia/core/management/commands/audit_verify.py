"""manage.py audit_verify: prove the audit trail is whole (Mandela Rule 6).

First the chain: every event must match its hash, follow its predecessor, and the chain head
must name the last one. Then the signed checkpoints kept outside the database
(custodia.core.checkpoints): every line's signature and the file's own chain must be valid,
every checkpointed event must still have the signed hash (else "Rewrite"), and the trail must
reach the furthest checkpoint (else "Truncation"). Without a checkpoint file it warns and
checks the chain alone. Exit status 0 when all is intact; 1 naming what is not, for cron jobs
and monitoring.

An auditor needs only the public key and a copy of the file:
    manage.py audit_verify --checkpoints COPY.jsonl --verify-key audit.pub

--since-checkpoint checks the checkpoints first, then walks only the events after the latest one
(its signature valid, its event still with the signed hash): seconds instead of a minute on a
national trail, for a run every hour; the full walk stays the daily one.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from custodia.core.audit import chain_head, verify_chain
from custodia.core.checkpoints import Checkpoint, CheckpointError, verify_checkpoints, verify_keys


class Command(BaseCommand):
    help = (
        "Check that no audit event was changed, removed, added or reordered outside the application, and that "
        "the trail still matches every signed checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            action="store_true",
            help="Also print the last event's id and hash.",
        )
        parser.add_argument(
            "--checkpoints",
            metavar="PATH",
            help="checkpoint file to check against (default: CUSTODIA_AUDIT_CHECKPOINTS, var/audit-checkpoints.jsonl)",
        )
        parser.add_argument(
            "--verify-key",
            action="append",
            default=[],
            metavar="PATH",
            help="public key to check signatures with; repeat for keys used before a rotation "
            "(default: CUSTODIA_AUDIT_VERIFY_KEY, else the public half of CUSTODIA_AUDIT_SIGNING_KEY)",
        )

        parser.add_argument(
            "--since-checkpoint",
            action="store_true",
            help="walk only the events after the latest signed checkpoint, once the checkpoints are found intact "
            "(the events before it were whole when it was signed)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["since_checkpoint"]:
            self._since_checkpoint(options)
            return
        report = verify_chain()
        intact = report.ok
        if report.ok:
            self.stdout.write(self.style.SUCCESS(report.message))
            if options["head"]:
                last_id, last_hash = chain_head()
                self.stdout.write(f"Chain head: event {last_id}, sha256 {last_hash}")
        else:
            self.stderr.write(self.style.ERROR(report.message))
            self.stderr.write(f"{report.checked} events before it are intact.")
        # Checked even when the chain is broken: a checkpoint dates when the trail was last whole.
        intact = self._check_checkpoints(options) and intact
        if not intact:
            raise SystemExit(1)

    def _since_checkpoint(self, options: dict[str, Any]) -> None:
        """The checkpoints, then the chain from the latest of them; exit 1 on anything not intact."""
        path = options["checkpoints"] or settings.AUDIT_CHECKPOINTS
        if not path or not Path(path).exists():
            self.stderr.write(
                self.style.ERROR(
                    "--since-checkpoint needs a checkpoint file (CUSTODIA_AUDIT_CHECKPOINTS or --checkpoints); "
                    "there is none, so walk the whole trail: run audit_verify without it."
                )
            )
            raise SystemExit(1)
        intact, latest = self._checkpoints(options)
        if not intact:
            self.stderr.write("The trail was not walked: run audit_verify without --since-checkpoint.")
            raise SystemExit(1)
        since = (latest.last_id, latest.last_hash) if latest is not None else None
        report = verify_chain(since=since)
        if not report.ok:
            self.stderr.write(self.style.ERROR(report.message))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(report.message))
        if options["head"]:
            last_id, last_hash = chain_head()
            self.stdout.write(f"Chain head: event {last_id}, sha256 {last_hash}")

    def _check_checkpoints(self, options: dict[str, Any]) -> bool:
        return self._checkpoints(options)[0]

    def _checkpoints(self, options: dict[str, Any]) -> tuple[bool, Checkpoint | None]:
        """Whether the checkpoint file is intact, and its latest valid checkpoint."""
        path = options["checkpoints"] or settings.AUDIT_CHECKPOINTS
        if not path:
            self.stderr.write(
                self.style.WARNING(
                    "Warning: no checkpoint file is configured (CUSTODIA_AUDIT_CHECKPOINTS), so a rewrite of the whole "
                    "trail with its chain head, or the removal of its last events, would not be found."
                )
            )
            return True, None
        if not Path(path).exists():
            if options["checkpoints"]:
                self.stderr.write(self.style.ERROR(f"The checkpoint file {path} does not exist."))
                return False, None
            self.stderr.write(
                self.style.WARNING(
                    f"Warning: no checkpoint file at {path} yet (take one with manage.py audit_checkpoint), so a "
                    "rewrite of the whole trail with its chain head, or the removal of its last events, would not "
                    "be found."
                )
            )
            return True, None
        try:
            keys = verify_keys(
                verify_key_paths=options["verify_key"] or settings.AUDIT_VERIFY_KEYS,
                signing_key_path=settings.AUDIT_SIGNING_KEY,
            )
            checked = verify_checkpoints(path=path, keys=keys)
        except CheckpointError as exc:
            self.stderr.write(self.style.ERROR(str(exc)))
            return False, None
        if not checked.ok:
            for problem in checked.problems:
                self.stderr.write(self.style.ERROR(problem))
            if checked.more_problems:
                self.stderr.write(f"... and {checked.more_problems} more problems.")
            return False, None
        if checked.latest is None:
            self.stdout.write(f"Checkpoint file {path} holds no checkpoint yet.")
            return True, None
        latest = checked.latest
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoints intact: {checked.checkpoints} signed checkpoints in {path}; the latest, signed at "
                f"{latest.at} with key id {latest.key_id}, saw event {latest.last_id}; every checkpointed event still "
                "has its signed hash."
            )
        )
        return True, latest
