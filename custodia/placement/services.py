"""Writes of placement, each in one transaction with its audit event: separation exceptions and
the cell moves chosen on the placement page.

An exception is requested and approved in one step by a prison director of the unit's prison:
the director is the one who decides (principle 1), and the record says who, when and why. A cell
move into a cell over its capacity is made with a reason and the officer's confirmation, and
listed for the director.
"""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import works_at
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.formats import local_date
from custodia.core.refusals import ensure_allowed
from custodia.core.rights import right
from custodia.estate.models import Cell, Unit
from custodia.estate.selectors import active_profile
from custodia.register import services as register_services
from custodia.register.choices import MovementKind
from custodia.register.models import Movement, Prisoner
from custodia.register.selectors import NOT_IN_CUSTODY

from . import rules
from .checks import ProblemKind, placement_problems
from .models import OverCapacityMove, SeparationException
from .rules import SeparationRule

APPROVE = right("approve_separation_exception")


def exception_refusal(actor: User, unit: Unit | None = None) -> str | None:
    """Why `actor` may not grant or close a separation exception for the unit (for any unit when
    none is named: whether to offer granting one at all), or None: a prison director of the unit's
    prison. The service refuses with it; the pages ask it to offer the action only to those it allows."""
    if not (actor and actor.is_authenticated and actor.has_perm(APPROVE)):
        return _("Only a prison director can approve an exception to the separation of categories.")
    if unit is not None and not works_at(actor, unit.prison):
        return _("You can only approve exceptions for a unit of a prison where you work.")
    return None


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
    *, actor: User, prisoner: Prisoner, rule: str, unit: Unit, reason: str, valid_until: date | None = None
) -> SeparationException:
    """Allow `prisoner` to be held in `unit` beside people of another category under one part of
    Rule 11, for the reason given, until `valid_until` (or until closed)."""
    ensure_allowed(exception_refusal(actor, unit))
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
    open_ones = SeparationException.objects.select_for_update(no_key=True).filter(
        prisoner=prisoner, rule=rule, unit=unit, closed_at__isnull=True
    )
    for existing in open_ones:
        ended_on = existing.valid_until
        # An open exception without an end date is in force (is_active says so too).
        if existing.is_active(today) or ended_on is None:
            raise ValidationError(
                {"rule": _("An exception for this person, this part of Rule 11 and this unit is already in force.")}
            )
        # Past its end date: closed now, so that the new decision is the one on record.
        existing.closed_at, existing.closed_by = timezone.now(), actor
        existing.close_reason = _("Ended on %(date)s; replaced by a new exception.") % {"date": local_date(ended_on)}
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
        action=AuditAction.SEPARATION_EXCEPTION_GRANT,
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
    prison = person.current_prison
    if prison is None or prison.pk != exception.unit.prison_id:
        return set()
    problems = placement_problems(prisoner=person, prison=prison, cell=person.current_cell)
    return {
        (p.rule, other)
        for p in problems
        if p.blocking and p.kind == ProblemKind.SEPARATION and p.rule == exception.rule
        for other in (p.others or ("",))
    }


@transaction.atomic
def separation_exception_close(*, actor: User, exception: SeparationException, reason: str) -> SeparationException:
    """Close an exception with the reason. Refused while the person is held where the exception is
    what allows them to be beside people of another category (or in a prison of another type):
    move them first, so that closing a record never leaves a breach of Rule 11 behind."""
    exception = (
        SeparationException.objects.select_for_update(no_key=True).select_related("unit__prison").get(pk=exception.pk)
    )
    ensure_allowed(exception_refusal(actor, exception.unit))
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
        action=AuditAction.SEPARATION_EXCEPTION_CLOSE,
        obj=exception,
        changes=audit.changes_of(closed_at=(None, exception.closed_at)),
        reason=exception.close_reason,
    )
    return exception


@transaction.atomic
def cell_move(
    *,
    actor: User,
    prisoner: Prisoner,
    cell: Cell,
    reason: str = "",
    version: int | None = None,
    over_capacity_confirmed: bool = False,
) -> Movement:
    """Move a person to a cell of the prison holding them (the register records the movement,
    through the one placement check). Into a cell over its capacity only with a reason and the
    officer's confirmation (rules.over_capacity_problems): then the move is recorded for the
    director too, with the cell's count and capacity."""
    movement = register_services.movement_record(
        actor=actor,
        prisoner=prisoner,
        data=register_services.MovementData(
            kind=MovementKind.CELL_MOVE, occurred_at=timezone.now(), to_cell=cell, reason=reason, version=version
        ),
    )
    # Counted after the move, inside the transaction that holds the prison (movement_record locks
    # it): a refusal below rolls the movement back.
    occupants = Prisoner.objects.filter(current_cell=cell).count()
    if problems := rules.over_capacity_problems(
        occupants=occupants, capacity=cell.capacity, reason=reason, confirmed=over_capacity_confirmed
    ):
        raise ValidationError(problems)
    if occupants > cell.capacity:
        _over_capacity_record(actor, movement, occupants=occupants, capacity=cell.capacity, reason=reason.strip())
    return movement


def _over_capacity_record(actor: User, movement: Movement, *, occupants: int, capacity: int, reason: str) -> None:
    record = OverCapacityMove.objects.create(
        movement=movement,
        occupants=occupants,
        capacity=capacity,
        reason=reason,
        confirmed_by=actor,
        confirmed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CELL_OVER_CAPACITY,
        obj=movement.prisoner,
        changes={
            "cell": [None, movement.to_cell_id],
            "occupants": [None, record.occupants],
            "capacity": [None, record.capacity],
            "confirmed": [None, True],
        },
        reason=reason,
    )
