"""The incidents list as a file (core.exports): the same selection as the page, which reads it from
here too (`incidents_selection`), so the file holds what the page shows and no more. The page names
no one (the people involved are counted, named only in a report itself), and neither does the file."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import prison_chosen
from custodia.core.exports import Cell, ExportTable
from custodia.estate.models import Prison
from custodia.jobs.exporters import as_query

from . import catalogue, selectors
from .models import Incident


@dataclass
class IncidentsSelection:
    prisons: list[Prison]
    prison: Prison | None  # None: all the user's prisons (a Prison column on the page)
    several: bool
    show: str
    kinds: list[Any]  # the kinds of incident of the current catalogue (the page's filter)
    type_code: str
    incidents: QuerySet[Incident]
    labels: dict[tuple[int, str], str]  # (catalogue version, code): the kind's label


def incidents_selection(user: Any, query: QueryDict) -> IncidentsSelection:
    prisons, prison, several = prison_chosen(user=user, chosen=query.get("prison"))
    show = query.get("show", "")
    show = show if show in selectors.SHOWS else ""
    kinds = list(catalogue.current().types)
    type_code = query.get("type", "")
    type_code = type_code if any(kind.code == type_code for kind in kinds) else ""
    filters = selectors.Filters(prison_id=prison.pk if prison else None, type_code=type_code, show=show)
    incidents = selectors.incident_rows(user=user, filters=filters) if prisons else Incident.objects.none()
    labels = {(v, kind.code): str(kind.label) for v, c in catalogue.catalogues().items() for kind in c.types}
    return IncidentsSelection(prisons, prison, several, show, kinds, type_code, incidents, labels)


def _row(incident: Any, labels: dict[tuple[int, str], str], *, with_prison: bool) -> list[Cell]:
    return [
        incident.pk,
        # A spreadsheet holds no time zone: the local time the page shows.
        timezone.localtime(incident.occurred_at).replace(tzinfo=None),
        *([incident.prison.name] if with_prison else []),
        labels.get((incident.catalogue_version, incident.type_code), incident.type_code),
        _("Serious") if incident.serious else "",
        " · ".join(part for part in (incident.unit.name if incident.unit else "", incident.place) if part),
        incident.people,
        incident.get_status_display(),
    ]


def incidents_export(*, user: Any, params: dict[str, list[str]]) -> ExportTable:
    chosen = incidents_selection(user, as_query(params))
    with_prison = chosen.prison is None
    return ExportTable(
        name="incidents",
        title=gettext_lazy("Incidents"),
        columns=[
            _("Report"),
            _("When"),
            *([_("Prison")] if with_prison else []),
            _("Kind of incident"),
            _("Serious"),
            _("Where"),
            _("People"),
            _("Status"),
        ],
        rows=(_row(incident, chosen.labels, with_prison=with_prison) for incident in chosen.incidents.iterator()),
        count=chosen.incidents.count(),
        filters=params,
    )
