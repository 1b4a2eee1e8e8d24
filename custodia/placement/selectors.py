"""Reads of placement: the fit of every cell for a person, and separation exceptions, always
through the acting user."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from custodia.accounts.access import FILE
from custodia.accounts.selectors import prison_scope, prisons_in_scope
from custodia.classification.queries import approved_level
from custodia.core.rights import right
from custodia.estate.models import Cell, Unit
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner
from custodia.register.selectors import held_where_user_works, in_custody_by_number

from . import rules
from .checks import CellFit, cell_fits
from .models import OverCapacityMove, SeparationException, SeparationExceptionQuerySet

OVERSIGHT = right("view_classification_oversight")
APPROVE = right("approve_separation_exception")
MOVE = right("record_movement")


@dataclass(frozen=True)
class PlacementOverview:
    prisoner: Prisoner
    level: str | None  # the approved classification level's code, None before a first approval
    level_label: str
    exceptions: list[SeparationException]  # in force for the person
    units: list[Unit]  # of the present prison, for the filter
    fits: list[CellFit]  # every cell of the present prison but the person's own, best first


def _movable_prisoner(*, user: User, prisoner_id: int) -> Prisoner:
    """A person the user may move: held where the user works, by a user who records movements."""
    people = held_where_user_works(user=user) if user.has_perm(MOVE) else Prisoner.objects.none()
    return people.select_related("current_prison", "current_cell__unit").get(pk=prisoner_id)


def approved_level_label(prisoner_id: int) -> tuple[str | None, str]:
    code = approved_level(prisoner_id)
    level = next((entry for entry in active_profile().classification.levels if entry.code == code), None)
    return code, str(level.label) if level else (code or "")


def placement_overview(
    *, user: User, prisoner_id: int, unit_id: int | None = None, on: date | None = None
) -> PlacementOverview:
    """The page's content in a fixed number of queries, however many cells the prison has."""
    on = on or timezone.localdate()
    prisoner = _movable_prisoner(user=user, prisoner_id=prisoner_id)
    level, level_label = approved_level_label(prisoner.pk)
    exceptions = list(
        SeparationException.objects.active(on).filter(prisoner=prisoner).select_related("unit", "approved_by")
    )
    prison = prisoner.current_prison
    if prison is None:
        return PlacementOverview(prisoner, level, level_label, exceptions, [], [])
    units = list(Unit.objects.filter(prison=prison).order_by("name"))
    cells = Cell.objects.filter(unit__prison=prison).select_related("unit__prison")
    if prisoner.current_cell_id is not None:
        cells = cells.exclude(pk=prisoner.current_cell_id)
    if unit_id is not None:
        cells = cells.filter(unit_id=unit_id)
    fits = cell_fits(prisoner=prisoner, prison=prison, cells=cells, on=on)
    return PlacementOverview(prisoner, level, level_label, exceptions, units, fits)


def placement_cells(*, user: User, prisoner_id: int) -> list[CellFit]:
    return placement_overview(user=user, prisoner_id=prisoner_id).fits


# --- Separation exceptions -------------------------------------------------------------------


