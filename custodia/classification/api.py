"""Classification over HTTP: the proposal the system computes for a person, their decisions and
the workflow (propose, approve or change, return, information, appeal, review date) and the
reviews due.

Handlers parse, call one selector or service, and answer. A decision is always found through the
selector first, so that a write only reaches what the user may see; the services then decide who
may act (a case manager where the person is held proposes; the director there, or the
headquarters VEP unit alone for a person linked to violent extremism, decides). Their refusals
answer 403 with {"detail": message}; rule errors 422 under the field they name.
"""

from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from custodia.accounts.selectors import prisons_in_scope
from custodia.core import audit
from custodia.core.api import NOT_FOUND_RESPONSES, WRITE_RESPONSES, Id, Pagination, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.register.selectors import held_where_user_works, visible_prisoners

from . import selectors, services
from .models import ClassificationDecision
from .presenters import PersonProposal
from .queries import ReviewItem
from .schemas import (
    AppealIn,
    ApproveIn,
    ClassificationReviewOut,
    DecisionDetailOut,
    DecisionOut,
    DecisionReturnIn,
    InformationIn,
    PrisonerIn,
    ProposalOut,
    ProposeIn,
    ReviewDateIn,
    ReviewsIn,
)

router = Router(tags=["classification"])
VIEW = right("view_classification")
APPROVE = right("approve_classification")


def _decision(request: AuthenticatedRequest, decision_id: Id) -> ClassificationDecision:
    try:
        return selectors.decision_get(user=request.user, decision_id=decision_id)
    except ClassificationDecision.DoesNotExist as exc:
        raise Http404 from exc


def _detail(request: AuthenticatedRequest, decision: ClassificationDecision) -> ClassificationDecision:
    """The decision read again as the user sees it after a step (DecisionDetailOut tells its reasons)."""
    return _decision(request, decision.pk)


@router.get(
    "/proposal",
    response={200: ProposalOut, **NOT_FOUND_RESPONSES},
    summary="The proposal computed now",
    description=(
        "For a person held at a prison where the user works (404 otherwise): the lowest level the latest "
        "final assessments, sentence and serious incidents allow, with every reason (which rule, which "
        "result); reasons drawn from an assessment the user may not read are withheld. The women's estate "
        "levels apply to women; a person held at a more restrictive level moves down only as far as the "
        "prerequisites allow."
    ),
)
@requires(GET=VIEW)
def classification_proposal(request: AuthenticatedRequest, filters: Query[PrisonerIn]) -> PersonProposal:
    proposal = selectors.proposal_for(user=request.user, prisoner_id=filters.prisoner)
    audit.record_read(actor=request.user, obj=proposal.prisoner, reason="classification proposal")  # Rule 9
    return proposal


@router.get(
    "/reviews",
    response={200: list[ClassificationReviewOut], **NOT_FOUND_RESPONSES},
    summary="Reviews due",
    description=(
        "The decisions in force for people held where the user works (at one prison, or all of them: "
        "nationally for headquarters), each with its review date and why, overdue first. Paginated with "
        '`limit` and `offset`; the answer is `{"items": [...], "count": total}`.'
    ),
)
@requires(GET=VIEW)
@paginate(Pagination)
def classification_reviews(request: AuthenticatedRequest, filters: Query[ReviewsIn]) -> list[ReviewItem]:
    prison_id = None
    if filters.prison is not None:
        prison_id = prisons_in_scope(user=request.user).get(pk=filters.prison).pk
    return selectors.reviews_due(user=request.user, prison_id=prison_id)


@router.get(
    "/decisions",
    response={200: list[DecisionOut], **NOT_FOUND_RESPONSES},
    summary="A person's decisions",
    description="Newest first. 404 for a person whose file the user may not open.",
)
@requires(GET=VIEW)
def classification_decision_list(
    request: AuthenticatedRequest, filters: Query[PrisonerIn]
) -> list[ClassificationDecision]:
    prisoner = visible_prisoners(user=request.user).get(pk=filters.prisoner)
    audit.record_read(actor=request.user, obj=prisoner, reason="classification decisions")  # Rule 9
    return selectors.decision_list(user=request.user, prisoner_id=prisoner.pk)


@router.post(
    "/decisions",
    response={201: DecisionDetailOut, **WRITE_RESPONSES},
    summary="Propose a classification",
    description=(
        "A case manager at the prison that holds the person (403 otherwise) proposes a level with a "
        "rationale; the computed level and its reasons are stored beside it. Another level than the "
        "computed one needs `override_reason`; a person linked to violent extremism needs `vep_placement` "
        "with `vep_placement_reason` (concentration or separation only after a final VEP assessment). A "
        "decision returned with comments is proposed again; one already awaiting a decision refuses (422 "
        "under `status`)."
    ),
)
@requires(POST=right("propose_classification"))
def classification_propose(request: AuthenticatedRequest, payload: ProposeIn) -> Status[ClassificationDecision]:
    prisoner = held_where_user_works(user=request.user).select_related("current_prison").get(pk=payload.prisoner)
    with refusals(request):
        decision = services.classification_propose(
            actor=request.user,
            prisoner=prisoner,
            proposed_level=payload.proposed_level,
            rationale=payload.rationale,
            override_reason=payload.override_reason,
            vep_placement=payload.vep_placement or "",
            vep_placement_reason=payload.vep_placement_reason,
            programme_confirmed=payload.programme_confirmed,
            version=payload.version,
        )
    return Status(201, _detail(request, decision))


