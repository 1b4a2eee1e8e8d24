"""Other data an instrument can be validated on, offered as links on the validation page: a
higher app (reintegration: new offences and recalls after release) registers in its
AppConfig.ready() a CSV export of its own, with the columns to name in the form."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Source:
    url_name: str  # the CSV export; its view declares its own rights
    title: "StrOrPromise"
    score: str  # the column names to enter in the validation form
    outcome: str
    groups: tuple[str, ...] = ()


class Sources:
    def __init__(self) -> None:
        self._sources: dict[str, Source] = {}

    def add(self, source: Source) -> None:
        self._sources[source.url_name] = source

    def __iter__(self) -> Iterator[Source]:
        return iter(self._sources.values())


VALIDATION_SOURCES = Sources()
