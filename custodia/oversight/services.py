"""Oversight's one write: the daily snapshot of the compliance monitor (docs/compliance.md).

A snapshot is derived from the register, like an index: recounting the same day gives the same
rows, so it writes no audit event (the changes it counts were each audited where they were made)
and recording a day again replaces that day's rows rather than adding to them."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from custodia.core.replica import reads_from_replica
from custodia.estate.models import Prison

from .compliance.registry import CHECKS
from .models import ComplianceSnapshot


@dataclass(frozen=True)
class Recorded:
    day: date
    prisons: int
    checks: int  # the checks recorded (those not yet recorded are left out)
    rows: int


def compliance_snapshot_record(*, today: date | None = None) -> Recorded:
    """Each check's tally at every prison in use on `today` (today by default), in one
    transaction: all of the day or none of it. Each check counts every prison in a bounded number
    of queries; the rows are written in one statement, replacing the day's rows if the day was
    recorded already. The counting reads from the replica where there is one (core.replica); the
    rows are written on the primary."""
    today = today or timezone.localdate()
    prisons = list(Prison.objects.filter(is_active=True).order_by("pk"))
    checks = [check for check in CHECKS if not check.not_recorded]
    with reads_from_replica():
        snapshots = [
            ComplianceSnapshot(day=today, prison_id=prison_id, check_key=check.key, checked=t.checked, short=t.short)
            for check in checks
            for prison_id, t in check.tallies(prisons=prisons, today=today).items()
        ]
    with transaction.atomic():
        # A check no longer counted since an earlier recording of the day leaves no row behind.
        ComplianceSnapshot.objects.filter(day=today).exclude(check_key__in=[c.key for c in checks]).delete()
        ComplianceSnapshot.objects.bulk_create(
            snapshots,
            update_conflicts=True,
            unique_fields=["day", "prison", "check_key"],
            update_fields=["checked", "short", "recorded_at"],
            batch_size=1000,
        )
    return Recorded(today, len(prisons), len(checks), len(snapshots))
