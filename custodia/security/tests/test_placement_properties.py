"""Property: no sequence of admissions, cell moves, transfers, releases and readmissions made
through the real services, mixed with non-associations and separation exceptions opened and
closed through theirs, ever leaves
- two people of categories Rule 11 keeps apart in one unit, unless an exception in force for one
  of them, under that part of the rule and in that unit, allows it;
- a man (or a person whose sex is not recorded) in a women's prison, or an adult in a juvenile
  prison, without such an exception;
- both members of an open non-association in one cell (cell level), unit (unit level) or prison
  (prison level), except a pair recorded while already together (allowed: it is how a danger is
  recorded) of whom neither has moved since.
The invariants are read back from the database after every step. Refused steps raise and are
caught. Each example runs in a savepoint rolled back at its end, so examples never leak.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from custodia.accounts import roles
from custodia.estate.models import Cell, Prison, PrisonType
from custodia.estate.tests.factories import CellFactory, PrisonFactory, UnitFactory
from custodia.placement import rules
from custodia.placement import services as placement_services
from custodia.placement.models import SeparationException
from custodia.register import services as register_services
from custodia.register.choices import CustodyStatus, MovementKind
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admission_data
from custodia.security import services as security_services
from custodia.security.models import Level, NonAssociation

pytestmark = pytest.mark.django_db

# Few categories, weighted towards the common ones, so that people who may share a unit meet often.
SEXES = ["male", "male", "male", "female", "female", "unknown"]
LEGAL_STATUSES = ["convicted", "convicted", "under_appeal", "pre_trial", "pre_trial", "civil"]
JUVENILE = [False, False, False, True]
LEVELS = [Level.CELL, Level.UNIT, Level.PRISON]
index = st.integers(min_value=0, max_value=63)
admit = st.tuples(
    st.just("admit"), st.sampled_from(SEXES), st.sampled_from(JUVENILE), st.sampled_from(LEGAL_STATUSES), index
)

# Several people from the start, so that most steps have someone to meet.
population = st.lists(admit, min_size=4, max_size=10)
steps = st.lists(
    st.one_of(
        admit,
        st.tuples(st.just("move"), index, index),
        st.tuples(st.just("transfer"), index, index, st.one_of(st.none(), index)),
        st.tuples(st.just("release"), index),
        st.tuples(st.just("readmit"), index, index, st.one_of(st.none(), index)),
        # The moves most likely to breach: next to someone (in their cell, unit or prison), or next to
        # the other member of one's open non-association.
        st.tuples(st.just("join"), index, index, st.sampled_from(LEVELS)),
        st.tuples(st.just("approach"), index, index, st.sampled_from(LEVELS)),
        st.tuples(st.just("non_association"), index, index, st.sampled_from(LEVELS)),
        st.tuples(st.just("close_non_association"), index),
        st.tuples(st.just("exception"), index, st.sampled_from(rules.SeparationRule.values), index),
        st.tuples(st.just("close_exception"), index),
    ),
    min_size=5,
    max_size=30,
)


@dataclass
class World:
    actor: object
    prisons: list[Prison]
    cells: list[Cell]
    people: list[Prisoner] = field(default_factory=list)
    # Non-associations recorded while the pair was together, until one of them moves.
    tolerated: dict[int, tuple[int, int]] = field(default_factory=dict)

    def cells_of(self, prison_id: int | None) -> list[Cell]:
        return [cell for cell in self.cells if cell.unit.prison_id == prison_id]

    def person(self, i: int) -> Prisoner | None:
        if not self.people:
            return None
        return Prisoner.objects.get(pk=self.people[i % len(self.people)].pk)

    def moved(self, prisoner_id: int) -> None:
        self.tolerated = {pk: pair for pk, pair in self.tolerated.items() if prisoner_id not in pair}


def build_estate(actor) -> World:
    """A closed prison with a high and a medium unit of two cells, a women's and a juvenile prison
    of one cell, a remand prison of two units of one cell."""
    closed = PrisonFactory(prison_type=PrisonType.CLOSED, official_capacity=6)
    women = PrisonFactory(prison_type=PrisonType.WOMEN, official_capacity=2)
    juvenile = PrisonFactory(prison_type=PrisonType.JUVENILE, official_capacity=2)
    remand = PrisonFactory(prison_type=PrisonType.REMAND, official_capacity=4)
    cells_per_unit = [
        (UnitFactory(prison=closed, security_level="high"), 2),
        (UnitFactory(prison=closed, security_level="medium"), 2),
        (UnitFactory(prison=women), 1),
        (UnitFactory(prison=juvenile), 1),
        (UnitFactory(prison=remand), 1),
        (UnitFactory(prison=remand), 1),
    ]
    made = [CellFactory(unit=unit, capacity=2) for unit, count in cells_per_unit for _ in range(count)]
    cells = list(Cell.objects.filter(pk__in=[c.pk for c in made]).select_related("unit__prison").order_by("pk"))
    return World(actor=actor, prisons=[closed, women, juvenile, remand], cells=cells)


def birth(juvenile: bool) -> date:
    today = timezone.localdate()
    return date(today.year - 16, 1, 1) if juvenile else date(1985, 3, 3)


def place(world: World, i: int) -> tuple[Prison, Cell | None]:
    """A cell (most often) or only a prison."""
    slots = len(world.cells) + len(world.prisons)
    i %= slots
    if i < len(world.cells):
        cell = world.cells[i]
        return cell.unit.prison, cell
    return world.prisons[i - len(world.cells)], None


def destination(world: World, prison_i: int, cell_i: int | None) -> tuple[Prison, Cell | None]:
    prison = world.prisons[prison_i % len(world.prisons)]
    cells = world.cells_of(prison.pk)
    return prison, (cells[cell_i % len(cells)] if cell_i is not None else None)


def movement(world: World, prisoner: Prisoner, **data) -> None:
    register_services.movement_record(
        actor=world.actor,
        prisoner=prisoner,
        data=register_services.MovementData(occurred_at=timezone.now(), **data),
    )
    world.moved(prisoner.pk)


def go_next_to(world: World, prisoner: Prisoner, other: Prisoner, level: str) -> None:
    """Into the other's cell, another cell of their unit, or their prison (without a cell)."""
    if other.current_prison_id is None or other.pk == prisoner.pk:
        return
    prison = other.current_prison
    cell = None
    if level != Level.PRISON and other.current_cell_id is not None:
        unit_cells = [c for c in world.cells if c.unit_id == other.current_cell.unit_id]
        cell = other.current_cell if level == Level.CELL else unit_cells[-1]
    if cell is not None and prisoner.current_prison_id == prison.pk:
        if cell.pk != prisoner.current_cell_id:
            movement(world, prisoner, kind=MovementKind.CELL_MOVE, to_cell=cell)
    elif prisoner.current_prison_id is None:
        movement(world, prisoner, kind=MovementKind.ADMISSION, to_prison=prison, to_cell=cell)
    elif prisoner.current_prison_id != prison.pk:
        movement(world, prisoner, kind=MovementKind.TRANSFER, to_prison=prison, to_cell=cell)


