"""The alerts in force as a file (core.exports): the same selection as the page, which reads it from
here too (`alerts_selection`), so the file holds what the page shows and no more: the codes the
reader may not see are left out of both (selectors.alerts_visible)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prison_chosen
from custodia.core.exports import Cell, ExportTable
from custodia.core.profiles import AlertCode
from custodia.estate.models import Prison
from custodia.jobs.exporters import as_query

from . import selectors
from .models import Alert


@dataclass
class AlertsSelection:
    prisons: list[Prison]
    prison: Prison | None  # None: all the user's prisons (a Prison column on the page)
    several: bool
    codes: list[AlertCode]  # the codes the reader may see (the page's filter)
    code: str
    alerts: QuerySet[Alert]
    labels: dict[str, str]  # each code's label, in the reader's language


def alerts_selection(user: Any, query: QueryDict) -> AlertsSelection:
    prisons, prison, several = prison_chosen(user=user, chosen=query.get("prison"))
    codes = selectors.visible_codes(user)
    code = query.get("code", "")
    code = code if code in {entry.code for entry in codes} else ""
    alerts = (
        selectors.alert_list(
            user=user, filters=selectors.AlertFilters(prison=prison.pk if prison else None, code=code, active=True)
        )
        if prisons
        else Alert.objects.none()
    )
    labels = {entry.code: str(entry.label) for entry in codes}
    return AlertsSelection(prisons, prison, several, codes, code, alerts, labels)


def _row(alert: Alert, labels: dict[str, str], *, with_prison: bool) -> list[Cell]:
    person = alert.prisoner
    cell = person.current_cell
    prison = person.current_prison or alert.prison
    return [
        person.number,
        person.display_name,
        *([prison.name if prison else ""] if with_prison else []),
        f"{cell.unit.name} · {cell.label}" if cell else "",
        labels.get(alert.code, alert.code),
        alert.active_from,
        alert.active_to,
        alert.set_by.get_full_name() or alert.set_by.get_username(),
    ]


def alerts_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    chosen = alerts_selection(user, as_query(params))
    with_prison = chosen.prison is None
    return ExportTable(
        name="alerts",
        title=gettext_lazy("Alerts in force"),
        columns=[
            _("Number"),
            _("Name"),
            *([_("Prison")] if with_prison else []),
            _("Cell"),
            _("Alert"),
            _("From"),
            _("Planned end"),
            _("Set by"),
        ],
        rows=(
            _row(alert, chosen.labels, with_prison=with_prison)
            for alert in chosen.alerts.select_related("prisoner__current_prison").iterator()
        ),
        count=chosen.alerts.count(),
        filters=params,
        person_column=0,
    )
