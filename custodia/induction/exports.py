"""The people still awaiting the information sheet as a file (core.exports): the same selection as
the page, which reads it from here too (`awaiting_selection`), so the file holds what the page shows
and no more. Headquarters staff choose a prison first, on the page as for the file."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prison_scope, prisons_in_scope
from custodia.core.exports import ExportTable
from custodia.core.forms import int_or_none
from custodia.estate.models import Prison
from custodia.jobs.exporters import as_query
from custodia.register.models import Prisoner

from . import rules, selectors


@dataclass
class AwaitingSelection:
    prisons: list[Prison]
    prison: Prison | None
    choose: bool  # a nationwide reader who has not chosen a prison: nobody listed
    people: QuerySet[Prisoner]


def awaiting_selection(user: Any, query: QueryDict) -> AwaitingSelection:
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    chosen = int_or_none(query.get("prison"))
    prison = next((p for p in prisons if p.pk == chosen), None)
    choose = prison is None and prison_scope(user) is None
    people = selectors.awaiting_information(user=user, prison_id=prison.pk if prison else None)
    return AwaitingSelection(
        prisons, prison, choose, people.none() if choose else people.select_related("current_prison")
    )


def awaiting_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    people = awaiting_selection(user, as_query(params)).people
    today = timezone.localdate()

    def row(person: Any) -> list[Any]:
        admitted_on = timezone.localdate(person.admitted_at)
        return [
            person.number,
            person.display_name,
            person.current_prison.name if person.current_prison else "",
            admitted_on,
            _("late") if rules.late(admitted_on, today) else "",
        ]

    return ExportTable(
        name="induction-awaiting",
        title=gettext_lazy("Information still to give"),
        columns=[_("Number"), _("Name"), _("Prison"), _("Admitted"), _("Late")],
        rows=(row(person) for person in people.iterator()),
        count=people.count(),
        filters=params,
        person_column=0,
    )