def together(a: Prisoner, b: Prisoner, level: str) -> bool:
    if a.current_prison_id is None or b.current_prison_id is None:
        return False
    if level == Level.CELL:
        return a.current_cell_id is not None and a.current_cell_id == b.current_cell_id
    if level == Level.UNIT:
        return (
            a.current_cell_id is not None
            and b.current_cell_id is not None
            and a.current_cell.unit_id == b.current_cell.unit_id
        )
    return a.current_prison_id == b.current_prison_id


def apply(world: World, step: tuple) -> None:
    kind, *args = step
    if kind == "admit":
        sex, juvenile, legal_status, where = args
        prison, cell = place(world, where)
        data = admission_data(
            prison=prison, cell=cell, sex=sex, date_of_birth=birth(juvenile), legal_status=legal_status
        )
        world.people.append(register_services.prisoner_admit(actor=world.actor, data=data))
        return
    if kind == "close_non_association":
        records = list(NonAssociation.objects.filter(closed_at=None).order_by("pk"))
        if records:
            record = records[args[0] % len(records)]
            security_services.non_association_close(actor=world.actor, non_association=record, reason="Done")
            world.tolerated.pop(record.pk, None)
        return
    if kind == "close_exception":
        exceptions = list(SeparationException.objects.filter(closed_at=None).order_by("pk"))
        if exceptions:
            placement_services.separation_exception_close(
                actor=world.actor, exception=exceptions[args[0] % len(exceptions)], reason="Done"
            )
        return
    prisoner = world.person(args[0])
    if prisoner is None:
        return
    if kind == "move":
        cells = world.cells_of(prisoner.current_prison_id)
        if cells:
            movement(world, prisoner, kind=MovementKind.CELL_MOVE, to_cell=cells[args[1] % len(cells)])
    elif kind == "transfer":
        prison, cell = destination(world, args[1], args[2])
        movement(world, prisoner, kind=MovementKind.TRANSFER, to_prison=prison, to_cell=cell)
    elif kind == "release":
        movement(world, prisoner, kind=MovementKind.RELEASE, release_reason="end_of_sentence")
    elif kind == "readmit":
        prison, cell = destination(world, args[1], args[2])
        movement(world, prisoner, kind=MovementKind.ADMISSION, to_prison=prison, to_cell=cell)
    elif kind in ("join", "approach"):
        if kind == "join":
            other = world.person(args[1])
        else:
            records = list(
                NonAssociation.objects.filter(Q(prisoner_a=prisoner) | Q(prisoner_b=prisoner), closed_at=None).order_by(
                    "pk"
                )
            )
            if not records:
                return
            other = Prisoner.objects.get(pk=records[args[1] % len(records)].other_of(prisoner.pk).pk)
        go_next_to(world, prisoner, other, args[2])
    elif kind == "non_association":
        other = world.person(args[1])
        level = args[2]
        opened = security_services.non_association_open(
            actor=world.actor,
            prisoner=prisoner,
            other=other,
            level=level,
            reason="threats",
            role="victim",
            other_role="aggressor",
            comment="Generated",
        )
        a, b = (Prisoner.objects.select_related("current_cell").get(pk=pk) for pk in (prisoner.pk, other.pk))
        assert bool(opened.warnings) == together(a, b, level)  # the page says to move one of them
        if opened.warnings:
            world.tolerated[opened.non_association.pk] = (a.pk, b.pk)
    elif kind == "exception":
        rule, unit_i = args[1], args[2]
        units = sorted({cell.unit for cell in world.cells}, key=lambda unit: unit.pk)
        until = None if unit_i % 3 else timezone.localdate() + timedelta(days=30)
        placement_services.separation_exception_grant(
            actor=world.actor,
            prisoner=prisoner,
            rule=rule,
            unit=units[unit_i % len(units)],
            reason="Generated",
            valid_until=until,
        )


