"""Requests and complaints over HTTP: list, one, record, answer, appeal (and its answer), refer
an allegation and close, through the same selectors, services and refusals as the pages. What the
user may not see answers 404: a complaint made through the confidential route does not exist for
prison staff or headquarters. Each read is logged against the person (Mandela Rule 9), except the
inspection body's reads of the confidential route, which stay off the person's history."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from custodia.core import audit
from custodia.core.api import NOT_FOUND_RESPONSES, WRITE_RESPONSES, Id, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import SIGNED_IN, requires

from . import selectors, services
from .models import Complaint
from .schemas import (
    ComplaintAnswerIn,
    ComplaintAppealIn,
    ComplaintCloseIn,
    ComplaintIn,
    ComplaintListIn,
    ComplaintOut,
    ComplaintReferIn,
)

router = Router(tags=["complaints"])


def _complaint(request: AuthenticatedRequest, complaint_id: int) -> Complaint:
    try:
        return selectors.complaint_get(user=request.user, complaint_id=complaint_id)
    except Complaint.DoesNotExist as exc:
        raise Http404(_("No such request or complaint.")) from exc


def _out(request: AuthenticatedRequest, complaint_id: int) -> ComplaintOut:
    complaint = _complaint(request, complaint_id)
    # A confidential complaint's read is logged on the complaint, never among the file's readers.
    audit.record_read(
        actor=request.user, obj=complaint if complaint.confidential else complaint.prisoner, reason="complaint"
    )
    return ComplaintOut.of(complaint)


@router.get(
    "",
    response={200: list[ComplaintOut], **NOT_FOUND_RESPONSES},
    summary="Requests and complaints",
    description=(
        "Those the user may see: staff with view_complaints those of the prisons where they work (never the "
        "confidential route); the inspection body the confidential route and every allegation of ill-treatment. "
        "404 for a user who sees none. At most 200, soonest due first."
    ),
)
@requires(GET=SIGNED_IN)
def complaint_list(request: AuthenticatedRequest, filters: Query[ComplaintListIn]) -> list[ComplaintOut]:
    if selectors.visibility(request.user) is None:
        raise Http404(_("No such request or complaint."))
    found = list(
        selectors.complaint_list(
            user=request.user,
            filters=selectors.Filters(filters.open, filters.overdue, filters.allegations, filters.prisoner),
        )[:200]
    )
    audit.record_reads(
        actor=request.user,
        objs=[
            *{c.prisoner_id: c.prisoner for c in found if not c.confidential}.values(),
            *(c for c in found if c.confidential),
        ],
        reason="complaints",
    )
    return [ComplaintOut.of(c) for c in found]


@router.get(
    "/{int:complaint_id}",
    response={200: ComplaintOut, **NOT_FOUND_RESPONSES},
    summary="One request or complaint",
    description="404 for one the user may not see (the confidential route to anyone but the inspection body).",
)
@requires(GET=SIGNED_IN)
def complaint_detail(request: AuthenticatedRequest, complaint_id: Id) -> ComplaintOut:
    return _out(request, complaint_id)


@router.post(
    "",
    response={201: ComplaintOut, **WRITE_RESPONSES},
    summary="Record a request or complaint",
    description=(
        "Staff with record_complaints for a person held where they work, to the director or headquarters; the "
        "inspection body for the confidential route (403 otherwise). The answer is due after the profile's answer_days."
    ),
)
@requires(POST=SIGNED_IN)
def complaint_add(request: AuthenticatedRequest, payload: ComplaintIn) -> Status[ComplaintOut]:
    prisoner = selectors.people_for_complaints(user=request.user).filter(pk=payload.prisoner_id).first()
    if prisoner is None:
        raise Http404(_("No such prisoner."))
    data = services.ComplaintData(**payload.model_dump(exclude={"prisoner_id"}))
    with refusals(request):
        complaint = services.complaint_add(actor=request.user, prisoner=prisoner, data=data)
    return Status(201, _out(request, complaint.pk))


@router.post(
    "/{int:complaint_id}/answer",
    response={200: ComplaintOut, **WRITE_RESPONSES},
    summary="Answer a request or complaint",
    description=(
        "The director of the prison for what is addressed to the director, headquarters for what is addressed to "
        "it, the inspection body for the confidential route (403 otherwise); 422 under `status` once answered."
    ),
)
@requires(POST=SIGNED_IN)
def complaint_answer(request: AuthenticatedRequest, complaint_id: Id, payload: ComplaintAnswerIn) -> ComplaintOut:
    complaint = _complaint(request, complaint_id)
    with refusals(request):
        services.complaint_answer(actor=request.user, complaint=complaint, **payload.model_dump())
    return _out(request, complaint_id)


@router.post(
    "/{int:complaint_id}/appeal",
    response={200: ComplaintOut, **WRITE_RESPONSES},
    summary="Record an appeal to headquarters",
    description="Against the director's answer, recorded by staff of the prison; answered within appeal_answer_days.",
)
@requires(POST=SIGNED_IN)
def complaint_appeal(request: AuthenticatedRequest, complaint_id: Id, payload: ComplaintAppealIn) -> ComplaintOut:
    complaint = _complaint(request, complaint_id)
    with refusals(request):
        services.complaint_appeal(actor=request.user, complaint=complaint, **payload.model_dump())
    return _out(request, complaint_id)


@router.post(
    "/{int:complaint_id}/appeal/answer",
    response={200: ComplaintOut, **WRITE_RESPONSES},
    summary="Answer an appeal",
    description="Headquarters (403 otherwise); closes the complaint, an allegation excepted.",
)
@requires(POST=SIGNED_IN)
def complaint_appeal_answer(
    request: AuthenticatedRequest, complaint_id: Id, payload: ComplaintAnswerIn
) -> ComplaintOut:
    complaint = _complaint(request, complaint_id)
    with refusals(request):
        services.complaint_appeal_answer(actor=request.user, complaint=complaint, **payload.model_dump())
    return _out(request, complaint_id)


@router.post(
    "/{int:complaint_id}/referral",
    response={200: ComplaintOut, **WRITE_RESPONSES},
    summary="Record the referral of an allegation of ill-treatment",
    description=(
        "To an independent authority (who, when, reference), due within the profile's referral_days; the director "
        "of the prison, headquarters or the inspection body (Mandela Rule 71)."
    ),
)
@requires(POST=SIGNED_IN)
def complaint_refer(request: AuthenticatedRequest, complaint_id: Id, payload: ComplaintReferIn) -> ComplaintOut:
    complaint = _complaint(request, complaint_id)
    data = services.ReferralData(payload.referred_to, payload.referred_on, payload.reference)
    with refusals(request):
        services.complaint_refer(actor=request.user, complaint=complaint, data=data, version=payload.version)
    return _out(request, complaint_id)


@router.post(
    "/{int:complaint_id}/close",
    response={200: ComplaintOut, **WRITE_RESPONSES},
    summary="Close a request or complaint",
    description=(
        "Once answered, by who answers it. An allegation of ill-treatment only once referred, and never by the "
        "prison it concerns: headquarters or the inspection body (403 to the director; 422 under `status` "
        "without the referral)."
    ),
)
@requires(POST=SIGNED_IN)
def complaint_close(request: AuthenticatedRequest, complaint_id: Id, payload: ComplaintCloseIn) -> ComplaintOut:
    complaint = _complaint(request, complaint_id)
    with refusals(request):
        services.complaint_close(actor=request.user, complaint=complaint, **payload.model_dump())
    return _out(request, complaint_id)
