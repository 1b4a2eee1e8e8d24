"""The sentence plans worklist as a file (core.exports): the same selection as the page, which
reads it from here too (`worklist_selection`), so the file holds what the page shows and no more."""

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

from . import selectors
from .selectors import PlanDue


@dataclass
class WorklistSelection:
    prisons: list[Prison]
    prison: Prison | None
    urgency: str
    items: list[PlanDue]  # at the prison chosen: what the counts count
    shown: list[PlanDue]  # and of the urgency chosen: the rows of the page


def worklist_selection(user: Any, query: QueryDict) -> WorklistSelection:
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    chosen = query.get("prison", "")
    prison = next((p for p in prisons if str(p.pk) == chosen), prisons[0] if prisons else None)
    items = selectors.worklist(user=user, prison_id=prison.pk) if prison else []
    urgency = query.get("urgency", "")
    return WorklistSelection(prisons, prison, urgency, items, of_urgency(items, urgency))


def worklist_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    from .templatetags.plan_labels import plan_due_reason

    shown = worklist_selection(user, as_query(params)).shown
    return ExportTable(
        name="plans-worklist",
        title=gettext_lazy("Sentence plans due"),
        columns=[_("Due"), _("Urgency"), _("Number"), _("Name"), _("Why"), _("Plan")],
        rows=(
            [
                item.due.on,
                str(URGENCY_LABELS.get(item.urgency, "")),
                item.prisoner.number,
                item.prisoner.display_name,
                plan_due_reason(item.due.reason),
                _("Version %(number)s: %(status)s")
                % {"number": item.plan.number, "status": item.plan.get_status_display()}
                if item.plan
                else "",
            ]
            for item in shown
        ),
        count=len(shown),
        filters=params,
        person_column=2,
    )
