"""The assessment worklist as a file (core.exports): the same selection as the page, which reads it
from here too (`worklist_selection`), so the file holds what the page shows and no more."""

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prisons_in_scope
from custodia.core.exports import URGENCY_LABELS, ExportTable
from custodia.core.workflow import of_urgency
from custodia.estate.models import Prison
from custodia.jobs.exporters import as_query

from . import selectors, worklist_filters
from .models import DUE_REASONS
from .selectors import WorkItem


@dataclass
class WorklistSelection:
    prisons: list[Prison]
    prison: Prison | None
    mine: Any
    urgency: str
    items: list[WorkItem]  # of the prison and the "mine" filters: what the counts count
    shown: list[WorkItem]  # and of the urgency chosen: the rows of the page


def worklist_selection(user: Any, query: QueryDict) -> WorklistSelection:
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    chosen = query.get("prison", "")
    prison = next((p for p in prisons if str(p.pk) == chosen), prisons[0] if prisons else None)
    mine = worklist_filters.chosen(query)
    items = selectors.worklist(user=user, prison_id=prison.pk) if prison else []
    items = worklist_filters.of_mine(user, items, mine)
    urgency = query.get("urgency", "")
    return WorklistSelection(prisons, prison, mine, urgency, items, of_urgency(items, urgency))


def worklist_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    shown = worklist_selection(user, as_query(params)).shown
    return ExportTable(
        name="assessment-worklist",
        title=gettext_lazy("Assessments due"),
        columns=[_("Due"), _("Urgency"), _("Number"), _("Name"), _("Instrument"), _("Why"), _("In progress")],
        rows=(
            [
                item.due.on,
                str(URGENCY_LABELS.get(item.urgency, "")),
                item.prisoner.number,
                item.prisoner.display_name,
                str(item.instrument.title),
                str(DUE_REASONS.get(item.due.reason, item.due.reason)),
                item.open_assessment.get_status_display() if item.open_assessment else "",
            ]
            for item in shown
        ),
        count=len(shown),
        filters=params,
        person_column=2,
    )
