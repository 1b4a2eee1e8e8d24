"""The people falling short of one check at one prison as a file (core.exports; custodia.jobs for
a long list): the same people as the page (compliance_page.compliance_people), read through the
check's own `people`, which lists only those the reader may open. Registered in
OversightConfig.ready() under PEOPLE_LIST; its parameters are the check's key and the prison, which
the page takes from its address."""

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prisons_in_scope
from custodia.core.exports import Cell, ExportTable
from custodia.core.forms import int_or_none
from custodia.core.rights import right
from custodia.register.models import Prisoner

from .compliance.registry import check_of

PEOPLE_LIST = "compliance-people"


def _row(person: Prisoner, prison_id: int) -> list[Cell]:
    cell = person.current_cell if person.current_prison_id == prison_id else None
    return [person.number, person.display_name, cell.unit.name if cell else ""]


def people_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    check = check_of((params.get("check") or [""])[0])
    prison_id = int_or_none((params.get("prison") or [""])[0])
    prison = prisons_in_scope(user=user).filter(pk=prison_id).first() if prison_id is not None else None
    if check is None or prison is None or not user.has_perm(right("view_prisoner_file")):
        raise Http404(_("No such list."))
    people = check.people(user=user, prison=prison, today=timezone.localdate()).select_related("current_cell__unit")
    count = people.count()
    return ExportTable(
        name=PEOPLE_LIST,
        title=gettext_lazy("Falling short of a rule"),
        columns=[_("Number"), _("Name"), _("Unit")],
        rows=(_row(person, prison.pk) for person in people.iterator(chunk_size=500)),
        count=count,
        filters=params,
        person_column=0,
    )
