"""The home page: each member of staff lands on the work of their roles.

Core draws the page without knowing the roles or the apps that count the work (the layers of
docs/architecture.md). Accounts, which knows the roles, adds one `Part` per role in its
AppConfig.ready(), saying who holds it; each app adds, in its own ready(), the `Item`s it counts
for the roles it serves. An item's counts are worked out by that app's selectors, scoped to the
acting user, and each comes with the filtered list behind it: the page only renders them.

A user with several roles sees the part of each; an item two of their roles share is shown once,
in the first of them."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.urls import reverse

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Count:
    """A number of things to do or to know, and where they are listed."""

    number: int
    label: "StrOrPromise"  # what is counted: "Court hearings today"
    url: str  # the filtered list behind the count
    where: str = ""  # the prison counted, for a user who works at several
    urgent: bool = False  # overdue, past due or over capacity: shown as such


def link(name: str, *args: Any, **query: Any) -> str:
    """The address of a list with its filters: link("register:prisoner_list", hearing="today")."""
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


@dataclass(frozen=True)
class Part:
    """One role's part of the page."""

    key: str  # the role
    order: int  # smaller first
    title: "StrOrPromise"
    held_by: Callable[[Any], bool]
    note: str = ""  # a template shown below the counts, for what is not counted


@dataclass(frozen=True)
class Item:
    key: str
    parts: tuple[str, ...]  # the roles whose part shows it
    order: int  # smaller first within a part
    counts: Callable[[Any], Sequence[Count]]  # called with the user; empty where they may not know


@dataclass(frozen=True)
class Shown:
    """A part as one user sees it."""

    title: str
    counts: list[Count]
    note: str


class HomePage:
    def __init__(self) -> None:
        self._parts: dict[str, Part] = {}
        self._items: dict[str, Item] = {}

    def add_part(self, part: Part) -> None:
        self._parts[part.key] = part

    def add(self, item: Item) -> None:
        self._items[item.key] = item

    def parts_for(self, user: Any) -> list[Shown]:
        """The parts of the roles the user holds, in order, each with its items' counts."""
        held = sorted((p for p in self._parts.values() if p.held_by(user)), key=lambda p: (p.order, p.key))
        items = sorted(self._items.values(), key=lambda item: (item.order, item.key))
        counted: set[str] = set()
        shown = []
        for part in held:
            counts: list[Count] = []
            for item in items:
                if part.key in item.parts and item.key not in counted:
                    counted.add(item.key)
                    counts.extend(item.counts(user))
            shown.append(Shown(str(part.title), counts, part.note))
        return shown


HOME = HomePage()
