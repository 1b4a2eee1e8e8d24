"""The restrictive measures in force as a file (core.exports): the same selection as the page, which
reads it from here too (`measures_selection`), so the file holds what the page shows and no more."""

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prison_chosen
from custodia.core.exports import URGENCY_LABELS, Cell, ExportTable
from custodia.estate.models import Prison
from custodia.jobs.exporters import as_query

from . import selectors
from .choices import MeasureStatus
from .selectors import Row


@dataclass
class MeasuresSelection:
    prisons: list[Prison]
    prison: Prison | None  # None: all the user's prisons (a Prison column on the page)
    several: bool  # more than one prison to choose from
    show: str  # one list of work (selectors.SHOWS), "" for every measure in force
    rows: list[Row]


def measures_selection(user: Any, query: QueryDict) -> MeasuresSelection:
    prisons, prison, several = prison_chosen(user=user, chosen=query.get("prison"))
    show = query.get("show", "")
    show = show if show in selectors.SHOWS else ""
    rows = selectors.rows(user=user, prison_id=prison.pk if prison else None, show=show) if prisons else []
    return MeasuresSelection(prisons, prison, several, show, rows)


def _row(row: Row, *, with_prison: bool) -> list[Cell]:
    m = row.measure
    running = m.status == MeasureStatus.IN_FORCE
    cell = m.prisoner.current_cell if running else None
    visit = "" if not row.visit_due else _("Done") if row.visited_today else _("Not yet")
    return [
        m.prisoner.number,
        m.prisoner.display_name,
        *([m.prison.name] if with_prison else []),
        f"{cell.unit.name} · {cell.label}" if cell else "",
        m.get_kind_display(),
        _("Solitary confinement") if m.solitary else "",
        m.get_status_display(),
        row.day,
        None if m.ended_on else m.ends_on,
        m.ended_on,
        row.review_due_on,
        str(URGENCY_LABELS.get(row.review_urgency, "")),
        visit,
        row.missed,
        row.pending_appeals,
    ]


def measures_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    chosen = measures_selection(user, as_query(params))
    with_prison = chosen.prison is None
    return ExportTable(
        name="measures",
        title=gettext_lazy("Restrictive measures in force"),
        columns=[
            _("Number"),
            _("Name"),
            *([_("Prison")] if with_prison else []),
            _("Cell"),
            _("Measure"),
            _("Solitary confinement"),
            _("Status"),
            _("Days"),
            _("Planned end"),
            _("Ended"),
            _("Next review"),
            _("Review"),
            _("Health-care visit today"),
            _("Days missed"),
            _("Appeals awaiting a decision"),
        ],
        rows=(_row(row, with_prison=with_prison) for row in chosen.rows),
        count=len(chosen.rows),
        filters=params,
        person_column=0,
    )