def may_see_exceptions(user: User | AnonymousUser) -> bool:
    """Exceptions name a person, their Rule 11 category and a free-text reason: for directors and
    headquarters who may open files, not for a statistics analyst, whose oversight is aggregates."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm(FILE)
        and (user.has_perm(OVERSIGHT) or user.has_perm(APPROVE))
    )


def _exceptions_in_scope(*, user: User) -> SeparationExceptionQuerySet:
    """Deny by default: for directors (their prisons) and headquarters (everywhere)."""
    if not may_see_exceptions(user):
        return SeparationException.objects.none()
    scope = prison_scope(user)
    qs = SeparationException.objects.all()
    if scope is not None:
        qs = qs.filter(unit__prison__in=scope)
    return qs.select_related("prisoner", "unit__prison", "approved_by", "closed_by")


def exception_list(*, user: User, in_force: bool = True, on: date | None = None) -> SeparationExceptionQuerySet:
    qs = _exceptions_in_scope(user=user)
    return qs.active(on or timezone.localdate()) if in_force else qs


def exceptions_lapsed_in_place(*, user: User, on: date | None = None) -> QuerySet[SeparationException]:
    """Past their end date, not closed, with the person still in the unit: a breach of Rule 11
    that time has made, shown until a director moves the person or grants a new exception."""
    on = on or timezone.localdate()
    return _exceptions_in_scope(user=user).filter(
        Q(valid_until__lt=on), closed_at__isnull=True, prisoner__current_cell__unit=F("unit")
    )


def over_capacity_moves(*, user: User, since: datetime) -> QuerySet[OverCapacityMove]:
    """Moves into a cell over its capacity since a moment, newest first, in the prisons the user
    oversees (everywhere for headquarters): who was moved where, by whom, when and why. For the
    readers of exceptions only: each names a person."""
    if not may_see_exceptions(user):
        return OverCapacityMove.objects.none()
    moves = OverCapacityMove.objects.filter(confirmed_at__gte=since)
    scope = prison_scope(user)
    if scope is not None:
        moves = moves.filter(movement__to_prison__in=scope)
    return moves.select_related("movement__prisoner", "movement__to_cell__unit__prison", "confirmed_by")


def exception_get(*, user: User, exception_id: int) -> SeparationException:
    return _exceptions_in_scope(user=user).get(pk=exception_id)


def exception_subject(*, user: User, number: str) -> Prisoner | None:
    """The person an exception is for, in custody (the service then keeps an exception for someone
    held elsewhere to what a transfer here needs), for a director (see
    register.selectors.in_custody_by_number)."""
    return in_custody_by_number(number) if user.has_perm(APPROVE) else None


def units_for_exceptions(*, user: User) -> QuerySet[Unit]:
    """The units a director may grant exceptions for: those of the prisons where they work."""
    scope = prison_scope(user)
    units = Unit.objects.filter(prison__is_active=True).select_related("prison").order_by("prison__name", "name")
    return units if scope is None else units.filter(prison__in=scope)


@dataclass(frozen=True)
class UnitMix:
    unit: Unit
    rules: list[str]  # the parts of Rule 11 breached, in the rule's order
    people: int

    @property
    def rule_labels(self) -> list[str]:
        return [str(rules.SeparationRule(rule).label) for rule in self.rules]


def units_mixing_categories(*, user: User, prison_id: int, on: date | None = None) -> list[UnitMix]:
    """Units of a prison holding together people whom Rule 11 keeps apart, with no exception in
    force for it. Placements through Custodia are refused such a breach, but a change of legal
    status, a birthday or a placement made before Custodia can create one: it is shown here for
    oversight until someone is moved or an exception is granted, never hidden.

    Two categories breach a rule when someone in each has no exception for it (an exception held
    by either person covers the pair, as in the placement check)."""
    if not prisons_in_scope(user=user).filter(pk=prison_id).exists():
        return []
    on = on or timezone.localdate()
    juvenile_age = active_profile().juvenile_age
    excepted = set(
        SeparationException.objects.active(on).filter(unit__prison_id=prison_id).values_list("prisoner_id", "rule")
    )
    by_unit: dict[int, dict[rules.Categories, list[int]]] = defaultdict(lambda: defaultdict(list))
    for pk, sex, born, born_year, legal, unit_id in (
        Prisoner.objects.on_roll()
        .filter(current_prison_id=prison_id, current_cell__isnull=False)
        .values_list("pk", "sex", "date_of_birth", "birth_year_estimated", "legal_status", "current_cell__unit_id")
    ):
        kind = rules.categories(
            sex=sex,
            date_of_birth=born,
            birth_year_estimated=born_year,
            legal_status=legal,
            on=on,
            juvenile_age=juvenile_age,
        )
        by_unit[unit_id][kind].append(pk)
    mixes = []
    units = Unit.objects.in_bulk([unit_id for unit_id, kinds in by_unit.items() if len(kinds) > 1])
    for unit_id, unit in units.items():
        kinds = by_unit[unit_id]
        breached = {
            rule
            for a, b in combinations(kinds, 2)
            for rule in rules.rules_between(a, b)
            if any((pk, rule) not in excepted for pk in kinds[a]) and any((pk, rule) not in excepted for pk in kinds[b])
        }
        if breached:
            order = list(rules.SeparationRule.values)
            mixes.append(UnitMix(unit, sorted(breached, key=order.index), sum(len(pks) for pks in kinds.values())))
    return sorted(mixes, key=lambda mix: mix.unit.name)
