"""The restrictions of family contact to review as a file (core.exports): the same selection as the
page, which reads it from here too (`reviews_selection`), so the file holds what the page shows and
no more: when the review is due, the person, the contact's name and the restriction's end."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.core.exports import ExportTable
from custodia.jobs.exporters import as_query

from . import selectors
from .models import Restriction


def reviews_selection(user: Any, query: QueryDict) -> list[Restriction]:
    """The page's rows (it has no filters): the director's reviews due, soonest first."""
    return list(selectors.restrictions_to_review(user=user).order_by("review_on", "id"))


def reviews_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    due = reviews_selection(user, as_query(params))
    return ExportTable(
        name="contact-reviews",
        title=gettext_lazy("Restrictions of family contact to review"),
        columns=[_("Review by"), _("Number"), _("Name"), _("Contact"), _("Until")],
        rows=(
            [
                restriction.review_on,
                restriction.contact.prisoner.number,
                restriction.contact.prisoner.display_name,
                restriction.contact.name,
                restriction.ends_on,
            ]
            for restriction in due
        ),
        count=len(due),
        filters=params,
        person_column=1,
    )
