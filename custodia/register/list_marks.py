"""Marks that higher apps add beside each person in the lists of people (the index of people,
register/_prisoner_table.html), so that the register draws them without importing the apps that
make them (the layers in docs/architecture.md): the alerts in force, for now.

Each app adds a `MarkSource` in its AppConfig.ready(): called once per page with the reader and
the ids of the people on it, it answers {person id: [Mark, ...]} in a fixed number of queries (one,
whatever the page's length), scoped to what the reader may see; an empty dict when the reader may
not see its marks at all."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Mark:
    label: "StrOrPromise"  # shown in the badge
    title: "StrOrPromise" = ""  # said to screen readers and on hover: "Alert in force since ..."
    css: str = "text-bg-danger"  # the Bootstrap badge class
    key: str = ""  # the code it stands for, as a data attribute for tests and styles


MarkSource = Callable[..., dict[int, list[Mark]]]


class ListMarks:
    def __init__(self) -> None:
        self._sources: dict[str, MarkSource] = {}

    def add(self, key: str, source: MarkSource) -> None:
        self._sources[key] = source

    def for_people(self, *, user: Any, people: Iterable[Any]) -> dict[int, list[Mark]]:
        """Every source's marks of these people (records with a pk), one call per source."""
        ids = [person.pk for person in people]
        marks: dict[int, list[Mark]] = defaultdict(list)
        if not ids:
            return marks
        for _key, source in sorted(self._sources.items()):
            for person_id, found in source(user=user, prisoner_ids=ids).items():
                marks[person_id].extend(found)
        return marks

    def attach(self, *, user: Any, people: Iterable[Any]) -> None:
        """for_people(), set on each record as `list_marks` for the template."""
        people = list(people)
        marks = self.for_people(user=user, people=people)
        for person in people:
            person.list_marks = marks.get(person.pk, [])


LIST_MARKS = ListMarks()