def assert_invariants(world: World) -> None:
    on = timezone.localdate()
    people = list(
        Prisoner.objects.filter(current_prison__isnull=False).select_related("current_prison", "current_cell")
    )
    covered = set(SeparationException.objects.active(on).values_list("prisoner_id", "rule", "unit_id"))
    covered_in_prison = set(
        SeparationException.objects.active(on).values_list("prisoner_id", "rule", "unit__prison_id")
    )
    categories = {
        p.pk: rules.categories(
            sex=p.sex,
            date_of_birth=p.date_of_birth,
            birth_year_estimated=p.birth_year_estimated,
            legal_status=p.legal_status,
            on=on,
            juvenile_age=18,
        )
        for p in people
    }
    by_unit: dict[int, list[Prisoner]] = {}
    for p in people:
        assert p.custody_status != CustodyStatus.RELEASED
        if p.current_cell_id is not None:
            by_unit.setdefault(p.current_cell.unit_id, []).append(p)
    for unit_id, members in by_unit.items():
        for p, q in combinations(members, 2):
            for rule in rules.rules_between(categories[p.pk], categories[q.pk]):
                assert (p.pk, rule, unit_id) in covered or (q.pk, rule, unit_id) in covered, (
                    f"Rule {rule} breached in unit {unit_id} by {p.number} and {q.number} without an exception"
                )
    for p in people:
        for breach in rules.prison_type_breaches(categories[p.pk], p.current_prison.prison_type):
            if p.current_cell_id is not None:
                assert (p.pk, breach.rule, p.current_cell.unit_id) in covered, f"{p.number} in {p.current_prison}"
            else:
                assert (p.pk, breach.rule, p.current_prison_id) in covered_in_prison, (
                    f"{p.number} in {p.current_prison}"
                )
    where = {p.pk: p for p in people}
    for record in NonAssociation.objects.filter(closed_at=None):
        a, b = where.get(record.prisoner_a_id), where.get(record.prisoner_b_id)
        if a is not None and b is not None and together(a, b, record.level):
            assert record.pk in world.tolerated, (
                f"{a.number} and {b.number} together at {record.level} level despite an open non-association"
            )


@pytest.fixture
def actor(make_staff):
    """One nationwide member of staff who admits, moves, records non-associations and approves exceptions,
    so that only the placement rules refuse a step."""
    return make_staff("property-actor", roles.RECEPTION, roles.SECURITY, roles.DIRECTOR, nationwide=True)


@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=population, sequence=steps)
def test_no_sequence_of_placements_breaches_rule_11_or_a_non_association(actor, people, sequence):
    with transaction.atomic():
        world = build_estate(actor)
        for step in people + sequence:
            try:
                apply(world, step)
            except (ValidationError, PermissionDenied):
                event(f"{step[0]}: refused")  # a refused step changes nothing; the invariants below say so too
            else:
                event(f"{step[0]}: done")
            assert_invariants(world)
        transaction.set_rollback(True)
