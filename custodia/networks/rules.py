"""The network of links between people: pure rules, no database.

A network grows from one or more people outwards, a level at a time: each level asks the link
sources for every link of the people just reached (one question per source and level, never one
per person), keeps the people the reader may see, and stops at the depth asked for or when it
holds as many people as a page can draw."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

MIN_DEPTH, DEFAULT_DEPTH, MAX_DEPTH = 1, 2, 3
# A graph of more people than this is unreadable, and the table under it too long to use.
MAX_PEOPLE = 300
# Nor more links than a table can list: in an overcrowded prison everyone shares a cell with dozens.
MAX_LINKS = 1000


class LinkKind(StrEnum):
    CO_DEFENDANT = "co_defendant"
    CELL_MATE = "cell_mate"
    INCIDENT = "incident"
    INTELLIGENCE = "intelligence"
    NON_ASSOCIATION = "non_association"
    SHARED_CONTACT = "shared_contact"


@dataclass(frozen=True, order=True)
class Link:
    """Two people linked by one record: `a` < `b`, from `start` to `end` (a day each, either unknown)."""

    a: int
    b: int
    kind: LinkKind
    start: date | None = None
    end: date | None = None
    # What the link rests on, as its source names it (a case number, an incident's number).
    ref: str = ""

    def other(self, person: int) -> int:
        return self.b if person == self.a else self.a


def link(x: int, y: int, kind: LinkKind, start: date | None = None, end: date | None = None, ref: str = "") -> Link:
    """A link between two different people, whichever way round they come."""
    if x == y:
        raise ValueError("a person is not linked to themselves")
    a, b = sorted((x, y))
    return Link(a, b, kind, start, end, ref)


def in_period(item: Link, since: date | None, until: date | None) -> bool:
    """Whether the link's period meets the chosen one; a link of unknown dates always does."""
    if since is not None and item.end is not None and item.end < since:
        return False
    return not (until is not None and item.start is not None and item.start > until)


@dataclass
class Expansion:
    depth_of: dict[int, int] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    truncated: bool = False


Neighbours = Callable[[frozenset[int]], Iterable[Link]]
Visible = Callable[[frozenset[int]], frozenset[int]]


def expand(
    centres: Iterable[int], *, depth: int, neighbours: Neighbours, visible: Visible, cap: int = MAX_PEOPLE
) -> Expansion:
    """Breadth first from `centres` to `depth` levels. `neighbours` gives the links of a set of
    people, `visible` which of a set the reader may see: a link to anyone else is left out, so the
    network never tells that a hidden person exists. Past `cap` people, no one more is added and
    the network says it was cut short."""
    if not MIN_DEPTH <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between {MIN_DEPTH} and {MAX_DEPTH}")
    found = Expansion(depth_of={person: 0 for person in centres})
    seen: set[Link] = set()
    frontier = frozenset(found.depth_of)
    for level in range(1, depth + 1):
        if not frontier:
            break
        # Only the links of the people just reached: a source may answer with more.
        candidates = [item for item in neighbours(frontier) if item.a in frontier or item.b in frontier]
        known = found.depth_of.keys()
        shown = visible(frozenset(p for item in candidates for p in (item.a, item.b)) - known) | known
        reached: set[int] = set()
        for item in sorted(candidates):
            ends = {item.a, item.b}
            if not ends <= shown or item in seen:
                continue
            new = ends - found.depth_of.keys()
            if len(found.depth_of) + len(new) > cap or len(found.links) >= MAX_LINKS:
                found.truncated = True
                continue
            for person in new:
                found.depth_of[person] = level
                reached.add(person)
            seen.add(item)
            found.links.append(item)
        frontier = frozenset(reached)
    return found


@dataclass(frozen=True)
class Stay:
    """A person's time in one cell: from a movement into it until their next movement."""

    person: int
    cell: int
    start: datetime
    end: datetime | None


def stays(moves: Iterable[tuple[int, int | None, datetime]]) -> list[Stay]:
    """The cell stays that movements (person, cell moved into or None, when) describe: each stay
    ends at the person's next movement, whatever it is (a cell move, a transfer, a release)."""
    by_person: dict[int, list[tuple[datetime, int | None]]] = {}
    for person, cell, at in moves:
        by_person.setdefault(person, []).append((at, cell))
    found = []
    for person, own in by_person.items():
        own.sort(key=lambda move: move[0])
        for (at, cell), following in zip(own, [*own[1:], None], strict=True):
            if cell is not None:
                found.append(Stay(person, cell, at, following[0] if following else None))
    return found


def cell_mates(of: Iterable[Stay], others: Iterable[Stay]) -> list[Link]:
    """A link for each stay of `others` that shared a cell with a stay of `of` for some time."""
    by_cell: dict[int, list[Stay]] = {}
    for stay in others:
        by_cell.setdefault(stay.cell, []).append(stay)
    # One link a pair, from the first day they shared a cell to the last (open while they still do).
    periods: dict[tuple[int, int], tuple[datetime, datetime | None]] = {}
    for mine in of:
        for theirs in by_cell.get(mine.cell, ()):
            if theirs.person == mine.person:
                continue
            start = max(mine.start, theirs.start)
            ends = [end for end in (mine.end, theirs.end) if end is not None]
            end = min(ends) if len(ends) == 2 else (ends[0] if ends else None)
            if end is not None and start >= end:
                continue
            pair = (min(mine.person, theirs.person), max(mine.person, theirs.person))
            if pair in periods:
                first, last = periods[pair]
                start, end = min(first, start), None if last is None or end is None else max(last, end)
            periods[pair] = (start, end)
    return sorted(
        link(a, b, LinkKind.CELL_MATE, start.date(), end.date() if end else None)
        for (a, b), (start, end) in periods.items()
    )
