"""Pure rules of non-associations: no database, easy to test."""

from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Level, Reason, Role

T = TypeVar("T")


def non_association_problems(
    *, same_person: bool, level: str, reason: str, role: str, other_role: str, comment: str
) -> dict[str, str]:
    """What is wrong with a new record, by field; {} when it may be opened."""
    problems: dict[str, str] = {}
    if same_person:
        problems["other"] = _("A non-association is between two different people.")
    if level not in Level.values:
        problems["level"] = _("Choose the level.")
    if reason not in Reason.values:
        problems["reason"] = _("Choose the reason.")
    if role not in Role.values:
        problems["role"] = _("Choose the role of the person.")
    if other_role not in Role.values:
        problems["other_role"] = _("Choose the role of the other person.")
    if not comment.strip():
        problems["comment"] = _("Describe the danger and the source of the information.")
    return problems


def in_pair_order(prisoner_id: int, other_id: int, mine: T, theirs: T) -> tuple[T, T]:
    """A value of the person and one of the other person (the people, their roles) in the order
    the pair is stored: the lower id first, whichever file the record is made from."""
    return (mine, theirs) if prisoner_id < other_id else (theirs, mine)


@dataclass(frozen=True)
class Whereabouts:
    """Where a person is held now (ids); None where they are not held, or have no cell."""

    prison: int | None
    unit: int | None
    cell: int | None


def within_reach(level: str, a: Whereabouts, b: Whereabouts) -> bool:
    """Whether two people are as close as a record of `level` forbids: in one cell, one unit or
    one prison. Someone with no cell shares no cell or unit, and someone not held no prison."""
    here, there = {
        Level.CELL: (a.cell, b.cell),
        Level.UNIT: (a.unit, b.unit),
        Level.PRISON: (a.prison, b.prison),
    }[Level(level)]
    return here is not None and here == there


_SHARED_PLACE = {
    Level.CELL: gettext_lazy("%(a)s and %(b)s share a cell now: move one of them."),
    Level.UNIT: gettext_lazy("%(a)s and %(b)s are held in the same unit now: move one of them."),
    Level.PRISON: gettext_lazy("%(a)s and %(b)s are held in the same prison now: transfer one of them."),
}


def shared_place_warnings(level: str, a: Whereabouts, b: Whereabouts, *, numbers: tuple[str, str]) -> list[str]:
    """What a new record tells the user when the pair already shares the place it forbids: a
    danger is recorded at once, and then one of them is moved. [] when they are apart."""
    if not within_reach(level, a, b):
        return []
    return [_SHARED_PLACE[Level(level)] % {"a": numbers[0], "b": numbers[1]}]
