"""The classification reviews as a file (core.exports): the same selection as the page, which
reads it from here too (`reviews_selection`), so the file holds what the page shows and no more."""

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prison_chosen
from custodia.core.exports import URGENCY_LABELS, ExportTable
from custodia.core.workflow import of_urgency
from custodia.estate.models import Prison
from custodia.jobs.exporters import as_query

from . import queries, selectors
from .presenters import level_label


@dataclass
class ReviewsSelection:
    prisons: list[Prison]
    several: bool  # the user works at several prisons (or nationally): "all my prisons" is offered
    prison: Prison | None
    urgency: str
    items: list[queries.ReviewItem]  # at the prison chosen, or all of the user's
    shown: list[queries.ReviewItem]  # and of the urgency chosen: the rows of the page


def reviews_selection(user: Any, query: QueryDict) -> ReviewsSelection:
    prisons, prison, several = prison_chosen(user=user, chosen=query.get("prison"))
    items = selectors.reviews_due(user=user, prison_id=prison.pk if prison else None) if prisons else []
    urgency = query.get("urgency", "")
    return ReviewsSelection(prisons, several, prison, urgency, items, of_urgency(items, urgency))


def reviews_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    shown = reviews_selection(user, as_query(params)).shown
    return ExportTable(
        name="classification-reviews",
        title=gettext_lazy("Classification reviews"),
        columns=[_("Due"), _("Urgency"), _("Number"), _("Name"), _("Level in force"), _("Prison"), _("Why")],
        rows=(
            [
                item.due.on,
                str(URGENCY_LABELS.get(item.urgency, "")),
                item.decision.prisoner.number,
                item.decision.prisoner.display_name,
                str(level_label(item.decision.approved_level)) if item.decision.approved_level else "",
                item.decision.prisoner.current_prison.name if item.decision.prisoner.current_prison else "",
                str(getattr(item, "reason_label", item.due.reason)),
            ]
            for item in shown
        ),
        count=len(shown),
        filters=params,
        person_column=2,
    )
