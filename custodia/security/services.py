"""Writes of non-associations, each in one transaction with its audit event.

Opening a record for two people who already share a cell, a unit or a prison is allowed: it is
how a danger is recorded. The record then says so (`warnings`), so that the page tells the user
to move one of them; from then on the placement check refuses any placement that brings them
together.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.estate.models import Cell
from custodia.register.models import Prisoner

from . import selectors
from .models import Level, NonAssociation, Reason, Role


def _ensure_may_manage(actor, *people: Prisoner) -> None:
    if not selectors.user_may_manage(actor):
        raise PermissionDenied(_("You do not have the right to manage non-associations."))
    if not selectors.works_where_held(actor, *people):
        raise PermissionDenied(
            _("Only staff of a prison that holds one of the two people can record or close a non-association.")
        )


def _same_unit(a: Prisoner, b: Prisoner) -> bool:
    if a.current_cell_id is None or b.current_cell_id is None:
        return False
    units = Cell.objects.filter(pk__in=[a.current_cell_id, b.current_cell_id]).values_list("unit", flat=True)
    return len(set(units)) == 1


def _shared_place_warning(a: Prisoner, b: Prisoner, level: str) -> str:
    """The warning for a pair that already shares the place the record forbids, or ''."""
    if level == Level.CELL and a.current_cell_id is not None and a.current_cell_id == b.current_cell_id:
        message = _("%(a)s and %(b)s share a cell now: move one of them.")
    elif level == Level.UNIT and _same_unit(a, b):
        message = _("%(a)s and %(b)s are held in the same unit now: move one of them.")
    elif level == Level.PRISON and a.current_prison_id is not None and a.current_prison_id == b.current_prison_id:
        message = _("%(a)s and %(b)s are held in the same prison now: transfer one of them.")
    else:
        return ""
    return message % {"a": a.number, "b": b.number}


@transaction.atomic
def non_association_open(
    *, actor, prisoner: Prisoner, other: Prisoner, level: str, reason: str, role: str, other_role: str, comment: str
) -> NonAssociation:
    """Record that `prisoner` and `other` must not share a cell, a unit or a prison (`level`).

    Refused when the pair already has an open record (naming it). The returned record carries
    `warnings`: a message when the two already share a place the record forbids."""
    errors: dict[str, str] = {}
    if prisoner.pk == other.pk:
        errors["other"] = _("A non-association is between two different people.")
    if level not in Level.values:
        errors["level"] = _("Choose the level.")
    if reason not in Reason.values:
        errors["reason"] = _("Choose the reason.")
    if role not in Role.values:
        errors["role"] = _("Choose the role of the person.")
    if other_role not in Role.values:
        errors["other_role"] = _("Choose the role of the other person.")
    if not comment.strip():
        errors["comment"] = _("Describe the danger and the source of the information.")
    if errors:
        raise ValidationError(errors)
    # Both rows are locked, lower id first (as every writer of a pair locks them), so that two
    # officers recording the same pair at once cannot both pass the check below.
    people = {
        p.pk: p for p in Prisoner.objects.select_for_update().filter(pk__in=[prisoner.pk, other.pk]).order_by("pk")
    }
    prisoner, other = people[prisoner.pk], people[other.pk]
    _ensure_may_manage(actor, prisoner, other)
    existing = selectors.open_non_association_between(prisoner.pk, other.pk)
    if existing is not None:
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
                    "date": timezone.localtime(existing.opened_at).strftime("%Y-%m-%d"),
                }
            }
        )
    a, b = sorted((prisoner, other), key=lambda p: p.pk)
    role_a, role_b = (role, other_role) if a.pk == prisoner.pk else (other_role, role)
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
        action="non_association.open",
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
    warning = _shared_place_warning(a, b, level)
    record.warnings = [warning] if warning else []
    return record


@transaction.atomic
def non_association_close(*, actor, non_association: NonAssociation, reason: str) -> NonAssociation:
    """Close an open record with the reason; the record stays, with who closed it and when."""
    record = (
        NonAssociation.objects.select_for_update().select_related("prisoner_a", "prisoner_b").get(pk=non_association.pk)
    )
    _ensure_may_manage(actor, record.prisoner_a, record.prisoner_b)
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
        action="non_association.close",
        obj=record,
        changes=audit.changes_of(closed_at=(None, record.closed_at)),
        reason=record.close_reason,
    )
    record.warnings = []
    return record
