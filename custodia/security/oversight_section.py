"""The non-associations section of the separation oversight page (placement/oversight.html
includes security/oversight_section.html with this context)."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User

from custodia.core import audit

from . import selectors

SHOWN = 200


def context_for(*, user: User, since: datetime, days: int) -> dict[str, Any]:
    """Records opened or closed since `since` in the reader's prisons; None (withheld) without the
    right. Each person named has the read in their file's log."""
    if not user.has_perm(selectors.VIEW):
        return {"non_associations": None, "days": days}
    records = list(selectors.non_associations_changed_since(user=user, since=since)[:SHOWN])
    people = {person for record in records for person in (record.prisoner_a, record.prisoner_b)}
    audit.record_reads(actor=user, objs=sorted(people, key=lambda p: p.pk), reason="separation oversight")
    return {"non_associations": records, "days": days}
