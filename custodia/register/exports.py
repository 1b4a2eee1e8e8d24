"""The index of people as a file (core.exports; custodia.jobs for a large one): the same people as
the page, through the same filter form and the same scoped selector, with what a row of the page
shows and no more. A person no longer held in the reader's prisons keeps only their number, name
and sex, as on the page ("No longer held here")."""

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.core.exports import Cell, ExportTable
from custodia.estate.selectors import active_profile
from custodia.jobs.exporters import as_query

from . import selectors
from .models import Prisoner


def prisoners_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    from .views import list_filters, prisoner_filter_form  # the page's own form and filters

    form = prisoner_filter_form(as_query(params) or None, user=user)
    people = selectors.prisoner_search(user=user, filters=list_filters(form))
    return ExportTable(
        name="prisoners",
        title=gettext_lazy("Prisoners"),
        columns=[
            _("Number"),
            _("Name"),
            _("Sex"),
            _("Legal status"),
            _("Custody status"),
            _("Prison"),
            _("Unit"),
            _("Cell"),
            _("VEP"),
        ],
        rows=_rows(people),
        count=people.count(),
        filters=params,
        person_column=0,
    )


def _rows(people: Sequence[Prisoner] | Any) -> Iterator[list[Cell]]:
    profile = active_profile()
    # A query set is read in chunks, not whole into memory; a ranked search is at most 500 people.
    found = people.iterator(chunk_size=1000) if hasattr(people, "iterator") else people
    p: Any
    for p in found:
        if p.held_elsewhere:
            yield [p.number, p.display_name, p.get_sex_display(), "", "", "", "", "", ""]
            continue
        cell = p.current_cell
        yield [
            p.number,
            p.display_name,
            p.get_sex_display(),
            profile.legal_status_label(p.legal_status),
            p.get_custody_status_display(),
            p.current_prison.name if p.current_prison else "",
            cell.unit.name if cell else "",
            cell.label if cell else "",
            _("Yes") if p.is_vep else "",
        ]
