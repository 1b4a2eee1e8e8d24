"""The release planning worklist as a file (core.exports): the same selection as the page, which
reads it from here too (`worklist_selection`), so the file holds what the page shows and no more:
its two tables, the release plans to open and the follow-ups after release, one row each."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prisons_in_scope
from custodia.core.exports import URGENCY_LABELS, Cell, ExportTable
from custodia.estate.models import Prison
from custodia.jobs.exporters import as_query

from . import selectors


@dataclass
class WorklistSelection:
    prisons: list[Prison]
    prison: Prison | None
    work: selectors.Worklist


def worklist_selection(user: Any, query: QueryDict) -> WorklistSelection:
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    chosen = query.get("prison", "")
    prison = next((p for p in prisons if str(p.pk) == chosen), prisons[0] if prisons else None)
    work = selectors.worklist(user=user, prison_id=prison.pk) if prison else selectors.Worklist([], [])
    return WorklistSelection(prisons, prison, work)


def _rows(work: selectors.Worklist) -> Iterator[list[Cell]]:
    for opening in work.openings:
        yield [
            _("Release plan to open"),
            opening.opens_on,
            str(URGENCY_LABELS.get(opening.urgency, "")),
            opening.prisoner.number,
            opening.prisoner.display_name,
            opening.release_on,
            None,
            None,
        ]
    for follow_up in work.follow_ups:
        yield [
            _("Follow-up after release"),
            follow_up.due.on,
            str(URGENCY_LABELS.get(follow_up.urgency, "")),
            follow_up.prisoner.number,
            follow_up.prisoner.display_name,
            None,
            follow_up.released_on,
            follow_up.due.months,
        ]


def worklist_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    work = worklist_selection(user, as_query(params)).work
    return ExportTable(
        name="release-planning",
        title=gettext_lazy("Release planning"),
        columns=[
            _("List"),
            _("Due"),
            _("Urgency"),
            _("Number"),
            _("Name"),
            _("Expected release"),
            _("Released"),
            _("Months after release"),
        ],
        rows=_rows(work),
        count=len(work.openings) + len(work.follow_ups),
        filters=params,
        person_column=3,
    )
