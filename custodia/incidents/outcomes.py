"""The outcome the local validation of an instrument counts on the service's own records
(assessment.selectors.own_records_dataset): the serious incidents a person took part in as a
perpetrator, from the incident reports themselves. Registered in IncidentsConfig.ready() through
assessment.validation_sources.set_incident_finder, since assessment sits below incidents.

Only a closed report counts: it is the one status of rules.COUNTED a second person has reviewed.
A report awaiting review or returned may still change; a duplicate or a report found not
reportable is kept but never counted. One query, whatever the number of people."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from . import rules
from .models import Involvement


def serious_incident_days(prisoner_ids: "QuerySet[Any, Any]") -> Iterable[tuple[int, date]]:
    rows = Involvement.objects.filter(
        prisoner_id__in=prisoner_ids,
        role=rules.PERPETRATOR,
        incident__status=rules.CLOSED,
        incident__serious=True,
    ).values_list("prisoner_id", "incident__occurred_at")
    return [(prisoner_id, timezone.localdate(at)) for prisoner_id, at in rows if prisoner_id is not None]
