"""Security audits over HTTP: the audits a user may read, one audit with its ratings, scores and
actions, and the steps of the work (start, rate, recommend an action, make final, record an
action done), each through the same selectors, services and refusals as the pages. An audit in
progress is the auditor's alone (404 to the prison until it is final)."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from custodia.accounts.selectors import prisons_in_scope
from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, WRITE_RESPONSES, Id, Pagination, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires

from . import selectors, services
from .models import RecommendedAction, SecurityAudit
from .schemas import (
    AuditActionDoneIn,
    AuditActionIn,
    AuditActionOut,
    AuditAreaOut,
    AuditDetailOut,
    AuditFinaliseIn,
    AuditIn,
    AuditListIn,
    AuditOut,
    AuditRatingsIn,
)

router = Router(tags=["security audits"])
VIEW, CONDUCT, FOLLOW_UP = selectors.VIEW, selectors.CONDUCT, selectors.FOLLOW_UP


def _audit(request: AuthenticatedRequest, audit_id: int) -> SecurityAudit:
    try:
        return selectors.audit_get(user=request.user, audit_id=audit_id)
    except SecurityAudit.DoesNotExist as exc:
        raise Http404(_("No such audit.")) from exc


def _detail(request: AuthenticatedRequest, audit_id: int) -> AuditDetailOut:
    audit = _audit(request, audit_id)
    return AuditDetailOut(
        **AuditOut.of(audit).model_dump(),
        summary=audit.summary,
        areas=[AuditAreaOut.of(row) for row in selectors.areas_of(audit, selectors.previous_final(audit))],
        actions=[AuditActionOut.of(action) for action in audit.actions.all()],
    )


@router.get(
    "",
    response={200: list[AuditOut], **ERROR_RESPONSES},
    summary="Security audits",
    description=(
        "The audits of the prisons where the user works (every prison for the headquarters auditor), newest "
        "first, filtered by `prison` and `status`. An audit in progress is listed only for auditors. Paginated "
        'with `limit` and `offset`; the answer is `{"items": [...], "count": total}`.'
    ),
)
@requires(GET=VIEW)
@paginate(Pagination)
def security_audit_list(request: AuthenticatedRequest, filters: Query[AuditListIn]) -> Any:
    audits = selectors.audit_list(user=request.user, prison_id=filters.prison)
    if filters.status is not None:
        audits = audits.filter(status=filters.status)
    return [AuditOut.of(audit) for audit in audits]


@router.get(
    "/{int:audit_id}",
    response={200: AuditDetailOut, **NOT_FOUND_RESPONSES},
    summary="One security audit",
    description=(
        "The audit with each area's items, ratings and evidence, the score of each area now and at the prison's "
        "previous final audit, and the recommended actions with their follow-up. 404 for an audit the user may "
        "not read."
    ),
)
@requires(GET=VIEW)
def security_audit_detail(request: AuthenticatedRequest, audit_id: Id) -> AuditDetailOut:
    return _detail(request, audit_id)


@router.post(
    "",
    response={201: AuditDetailOut, **WRITE_RESPONSES},
    summary="Start a security audit",
    description=(
        "A headquarters auditor starts an audit of a prison with the latest checklist. 422 under `audited_on` "
        "for a day in the future, under `prison` while another audit of the prison is in progress."
    ),
)
@requires(POST=CONDUCT)
def security_audit_start(request: AuthenticatedRequest, payload: AuditIn) -> Status[AuditDetailOut]:
    prison = prisons_in_scope(user=request.user).filter(pk=payload.prison_id).first()
    if prison is None:
        raise Http404(_("No such prison."))
    with refusals(request):
        audit = services.audit_start(actor=request.user, prison=prison, audited_on=payload.audited_on)
    return Status(201, _detail(request, audit.pk))


@router.post(
    "/{int:audit_id}/ratings",
    response={200: AuditDetailOut, **WRITE_RESPONSES},
    summary="Rate items of an audit",
    description=(
        "Record or change the rating and evidence of the items given; the others stay as they are. 422 under "
        "`rating_<item>` for an item the checklist does not have, under `status` once the audit is final."
    ),
)
@requires(POST=CONDUCT)
def security_audit_rate(request: AuthenticatedRequest, audit_id: Id, payload: AuditRatingsIn) -> AuditDetailOut:
    audit = _audit(request, audit_id)
    ratings = [services.RatingData(r.item_code, r.rating, r.evidence) for r in payload.ratings]
    with refusals(request):
        services.ratings_record(actor=request.user, audit=audit, ratings=ratings, version=payload.version)
    return _detail(request, audit_id)


@router.post(
    "/{int:audit_id}/actions",
    response={201: AuditActionOut, **WRITE_RESPONSES},
    summary="Recommend an action",
    description="An action with the post that owns it and the day it is due (not before the visit).",
)
@requires(POST=CONDUCT)
def security_audit_recommend(
    request: AuthenticatedRequest, audit_id: Id, payload: AuditActionIn
) -> Status[AuditActionOut]:
    audit = _audit(request, audit_id)
    data = services.ActionData(payload.description, payload.owner, payload.due_on, payload.item_code)
    with refusals(request):
        action = services.action_recommend(actor=request.user, audit=audit, data=data)
    return Status(201, AuditActionOut.of(action))


@router.post(
    "/{int:audit_id}/final",
    response={200: AuditDetailOut, **WRITE_RESPONSES},
    summary="Make an audit final",
    description=(
        "Refused with 422 under `status`, naming the items, while an item is unrated, an item partly or not met "
        "has no evidence, or an item not met has no action. A final audit keeps its scores and never changes."
    ),
)
@requires(POST=CONDUCT)
def security_audit_finalise(request: AuthenticatedRequest, audit_id: Id, payload: AuditFinaliseIn) -> AuditDetailOut:
    audit = _audit(request, audit_id)
    with refusals(request):
        services.audit_finalise(actor=request.user, audit=audit, summary=payload.summary, version=payload.version)
    return _detail(request, audit_id)


@router.post(
    "/actions/{int:action_id}/done",
    response={200: AuditActionOut, **WRITE_RESPONSES},
    summary="Record a recommended action done",
    description=(
        "The security officer or the director of the audited prison (403 otherwise) says what was done and when."
    ),
)
@requires(POST=FOLLOW_UP)
def security_audit_action_done(
    request: AuthenticatedRequest, action_id: Id, payload: AuditActionDoneIn
) -> AuditActionOut:
    try:
        action = selectors.actions_visible(user=request.user).get(pk=action_id)
    except RecommendedAction.DoesNotExist as exc:
        raise Http404(_("No such action.")) from exc
    with refusals(request):
        done = services.action_done(
            actor=request.user, action=action, done_on=payload.done_on, note=payload.note, version=payload.version
        )
    return AuditActionOut.of(done)
