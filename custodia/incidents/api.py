"""Incident reports over HTTP: the reports in scope, one report with the people involved, write
one (a draft), name the people, submit it, review it; the medical examinations owed after force
or an injury, and recording one.

Handlers parse, call one selector or service, and answer. Reads go through the scoped selectors
(reports of the prisons where the user works; a draft is its writer's alone), and each read of a
report is logged against the people it names (Mandela Rule 9); the services refuse what the user
may not do (403) and bad input under the field of the request (422)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from custodia.accounts.selectors import prisons_in_scope
from custodia.core import audit
from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, WRITE_RESPONSES, Id, Pagination, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires

from . import selectors, services
from .models import Incident, MedicalExamination
from .schemas import (
    ExaminationIn,
    ExaminationOut,
    IncidentDetailOut,
    IncidentIn,
    IncidentListIn,
    IncidentOut,
    IncidentReviewIn,
    IncidentStepIn,
    InvolvementIn,
)

router = Router(tags=["incidents"])


def _opened(request: AuthenticatedRequest, incident_id: int) -> selectors.IncidentOpened:
    opened = selectors.incident_open(user=request.user, incident_id=incident_id)
    audit.record_reads(
        actor=request.user,
        objs=selectors.people_named(opened),
        reason="incident report",
    )
    return opened


@router.get(
    "",
    response={200: list[IncidentOut], **ERROR_RESPONSES},
    summary="Incident reports",
    description=(
        "The reports of the prisons where the user works (every prison for headquarters), newest first, "
        "filtered by `prison`, `type_code` and `status`; a draft only for its writer. Paginated with `limit` "
        'and `offset`; the answer is `{"items": [...], "count": total}`. The list names no one; a report\'s '
        "people are read one report at a time, and that read is recorded."
    ),
)
@requires(GET=selectors.VIEW)
@paginate(Pagination)
def incident_list(request: AuthenticatedRequest, filters: Query[IncidentListIn]) -> QuerySet[Incident]:
    incidents = selectors.incidents_visible(user=request.user)
    if filters.prison is not None:
        incidents = incidents.filter(prison_id=filters.prison)
    if filters.type_code:
        incidents = incidents.filter(type_code=filters.type_code)
    if filters.status is not None:
        incidents = incidents.filter(status=filters.status)
    return incidents.order_by("-occurred_at", "-id")


@router.get(
    "/{int:incident_id}",
    response={200: IncidentDetailOut, **NOT_FOUND_RESPONSES},
    summary="One incident report",
    description=(
        "The report with the people involved, their part, injuries and force used, and each medical "
        "examination: its findings are for health-care staff and readers of the health section (`withheld` "
        "lists them otherwise). 404 for a report the user may not see. Reading it is recorded against each "
        "person named."
    ),
)
@requires(GET=selectors.VIEW)
def incident_detail(request: AuthenticatedRequest, incident_id: Id) -> IncidentDetailOut:
    return IncidentDetailOut.of(_opened(request, incident_id))


@router.post(
    "",
    response={201: IncidentDetailOut, **WRITE_RESPONSES},
    summary="Start an incident report",
    description=(
        "An officer of the prison (403 otherwise) writes a draft: the kind of incident, when and where, what "
        "happened and the kind's own answers. 422 under the field for a kind not in the catalogue, a time in "
        "the future, an answer of the wrong type (`answer_<code>`)."
    ),
)
@requires(POST=selectors.REPORT)
def incident_create(request: AuthenticatedRequest, payload: IncidentIn) -> Status[IncidentDetailOut]:
    prison = prisons_in_scope(user=request.user).filter(pk=payload.prison_id).first()
    if prison is None:
        raise Http404(_("No such prison."))
    data = services.IncidentData(**payload.model_dump(exclude={"prison_id"}))
    with refusals(request):
        incident = services.incident_draft(actor=request.user, prison=prison, data=data)
    return Status(201, IncidentDetailOut.of(selectors.incident_open(user=request.user, incident_id=incident.pk)))


@router.post(
    "/{int:incident_id}/people",
    response={201: IncidentDetailOut, **WRITE_RESPONSES},
    summary="Name a person involved",
    description=(
        "The writer of a draft or returned report names a person in custody held at the prison, or a member "
        "of staff, with their part; injuries and force used on a person in custody open a medical examination "
        "when the report is submitted. Force needs who used it and why (422 under `force_reason`)."
    ),
)
@requires(POST=selectors.REPORT)
def involvement_add(
    request: AuthenticatedRequest, incident_id: Id, payload: InvolvementIn
) -> Status[IncidentDetailOut]:
    incident = selectors.incident_open(user=request.user, incident_id=incident_id).incident
    data = services.InvolvementData(**payload.model_dump(exclude={"version"}))
    with refusals(request):
        services.involvement_add(actor=request.user, incident=incident, data=data, version=payload.version)
    return Status(201, IncidentDetailOut.of(_opened(request, incident_id)))


@router.post(
    "/{int:incident_id}/submit",
    response={200: IncidentDetailOut, **WRITE_RESPONSES},
    summary="Submit a report for review",
    description="Its writer submits it; a report naming nobody answers 422 under `status`.",
)
@requires(POST=selectors.REPORT)
def incident_submit(request: AuthenticatedRequest, incident_id: Id, payload: IncidentStepIn) -> IncidentDetailOut:
    incident = selectors.incident_open(user=request.user, incident_id=incident_id).incident
    with refusals(request):
        services.incident_submit(actor=request.user, incident=incident, version=payload.version)
    return IncidentDetailOut.of(_opened(request, incident_id))


@router.post(
    "/{int:incident_id}/review",
    response={200: IncidentDetailOut, **WRITE_RESPONSES},
    summary="Review a report",
    description=(
        "Someone other than its writer, with the right to review at its prison (403 otherwise): `close` it "
        "(a serious kind makes each perpetrator's reassessment due), `return` it for more information, or set "
        "it aside as a `duplicate` (of `duplicate_of`) or `not_reportable`: kept, left out of the statistics."
    ),
)
@requires(POST=selectors.REVIEW)
def incident_review(request: AuthenticatedRequest, incident_id: Id, payload: IncidentReviewIn) -> IncidentDetailOut:
    incident = selectors.incident_open(user=request.user, incident_id=incident_id).incident
    actor, comment, version = request.user, payload.comment, payload.version
    with refusals(request):
        if payload.decision == "close":
            services.incident_close(actor=actor, incident=incident, comment=comment, version=version)
        elif payload.decision == "return":
            services.incident_return(actor=actor, incident=incident, comment=comment, version=version)
        else:
            if payload.decision == "duplicate" and payload.duplicate_of is None:
                raise ValidationError({"duplicate_of": _("Give the number of the report it repeats.")})
            services.incident_set_aside(
                actor=actor,
                incident=incident,
                comment=comment,
                duplicate_of=payload.duplicate_of if payload.decision == "duplicate" else None,
                version=version,
            )
    return IncidentDetailOut.of(_opened(request, incident_id))


@router.get(
    "/examinations",
    response={200: list[ExaminationOut], **ERROR_RESPONSES},
    summary="Medical examinations owed",
    description=(
        "For health-care staff: the medical examinations still owed after force or an injury at the prisons "
        "where they work, oldest first (Mandela Rules 34, 71). Paginated with `limit` and `offset`."
    ),
)
@requires(GET=selectors.EXAMINE)
@paginate(Pagination)
def examination_list(request: AuthenticatedRequest) -> Any:
    owed = list(selectors.examinations_owed(user=request.user).order_by("opened_at"))
    audit.record_reads(
        actor=request.user,
        objs={e.involvement.prisoner for e in owed if e.involvement.prisoner},
        reason="medical examinations",
    )
    return owed  # owed: nothing found yet, so nothing to withhold


@router.post(
    "/examinations/{int:examination_id}",
    response={200: ExaminationOut, **WRITE_RESPONSES},
    summary="Record a medical examination",
    description=(
        "Health-care staff of the incident's prison (403 otherwise) record the examination once: when, the "
        "findings, and signs of torture or other ill-treatment with the authority they were reported to "
        "(Rule 34; 422 under `reported_to` without it)."
    ),
)
@requires(POST=selectors.EXAMINE)
def examination_record(request: AuthenticatedRequest, examination_id: Id, payload: ExaminationIn) -> ExaminationOut:
    examination = selectors.examinations_visible(user=request.user).get(pk=examination_id)
    with refusals(request):
        done: MedicalExamination = services.examination_record(
            actor=request.user, examination=examination, **payload.model_dump()
        )
    return ExaminationOut.of(selectors.Examination(done, done.findings, done.signs_of_ill_treatment, done.reported_to))
