"""The staff list as a file (core.exports): the same selection as the page, which reads it from here
too (`staff_selection`), so the file holds what the page shows and no more: name, service number,
rank, post and prison. Staff, not people in custody: the export's audit event lists no prisoner."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prisons_in_scope
from custodia.core.exports import ExportTable
from custodia.jobs.exporters import as_query

from . import forms, selectors
from .models import StaffMember


@dataclass
class StaffSelection:
    form: forms.StaffFilterForm
    staff: QuerySet[StaffMember]


def staff_selection(user: Any, query: QueryDict) -> StaffSelection:
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    form = forms.StaffFilterForm(query or None, prisons=prisons)
    return StaffSelection(form, selectors.staff_list(user=user, **form.filters()).select_related("prison"))


def staff_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    staff = staff_selection(user, as_query(params)).staff
    return ExportTable(
        name="training-staff",
        title=gettext_lazy("Staff"),
        columns=[_("Family name"), _("Given name"), _("Service number"), _("Rank"), _("Post"), _("Prison")],
        rows=(
            [
                member.family_name,
                member.given_name,
                member.service_number,
                member.rank,
                member.get_post_display(),
                member.prison.name if member.prison else _("Headquarters"),
            ]
            for member in staff.iterator()
        ),
        count=staff.count(),
        filters=params,
    )
