"""The open non-associations as a file (core.exports): the same selection as the page, which reads
it from here too (`non_associations_selection`), so the file holds what the page shows and no more.
A record joins two people: the file has a row for each of them, naming the other, so that each
person it holds is in its column of numbers (and in the export's audit event). Of a person held
where the reader does not work, the file holds the number alone, as the page shows it."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.core.exports import Cell, ExportTable
from custodia.jobs.exporters import as_query

from . import selectors
from .models import NonAssociation


def non_associations_selection(user: Any, query: QueryDict) -> QuerySet[NonAssociation]:
    """The page's rows: the open records of the people held where the user works (no filters)."""
    return selectors.open_non_associations(user=user)


def _rows(user: Any, records: QuerySet[NonAssociation]) -> Iterator[list[Cell]]:
    for record in records.iterator():
        pair = (record.prisoner_a, record.prisoner_b)
        for person, other in (pair, pair[::-1]):
            held_here = selectors.works_where_held(user, person)
            cell = person.current_cell if held_here else None
            yield [
                record.pk,
                person.number,
                person.display_name if held_here else _("held elsewhere"),
                cell.unit.name if cell else "",
                other.number,
                record.get_level_display(),
                record.get_reason_display(),
                timezone.localdate(record.opened_at),
                record.authorised_by.get_username(),
            ]


def non_associations_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    records = non_associations_selection(user, as_query(params))
    return ExportTable(
        name="non-associations",
        title=gettext_lazy("Open non-associations"),
        columns=[
            _("Non-association"),
            _("Number"),
            _("Name"),
            _("Unit"),
            _("Keep apart from"),
            _("Keep them apart"),
            _("Reason"),
            _("Recorded"),
            _("Authorised by"),
        ],
        rows=_rows(user, records),
        count=2 * records.count(),
        filters=params,
        person_column=1,
    )
