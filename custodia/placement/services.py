"""Writes of separation exceptions, each in one transaction with its audit event.

An exception is requested and approved in one step by a prison director of the unit's prison:
the director is the one who decides (principle 1), and the record says who, when and why.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.access import right
from custodia.accounts.selectors import works_at
from custodia.core import audit
from custodia.estate.models import Unit
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner
from custodia.register.selectors import NOT_IN_CUSTODY

from . import rules
from .checks import ProblemKind, placement_problems
from .models import SeparationException
from .rules import SeparationRule

APPROVE = right("approve_separation_exception")


def _ensure_may_approve(actor, unit: Unit) -> None:
    if not (actor and actor.is_authenticated and actor.has_perm(APPROVE)):
        raise PermissionDenied(_("Only a prison director can approve an exception to the separation of categories."))
    if not works_at(actor, unit.prison):
        raise PermissionDenied(_("You can only approve exceptions for a unit of a prison where you work."))


def _before_arrival(prisoner: Prisoner, rule: str, unit: Unit, today: date) -> bool:
    person = rules.categories(
        sex=prisoner.sex,
        date_of_birth=prisoner.date_of_birth,
        birth_year_estimated=prisoner.birth_year_estimated,
        legal_status=prisoner.legal_status,
        on=today,
        juvenile_age=active_profile().juvenile_age,
    )
    return rules.may_except_before_arrival(person, unit.prison.prison_type, rule)


@transaction.atomic
def separation_exception_grant(
    *, actor, prisoner: Prisoner, rule: str, unit: Unit, reason: str, valid_until: date | None = None
) -> SeparationException:
    """Allow `prisoner` to be held in `unit` beside people of another category under one part of
    Rule 11, for the reason given, until `valid_until` (or until closed)."""
    _ensure_may_approve(actor, unit)
    errors: dict[str, str] = {}
    if rule not in SeparationRule.values:
        errors["rule"] = _("Choose the part of Rule 11.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the exception.")
    today = timezone.localdate()
    if valid_until is not None and valid_until < today:
        errors["valid_until"] = _("The end date cannot be in the past.")
    if prisoner.current_prison_id is None:
        errors["prisoner"] = str(NOT_IN_CUSTODY)
    elif prisoner.current_prison_id != unit.prison_id and not _before_arrival(prisoner, rule, unit, today):
        errors["prisoner"] = _(
            "This person is not held in the prison of this unit. For a person held elsewhere, an exception is "
            "granted only for a part of Rule 11 that keeps them out of this prison altogether, before a transfer."
        )
    if errors:
        raise ValidationError(errors)
    open_ones = SeparationException.objects.select_for_update().filter(
        prisoner=prisoner, rule=rule, unit=unit, closed_at__isnull=True
    )
    for existing in open_ones:
        if existing.is_active(today):
            raise ValidationError(
                {"rule": _("An exception for this person, this part of Rule 11 and this unit is already in force.")}
            )
        # Past its end date: closed now, so that the new decision is the one on record.
        existing.closed_at, existing.closed_by = timezone.now(), actor
        existing.close_reason = _("Ended on %(date)s; replaced by a new exception.") % {
            "date": existing.valid_until.isoformat()
        }
        existing.save(update_fields=["closed_at", "closed_by", "close_reason"])
    now = timezone.now()
    exception = SeparationException.objects.create(
        prisoner=prisoner,
        rule=rule,
        unit=unit,
        reason=reason.strip(),
        requested_by=actor,
        approved_by=actor,
        approved_at=now,
        valid_until=valid_until,
    )
    audit.record(
        actor=actor,
        action="separation_exception.grant",
        obj=exception,
        changes={
            "prisoner": [None, prisoner.pk],
            "rule": [None, rule],
            "unit": [None, unit.pk],
            "valid_until": [None, valid_until.isoformat() if valid_until else None],
        },
        reason=exception.reason,
    )
    return exception


def _uncovered(exception: SeparationException) -> set[tuple[str, str]]:
    """The breaches of the exception's rule that the check finds for its holder where they are now,
    as (rule, other person's number) pairs ("" for a breach of the prison's type)."""
    person = Prisoner.objects.select_related("current_prison", "current_cell__unit").get(pk=exception.prisoner_id)
    if person.current_prison_id != exception.unit.prison_id:
        return set()
    problems = placement_problems(prisoner=person, prison=person.current_prison, cell=person.current_cell)
    return {
        (p.rule, other)
        for p in problems
        if p.blocking and p.kind == ProblemKind.SEPARATION and p.rule == exception.rule
        for other in (p.others or ("",))
    }


@transaction.atomic
def separation_exception_close(*, actor, exception: SeparationException, reason: str) -> SeparationException:
    """Close an exception with the reason. Refused while the person is held where the exception is
    what allows them to be beside people of another category (or in a prison of another type):
    move them first, so that closing a record never leaves a breach of Rule 11 behind."""
    exception = SeparationException.objects.select_for_update().select_related("unit__prison").get(pk=exception.pk)
    _ensure_may_approve(actor, exception.unit)
    if exception.closed_at is not None:
        raise ValidationError({"reason": _("This exception is already closed.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for closing the exception.")})
    before = _uncovered(exception)
    exception.closed_at, exception.closed_by, exception.close_reason = timezone.now(), actor, reason.strip()
    exception.save(update_fields=["closed_at", "closed_by", "close_reason"])
    # Checked after the close, inside the transaction: the refusal rolls the close back.
    if not _uncovered(exception) <= before:
        raise ValidationError(
            {
                "reason": _(
                    "The person is still held where only this exception allows them to be: move them before closing it."
                )
            }
        )
    audit.record(
        actor=actor,
        action="separation_exception.close",
        obj=exception,
        changes=audit.changes_of(closed_at=(None, exception.closed_at)),
        reason=exception.close_reason,
    )
    return exception