@router.get(
    "/decisions/{int:decision_id}",
    response={200: DecisionDetailOut, **NOT_FOUND_RESPONSES},
    summary="One decision",
    description="The computed, proposed and decided levels side by side with their reasons. Reading it is recorded.",
)
@requires(GET=VIEW)
def classification_decision_detail(request: AuthenticatedRequest, decision_id: Id) -> ClassificationDecision:
    decision = _decision(request, decision_id)
    audit.record_read(actor=request.user, obj=decision)  # reads of a file's records are logged (Rule 9)
    return _detail(request, decision)


@router.post(
    "/decisions/{int:decision_id}/approve",
    response={200: DecisionDetailOut, **WRITE_RESPONSES},
    summary="Approve, or decide another level",
    description=(
        "The director of the prison that holds the person, or for a person linked to violent extremism the "
        "headquarters VEP unit alone (403 otherwise; nobody approves their own proposal). A `level` other than "
        "the proposed one needs `reason`. The decision in force before is superseded."
    ),
)
@requires(POST=APPROVE)
def classification_approve(
    request: AuthenticatedRequest, decision_id: Id, payload: ApproveIn
) -> ClassificationDecision:
    decision = _decision(request, decision_id)
    with refusals(request):
        services.classification_approve(
            actor=request.user, decision=decision, level=payload.level, reason=payload.reason, version=payload.version
        )
    return _detail(request, decision)


@router.post(
    "/decisions/{int:decision_id}/return",
    response={200: DecisionDetailOut, **WRITE_RESPONSES},
    summary="Return to the case manager",
    description="The approver sends a proposal back with comments (422 under `comment` without them).",
)
@requires(POST=APPROVE)
def classification_return(
    request: AuthenticatedRequest, decision_id: Id, payload: DecisionReturnIn
) -> ClassificationDecision:
    decision = _decision(request, decision_id)
    with refusals(request):
        services.classification_return(
            actor=request.user, decision=decision, comment=payload.comment, version=payload.version
        )
    return _detail(request, decision)


@router.post(
    "/decisions/{int:decision_id}/information",
    response={200: DecisionDetailOut, **WRITE_RESPONSES},
    summary="Record that the person was informed",
    description="The day the person was told of the decision and how to contest it (not before the decision).",
)
# The person's information and appeal are recorded by the case manager or the approver.
@requires(POST=VIEW)
def classification_information(
    request: AuthenticatedRequest, decision_id: Id, payload: InformationIn
) -> ClassificationDecision:
    decision = _decision(request, decision_id)
    with refusals(request):
        services.classification_record_information(
            actor=request.user, decision=decision, informed_on=payload.informed_on, version=payload.version
        )
    return _detail(request, decision)


@router.post(
    "/decisions/{int:decision_id}/appeal",
    response={200: DecisionDetailOut, **WRITE_RESPONSES},
    summary="Record an appeal",
    description=(
        "The date lodged, the outcome (pending, upheld, changed, withdrawn) and, once known, the date it was "
        "decided. An appeal that changed the decision makes its review due at once."
    ),
)
@requires(POST=VIEW)
def classification_appeal(request: AuthenticatedRequest, decision_id: Id, payload: AppealIn) -> ClassificationDecision:
    decision = _decision(request, decision_id)
    with refusals(request):
        services.classification_record_appeal(
            actor=request.user,
            decision=decision,
            lodged_on=payload.lodged_on,
            outcome=payload.outcome,
            decided_on=payload.decided_on,
            note=payload.note,
            version=payload.version,
        )
    return _detail(request, decision)


@router.post(
    "/decisions/{int:decision_id}/review-date",
    response={200: DecisionDetailOut, **WRITE_RESPONSES},
    summary="Change the review date",
    description=(
        "The approver moves the next review of the decision in force, with a reason; the change is kept "
        "(`review_changes`). Not in the past, and at most one review interval of the level ahead."
    ),
)
@requires(POST=APPROVE)
def classification_review_date(
    request: AuthenticatedRequest, decision_id: Id, payload: ReviewDateIn
) -> ClassificationDecision:
    decision = _decision(request, decision_id)
    with refusals(request):
        services.review_date_change(
            actor=request.user,
            decision=decision,
            new_date=payload.new_date,
            reason=payload.reason,
            version=payload.version,
        )
    return _detail(request, decision)
