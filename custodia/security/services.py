"""Writes of non-associations, each in one transaction with its audit event.

Opening a record for two people who already share a cell, a unit or a prison is allowed: it is
how a danger is recorded. The record then says so (`warnings`), so that the page tells the user
to move one of them; from then on the placement check refuses any placement that brings them
together.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.formats import local_date
from custodia.core.refusals import ensure_allowed
from custodia.register.models import Prisoner

from . import rules, selectors
from .models import NonAssociation


def non_association_refusal(actor: User, *people: Prisoner) -> str | None:
    """Why `actor` may not open or close a non-association of the people, or None: staff with the
    right at a prison that holds one of them (headquarters everywhere). The service refuses with
    it; the pages ask it to offer the action only to those it allows."""
    if not selectors.user_may_manage(actor):
        return _("You do not have the right to manage non-associations.")
    if not selectors.works_where_held(actor, *people):
        return _("Only staff of a prison that holds one of the two people can record or close a non-association.")
    return None


def _locked_pair(prisoner: Prisoner, other: Prisoner) -> tuple[Prisoner, Prisoner]:
    """Both people as they are now, with their cells. Both rows are locked, lower id first (as every
    writer of a pair locks them), so that two officers recording the same pair at once cannot
    both pass the check for an open record."""
    people = {
        p.pk: p
        for p in Prisoner.objects.select_for_update(no_key=True, of=("self",))
        .select_related("current_cell")
        .filter(pk__in=[prisoner.pk, other.pk])
        .order_by("pk")
    }
    return people[prisoner.pk], people[other.pk]


def _ensure_none_open(prisoner: Prisoner, other: Prisoner) -> None:
    existing = selectors.open_non_association_between(prisoner.pk, other.pk)
    if existing is None:
        return
    raise ValidationError(
        {
            "other": _(
                "%(a)s and %(b)s already have an open non-association (%(level)s, %(reason)s) recorded on "
                "%(date)s. Close it first to record a different one."
            )
            % {
                "a": prisoner.number,
                "b": other.number,
                "level": existing.get_level_display(),
                "reason": existing.get_reason_display(),
                "date": local_date(timezone.localdate(existing.opened_at)),
            }
        }
    )


@dataclass(frozen=True)
class Opened:
    """A non-association just recorded, with what the page and the API tell the user about it
    (not stored): a message when the two already share a place the record forbids."""

    non_association: NonAssociation
    warnings: list[str]


@transaction.atomic
def non_association_open(
    *,
    actor: User,
    prisoner: Prisoner,
    other: Prisoner,
    level: str,
    reason: str,
    role: str,
    other_role: str,
    comment: str,
) -> Opened:
    """Record that `prisoner` and `other` must not share a cell, a unit or a prison (`level`).

    Refused when the pair already has an open record (naming it)."""
    problems = rules.non_association_problems(
        same_person=prisoner.pk == other.pk,
        level=level,
        reason=reason,
        role=role,
        other_role=other_role,
        comment=comment,
    )
    if problems:
        raise ValidationError(problems)
    prisoner, other = _locked_pair(prisoner, other)
    ensure_allowed(non_association_refusal(actor, prisoner, other))
    _ensure_none_open(prisoner, other)
    a, b = rules.in_pair_order(prisoner.pk, other.pk, prisoner, other)
    role_a, role_b = rules.in_pair_order(prisoner.pk, other.pk, role, other_role)
    record = NonAssociation.objects.create(
        prisoner_a=a,
        prisoner_b=b,
        level=level,
        reason=reason,
        role_a=role_a,
        role_b=role_b,
        comment=comment.strip(),
        authorised_by=actor,
        opened_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action=AuditAction.NON_ASSOCIATION_OPEN,
        obj=record,
        changes={
            "prisoner_a": [None, a.pk],
            "prisoner_b": [None, b.pk],
            "level": [None, level],
            "reason": [None, reason],
            "role_a": [None, role_a],
            "role_b": [None, role_b],
        },
        reason=record.comment,
    )
    warnings = rules.shared_place_warnings(
        level, selectors.whereabouts(a), selectors.whereabouts(b), numbers=(a.number, b.number)
    )
    return Opened(record, warnings)


@transaction.atomic
def non_association_close(*, actor: User, non_association: NonAssociation, reason: str) -> NonAssociation:
    """Close an open record with the reason; the record stays, with who closed it and when."""
    record = (
        NonAssociation.objects.select_for_update(no_key=True)
        .select_related("prisoner_a", "prisoner_b")
        .get(pk=non_association.pk)
    )
    ensure_allowed(non_association_refusal(actor, record.prisoner_a, record.prisoner_b))
    if record.closed_at is not None:
        raise ValidationError({"reason": _("This non-association is already closed.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for closing the non-association.")})
    record.closed_at = timezone.now()
    record.closed_by = actor
    record.close_reason = reason.strip()
    record.save(update_fields=["closed_at", "closed_by", "close_reason"])
    audit.record(
        actor=actor,
        action=AuditAction.NON_ASSOCIATION_CLOSE,
        obj=record,
        changes=audit.changes_of(closed_at=(None, record.closed_at)),
        reason=record.close_reason,
    )
    return record
