"""Other data an instrument can be validated on, offered as links on the validation page: a
higher app (reintegration: new offences and recalls after release) registers in its
AppConfig.ready() a CSV export of its own, with the columns to name in the form.

And the outcome of the validation on the service's own records (selectors.own_records_dataset):
the serious incidents each person took part in as a perpetrator. They are the incidents app's
records, which sits above assessment: it registers its finder here (set_incident_finder) in its
AppConfig.ready(); without one the validation fails loudly rather than count no incident at all."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Given the ids of people (a subquery), the day of each serious incident that counts as an outcome
# for one of them, as (prisoner id, day) pairs; a person may have several, a day may repeat.
IncidentFinder = Callable[["QuerySet[Any, Any]"], Iterable[tuple[int, date]]]
_incident_finder: list[IncidentFinder] = []


def set_incident_finder(finder: IncidentFinder) -> None:
    _incident_finder[:] = [finder]


def incident_days(prisoner_ids: "QuerySet[Any, Any]") -> Iterable[tuple[int, date]]:
    if not _incident_finder:
        raise ImproperlyConfigured("No incident finder is registered: the incidents app registers it in its ready().")
    return _incident_finder[0](prisoner_ids)


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
