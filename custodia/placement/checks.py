"""THE placement check: one function that every placement of a person in a prison, a unit or a
cell goes through, whoever places them and from wherever.

Callers, now and in later issues:
- register.services.prisoner_admit (admission, into a cell or only a prison);
- register.services.movement_record (cell move, transfer, return after escape, readmission);
- the placement page and the API's fit list (placement.selectors), to show the same answer
  before the choice;
- activity allocation (programmes.services.participation_allocate, and its suitability verdicts)
  calls `group_problems` with the people already taking part; visit booking (a later issue) MUST
  call `placement_problems` with the prison of the visit, so that a non-association or a
  separation rule is never breached outside the cells.

A problem is `blocking` when the placement must be refused:
- a breach of Nelson Mandela Rule 11 (men and women, untried and convicted, civil and criminal,
  young and adult) in the unit, or of the prison's type (a women's or juvenile prison), without a
  documented exception in force (models.SeparationException);
- what a constraint registered by a higher app refuses (`add_constraint`): security adds open
  non-associations with someone in the same cell, unit or prison (security.placement).
The others are warnings, shown before the choice and never refusing: an overcrowded cell (an
overcrowded service cannot refuse a person a place), a unit whose security level does not suit
the person's approved classification, a woman placed outside the women's estate.

Everything is read in a fixed number of queries, for one place (`placement_problems`) or for
every cell of a prison (`cell_fits`); the decision itself is made in memory by the pure rules
of rules.py.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from custodia.classification.queries import approved_level
from custodia.core.formats import local_date
from custodia.estate.models import Cell, Prison, Unit
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner
from custodia.register.placing import CellVerdict

from . import rules
from .models import SeparationException

# How many other people's numbers a message names before saying how many more there are.
NAMED_OTHERS = 5


class ProblemKind(models.TextChoices):
    CAPACITY = "capacity", gettext_lazy("Capacity")
    SEPARATION = "separation", gettext_lazy("Separation of categories")
    NON_ASSOCIATION = "non_association", gettext_lazy("Non-association")
    UNIT_LEVEL = "unit_level", gettext_lazy("Security level of the unit")
    GENDER = "gender", gettext_lazy("Gender-specific needs")


@dataclass(frozen=True)
class Problem:
    kind: str
    blocking: bool
    message: str  # in the user's language, naming the rule or the reason
    rule: str = ""  # the part of Rule 11, for a separation problem
    others: tuple[str, ...] = ()  # the numbers of the other people concerned, never their names
    exception: SeparationException | None = None  # the exception that allowed it, if any
    record_id: int | None = None  # the record of a registered constraint that forbids it (a non-association)


class PlacementConstraint(Protocol):
    """A rule a higher app adds to every placement check (registered in its AppConfig.ready(),
    so that placement imports no app above it).

    `load` reads what the rule needs about one person, in a fixed number of queries whatever
    the number of places checked; `problems` decides for one place from what was loaded, without
    a query."""

    def load(self, prisoner: Prisoner) -> Any: ...

    def problems(
        self, loaded: Any, *, prisoner: Prisoner, prison: Prison, unit: Unit | None, cell: Cell | None
    ) -> list[Problem]: ...

    def group_problems(
        self, loaded: Any, *, prisoner: Prisoner, prison: Prison, unit: Unit | None, members: frozenset[int]
    ) -> list[Problem]:
        """The same for joining a group activity with `members` (their ids), held together in
        `unit` (or somewhere in `prison`)."""
        ...


_CONSTRAINTS: list[PlacementConstraint] = []


def add_constraint(constraint: PlacementConstraint) -> None:
    if constraint not in _CONSTRAINTS:
        _CONSTRAINTS.append(constraint)


@dataclass(frozen=True)
class _Occupant:
    pk: int
    number: str
    cell_id: int
    unit_id: int
    categories: rules.Categories


@dataclass
class _Situation:
    """What the checks read about a person and a prison."""

    prisoner: Prisoner
    categories: rules.Categories
    prison: Prison
    on: date
    occupants_by_unit: dict[int, list[_Occupant]] = field(default_factory=dict)
    in_cell: Counter = field(default_factory=Counter)
    prison_population: int | None = None
    constraints: list[tuple[PlacementConstraint, Any]] = field(default_factory=list)  # each with what it loaded
    exceptions: list[SeparationException] = field(default_factory=list)
    suited_unit_levels: list[str] | None = None  # None: no approved classification
    level_label: str = ""


def _categories_of(person: Prisoner, on: date, juvenile_age: int) -> rules.Categories:
    return rules.categories(
        sex=person.sex,
        date_of_birth=person.date_of_birth,
        birth_year_estimated=person.birth_year_estimated,
        legal_status=person.legal_status,
        on=on,
        juvenile_age=juvenile_age,
    )


def _load(*, prisoner: Prisoner, prison: Prison, unit_ids: list[int] | None, on: date, cells: bool) -> _Situation:
    """unit_ids: the units whose occupants matter ([] for none, None for every unit of the prison)."""
    profile = active_profile()
    situation = _Situation(
        prisoner=prisoner, categories=_categories_of(prisoner, on, profile.juvenile_age), prison=prison, on=on
    )
    if unit_ids != []:
        occupants = Prisoner.objects.filter(current_prison=prison, current_cell__isnull=False)
        if unit_ids is not None:
            occupants = occupants.filter(current_cell__unit_id__in=unit_ids)
        if prisoner.pk is not None:
            occupants = occupants.exclude(pk=prisoner.pk)
        rows = occupants.values_list(
            "pk",
            "number",
            "sex",
            "date_of_birth",
            "birth_year_estimated",
            "legal_status",
            "current_cell_id",
            "current_cell__unit_id",
        )
        by_unit: dict[int, list[_Occupant]] = defaultdict(list)
        for pk, number, sex, born, born_year, legal_status, cell_id, unit_id in rows:
            categories = rules.categories(
                sex=sex,
                date_of_birth=born,
                birth_year_estimated=born_year,
                legal_status=legal_status,
                on=on,
                juvenile_age=profile.juvenile_age,
            )
            by_unit[unit_id].append(_Occupant(pk, number, cell_id, unit_id, categories))
            situation.in_cell[cell_id] += 1
        situation.occupants_by_unit = by_unit
    else:
        population = Prisoner.objects.filter(current_prison=prison)
        if prisoner.pk is not None:
            population = population.exclude(pk=prisoner.pk)
        situation.prison_population = population.count()
    situation.constraints = [(constraint, constraint.load(prisoner)) for constraint in _CONSTRAINTS]
    situation.exceptions = list(
        SeparationException.objects.active(on).filter(unit__prison=prison).select_related("approved_by")
    )
    if cells and prisoner.pk is not None:
        level = approved_level(prisoner.pk)
        framework = profile.classification
        known = {entry.code: entry for entry in framework.levels}
        if level in known:
            situation.suited_unit_levels = list(known[level].unit_security_levels)
            situation.level_label = str(known[level].label)
    return situation


def _numbers(numbers: list[str]) -> str:
    if len(numbers) <= NAMED_OTHERS:
        return ", ".join(numbers)
    return _("%(numbers)s and %(count)s more") % {
        "numbers": ", ".join(numbers[:NAMED_OTHERS]),
        "count": len(numbers) - NAMED_OTHERS,
    }


def _exception_for(
    s: _Situation, prisoner_id: int | None, rule: str, unit_id: int | None
) -> SeparationException | None:
    """An exception in force for the person under this part of Rule 11, in this unit (or, without a
    unit, in any unit of the prison)."""
    for exception in s.exceptions:
        if exception.prisoner_id == prisoner_id and exception.rule == rule:
            if unit_id is None or exception.unit_id == unit_id:
                return exception
    return None


def _allowed(rule: str, exception: SeparationException, others: list[str]) -> Problem:
    values = {
        "rule": rules.rule_text(rule),
        "approver": exception.approved_by.get_username(),
        "date": local_date(timezone.localdate(exception.approved_at)),
        "reason": exception.reason,
    }
    if others:
        message = _(
            "Allowed by an exception to %(rule)s approved by %(approver)s on %(date)s (%(reason)s): %(others)s."
        )
        values["others"] = _numbers(others)
    else:
        message = _("Allowed by an exception to %(rule)s approved by %(approver)s on %(date)s (%(reason)s).")
    return Problem(
        ProblemKind.SEPARATION, False, message % values, rule=rule, others=tuple(others), exception=exception
    )


def _prison_type_problems(s: _Situation, unit: Unit | None) -> list[Problem]:
    problems = []
    for breach in rules.prison_type_breaches(s.categories, s.prison.prison_type):
        exception = _exception_for(s, s.prisoner.pk, breach.rule, unit.pk if unit else None)
        if exception is not None:
            problems.append(_allowed(breach.rule, exception, []))
            continue
        if s.prison.prison_type == rules.WOMEN_PRISON:
            message = _("Refused under %(rule)s: %(prison)s is a women's prison.")
        else:
            message = _("Refused under %(rule)s: %(prison)s is a juvenile prison.")
        problems.append(
            Problem(
                ProblemKind.SEPARATION,
                True,
                message % {"rule": rules.rule_text(breach.rule), "prison": s.prison.name},
                rule=breach.rule,
            )
        )
    return problems


def _separation_problems(s: _Situation, unit: Unit) -> list[Problem]:
    occupants = s.occupants_by_unit.get(unit.pk, [])
    refused: dict[str, list[str]] = defaultdict(list)
    allowed: dict[tuple[str, int], list[str]] = defaultdict(list)
    exceptions: dict[int, SeparationException] = {}
    for breach in rules.separation_breaches(s.categories, ((o, o.categories) for o in occupants)):
        other = breach.other
        # Either person's exception covers the pair: it allows that person among the others.
        exception = _exception_for(s, s.prisoner.pk, breach.rule, unit.pk) or _exception_for(
            s, other.pk, breach.rule, unit.pk
        )
        if exception is None:
            refused[breach.rule].append(other.number)
        else:
            exceptions[exception.pk] = exception
            allowed[(breach.rule, exception.pk)].append(other.number)
    problems = [
        Problem(
            ProblemKind.SEPARATION,
            True,
            _("Refused under %(rule)s: %(unit)s holds %(others)s.")
            % {"rule": rules.rule_text(rule), "unit": unit.name, "others": _numbers(numbers)},
            rule=rule,
            others=tuple(numbers),
        )
        for rule, numbers in refused.items()
    ]
    problems += [_allowed(rule, exceptions[pk], numbers) for (rule, pk), numbers in allowed.items()]
    return problems


def _constraint_problems(s: _Situation, unit: Unit | None, cell: Cell | None) -> list[Problem]:
    return [
        problem
        for constraint, loaded in s.constraints
        for problem in constraint.problems(loaded, prisoner=s.prisoner, prison=s.prison, unit=unit, cell=cell)
    ]


def _warnings(s: _Situation, unit: Unit | None, cell: Cell | None) -> list[Problem]:
    problems = []
    if cell is not None:
        count = s.in_cell[cell.pk] + 1
        if count > cell.capacity:
            problems.append(
                Problem(
                    ProblemKind.CAPACITY,
                    False,
                    ngettext(
                        "Overcrowded: cell %(cell)s would hold %(count)s person for a capacity of %(capacity)s.",
                        "Overcrowded: cell %(cell)s would hold %(count)s people for a capacity of %(capacity)s.",
                        count,
                    )
                    % {"cell": cell.label, "capacity": cell.capacity, "count": count},
                )
            )
    elif s.prison_population is not None and s.prison_population + 1 > s.prison.official_capacity:
        problems.append(
            Problem(
                ProblemKind.CAPACITY,
                False,
                ngettext(
                    "Overcrowded: %(prison)s would hold %(count)s person for an official capacity of %(capacity)s.",
                    "Overcrowded: %(prison)s would hold %(count)s people for an official capacity of %(capacity)s.",
                    s.prison_population + 1,
                )
                % {"prison": s.prison.name, "capacity": s.prison.official_capacity, "count": s.prison_population + 1},
            )
        )
    if unit is not None and s.suited_unit_levels is not None and unit.security_level not in s.suited_unit_levels:
        problems.append(
            Problem(
                ProblemKind.UNIT_LEVEL,
                False,
                _("The unit's security level (%(unit_level)s) does not suit the approved classification (%(level)s).")
                % {
                    "unit_level": active_profile().security_level_label(unit.security_level) or "—",
                    "level": s.level_label,
                },
            )
        )
    if s.categories.sex == "female" and s.prison.prison_type != rules.WOMEN_PRISON:
        problems.append(
            Problem(
                ProblemKind.GENDER,
                False,
                _(
                    "A woman placed outside the women's estate: women are held, as far as possible, in women's "
                    "prisons (Nelson Mandela Rule 11(a)), with what women's specific needs require (Bangkok Rule 5)."
                ),
            )
        )
    return problems


def _problems_at(s: _Situation, *, unit: Unit | None, cell: Cell | None) -> list[Problem]:
    problems = _prison_type_problems(s, unit)
    if unit is not None:
        problems += _separation_problems(s, unit)
    problems += _constraint_problems(s, unit, cell)
    problems += _warnings(s, unit, cell)
    return sorted(problems, key=lambda problem: not problem.blocking)  # refusals first, in their order


def placement_problems(
    *, prisoner: Prisoner, prison: Prison, unit: Unit | None = None, cell: Cell | None = None, on: date | None = None
) -> list[Problem]:
    """Everything that speaks against placing `prisoner` in `prison` (in `unit`, in `cell`), as
    the database stands: refusals (`blocking`) first, then warnings. With only a prison, what
    depends on a unit or a cell is checked when the person is given a cell.

    `prisoner` may be a person not yet saved (an admission being checked); the person's own
    present place never counts against them."""
    on = on or timezone.localdate()
    if cell is not None:
        unit = cell.unit
    situation = _load(
        prisoner=prisoner, prison=prison, unit_ids=[unit.pk] if unit is not None else [], on=on, cells=unit is not None
    )
    return _problems_at(situation, unit=unit, cell=cell)


@dataclass(frozen=True)
class CellFit:
    cell: Cell
    occupants: int
    problems: list[Problem]

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.blocking]

    @property
    def fits(self) -> bool:
        return not self.blocking

    @property
    def free(self) -> int:
        return self.cell.capacity - self.occupants

    @property
    def over_capacity(self) -> bool:
        """The cell would hold more than its capacity: a move there needs a reason and a confirmation."""
        return any(p.kind == ProblemKind.CAPACITY for p in self.problems)

    @property
    def unit_level_suits(self) -> bool:
        return not any(p.kind == ProblemKind.UNIT_LEVEL for p in self.problems)

    def rank(self) -> tuple:
        """Best first: no refusal; then fewest warnings (an exception that allows a placement counts as
        one); then a unit suited to the classification; then most free places."""
        return (
            bool(self.blocking),
            len(self.warnings),
            not self.unit_level_suits,
            -self.free,
            self.cell.unit.name,
            self.cell.label,
        )


def cell_fits(*, prisoner: Prisoner, prison: Prison, cells: Iterable[Cell], on: date | None = None) -> list[CellFit]:
    """The fit check of each cell (cells of `prison`, with their unit), best first, in a fixed
    number of queries however many cells and people the prison holds."""
    on = on or timezone.localdate()
    situation = _load(prisoner=prisoner, prison=prison, unit_ids=None, on=on, cells=True)
    fits = [
        CellFit(
            cell=cell, occupants=situation.in_cell[cell.pk], problems=_problems_at(situation, unit=cell.unit, cell=cell)
        )
        for cell in cells
    ]
    return sorted(fits, key=CellFit.rank)


def placement_refusals(prisoner: Prisoner, prison: Prison, cell: Cell | None) -> list[str]:
    """The refusals of the check, for the register's admissions and movements (register.placing)."""
    return [
        problem.message
        for problem in placement_problems(prisoner=prisoner, prison=prison, cell=cell)
        if problem.blocking
    ]


