"""Alerts on the file over HTTP: the alerts in scope, one alert, set one, end one.

Handlers parse, call one selector or service, and answer. Reads go through the scoped selectors
(the right to see alerts, the prisons, and the codes: a restricted code is never revealed to a user
who may not see it, not in a list, a count, a detail (404) nor an error), and each read is logged
against the person (Mandela Rule 9); the services refuse what the user may not do (403) and bad
input under the field of the request (422)."""

from django.db.models import QuerySet
from ninja import Query, Router, Status
from ninja.pagination import paginate

from custodia.core import audit
from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, WRITE_RESPONSES, FileReadsPagination, Id, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires

from . import selectors, services
from .models import Alert
from .schemas import AlertEndIn, AlertListIn, AlertOut, AlertSetIn

router = Router(tags=["alerts"])


class AlertPagination(FileReadsPagination):
    """An alert is part of the person's file: each person on the page answered has the read in
    their file's log."""

    reason = "alerts"


@router.get(
    "/",
    response={200: list[AlertOut], **ERROR_RESPONSES},
    summary="Alerts",
    description=(
        "The alerts on the files of the people held where the user works, and those their prison set (every "
        "prison for headquarters), newest first; filtered by `prisoner`, `prison`, `code` and `active` (in "
        "force today). Alerts with a code the country profile restricts to other roles are left out, and not "
        'counted. Paginated with `limit` and `offset`; the answer is `{"items": [...], "count": total}`. '
        "Reading it is recorded against each person on the page."
    ),
)
@requires(GET=selectors.VIEW)
@paginate(AlertPagination)
def alert_list(request: AuthenticatedRequest, filters: Query[AlertListIn]) -> QuerySet[Alert]:
    return selectors.alert_list(
        user=request.user,
        filters=selectors.AlertFilters(
            prison=filters.prison, prisoner=filters.prisoner, code=filters.code or "", active=filters.active
        ),
    )


@router.get(
    "/{int:alert_id}",
    response={200: AlertOut, **NOT_FOUND_RESPONSES},
    summary="One alert",
    description=(
        "One alert: its code, why, from when to when, who set it, and how it ended. 404 for an alert the user "
        "may not see, a restricted code included. Reading it is recorded."
    ),
)
@requires(GET=selectors.VIEW)
def alert_detail(request: AuthenticatedRequest, alert_id: Id) -> Alert:
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    audit.record_read(actor=request.user, obj=alert.prisoner, reason="alert")  # Rule 9
    return alert


@router.post(
    "/",
    response={201: AlertOut, **WRITE_RESPONSES},
    summary="Set an alert",
    description=(
        "Staff of the prison that holds the person (403 otherwise) set an alert with a code their role may "
        "set (403 for a code they see but may not set; 422 under `code` for a code unknown to them, "
        "restricted ones included), why, from when, and its planned end if known. A second alert with a "
        "code already in force is refused (422 under `code`, naming the one in force). 404 for a person not "
        "held where the user works."
    ),
)
@requires(POST=selectors.MANAGE)
def alert_set(request: AuthenticatedRequest, payload: AlertSetIn) -> Status[Alert]:
    prisoner = selectors.people_for_alerts(user=request.user).get(pk=payload.prisoner_id)
    data = services.AlertData(
        code=payload.code, reason=payload.reason, active_from=payload.active_from, active_to=payload.active_to
    )
    with refusals(request):
        alert = services.alert_set(actor=request.user, prisoner=prisoner, data=data)
    return Status(201, alert)


@router.post(
    "/{int:alert_id}/end",
    response={200: AlertOut, **WRITE_RESPONSES},
    summary="End an alert",
    description=(
        "A role the alert's code names, at the prison that holds the person (403 otherwise), ends an alert in "
        "force with the reason (422 under `reason` without one). An alert already ended or past its planned "
        "end answers 422; a `version` older than the alert's, 422 under `version`. 404 for an alert the user "
        "may not see."
    ),
)
@requires(POST=selectors.MANAGE)
def alert_end(request: AuthenticatedRequest, alert_id: Id, payload: AlertEndIn) -> Alert:
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    with refusals(request):
        return services.alert_end(actor=request.user, alert=alert, reason=payload.reason, version=payload.version)
