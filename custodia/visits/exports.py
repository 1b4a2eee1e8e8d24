"""The people with no visit or video call as a file (core.exports): the same selection as the page,
which reads it from here too (`no_contact_selection`), so the file holds what the page shows and no
more: each person's number, name and prison."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.core.exports import ExportTable
from custodia.jobs.exporters import as_query
from custodia.register.models import Prisoner

from . import selectors

# The page shows at most so many people (a prompt, not a register).
NO_CONTACT_SHOWN = 500


def no_contact_selection(user: Any, query: QueryDict) -> list[Prisoner]:
    """The page's rows (it has no filters)."""
    return list(selectors.no_contact(user=user).select_related("current_prison")[:NO_CONTACT_SHOWN])


def no_contact_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    people = no_contact_selection(user, as_query(params))
    return ExportTable(
        name="visits-no-contact",
        title=gettext_lazy("No visit or video call"),
        columns=[_("Number"), _("Name"), _("Prison")],
        rows=(
            [person.number, person.display_name, person.current_prison.name if person.current_prison else ""]
            for person in people
        ),
        count=len(people),
        filters=params,
        person_column=0,
    )