def cell_verdicts(prisoner: Prisoner, prison: Prison, cells: Iterable[Cell]) -> list[CellVerdict]:
    """The refusals of the check for each cell, best first, for the register's admission (register.placing)."""
    return [
        CellVerdict(fit.cell, fit.occupants, [problem.message for problem in fit.blocking])
        for fit in cell_fits(prisoner=prisoner, prison=prison, cells=cells)
    ]


def group_problems(
    *, prisoner: Prisoner, prison: Prison, members: Iterable[Prisoner], unit: Unit | None = None, on: date | None = None
) -> list[Problem]:
    """What speaks against `prisoner` joining a group activity with `members` (the people already
    taking part) in `unit`, the venue (or somewhere in `prison`): Rule 11 between the person and
    each member, allowed by the same exceptions as in a unit, and what the registered constraints
    refuse with the members (security: an open non-association). Refusals first, then warnings.
    A fixed number of queries, whatever the number of members."""
    on = on or timezone.localdate()
    situation = _load(prisoner=prisoner, prison=prison, unit_ids=[], on=on, cells=False)
    juvenile_age = active_profile().juvenile_age
    # Without a venue the group meets somewhere in the prison: an exception for any unit allows it.
    place = unit if unit is not None else Unit(prison=prison, name=prison.name)
    members = [member for member in members if member.pk != prisoner.pk]
    situation.occupants_by_unit = {
        place.pk: [_Occupant(m.pk, m.number, 0, 0, _categories_of(m, on, juvenile_age)) for m in members]
    }
    ids = frozenset(member.pk for member in members)
    problems = _separation_problems(situation, place)
    problems += [
        problem
        for constraint, loaded in situation.constraints
        for problem in constraint.group_problems(loaded, prisoner=prisoner, prison=prison, unit=unit, members=ids)
    ]
    return sorted(problems, key=lambda problem: not problem.blocking)
