"""Risk and needs assessment over HTTP: instruments, a person's assessments, the workflow (start,
rate, submit, countersign or return), the worklist of a prison and reassessment triggers.

Handlers parse, call one selector or service, and answer. An assessment is always found through
the selector first, so that a write only reaches what the user may see; the services then decide
who may act (an assessor at the prison that holds the person; a second assessor to countersign
or return). Their refusals answer 403 with {"detail": message}; a rating refused by its item
code is answered under the path of that rating in the request ("ratings.3.value").
"""

from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from custodia.accounts.selectors import prisons_in_scope
from custodia.core import audit
from custodia.core.api import (
    ERROR_RESPONSES,
    NOT_FOUND_RESPONSES,
    WRITE_RESPONSES,
    Id,
    Pagination,
    Version,
    refusals,
)
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import SIGNED_IN, requires, right
from custodia.register.selectors import held_where_user_works, visible_prisoners

from . import selectors, services
from .instruments import Instrument, InstrumentError, get_instrument, latest_instruments
from .models import Assessment, ReassessmentTrigger
from .schemas import (
    AssessmentDetailOut,
    AssessmentListIn,
    AssessmentStartIn,
    InstrumentOut,
    PrisonerAssessmentsOut,
    RatingsIn,
    ReturnIn,
    TriggerIn,
    TriggerOut,
    VersionIn,
    WorkItemOut,
    WorklistIn,
)
from .selectors import PrisonerAssessments, WorkItem

router = Router(tags=["assessments"])
VIEW = right("view_assessments")
ASSESS = right("assess_risk_and_needs")


def _assessment(request: AuthenticatedRequest, assessment_id: Id) -> Assessment:
    try:
        return selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc


# --- Instruments -----------------------------------------------------------------------------


@router.get(
    "/instruments",
    response={200: list[InstrumentOut], **ERROR_RESPONSES},
    summary="List instruments",
    description=(
        "The latest version of each instrument, with its domains, items and rating scales; labels in the "
        "user's language. An instrument with `validated: false` must be shown as not validated wherever "
        "it or its results appear."
    ),
)
@requires(GET=SIGNED_IN)
def assessment_instrument_list(request: AuthenticatedRequest) -> list[Instrument]:
    return sorted(latest_instruments().values(), key=lambda instrument: instrument.id)


@router.get(
    "/instruments/{instrument_id}/{int:version}",
    response={200: InstrumentOut, **NOT_FOUND_RESPONSES},
    summary="One instrument version",
    description="An instrument exactly as it was published in this version: an assessment names the version it used.",
)
@requires(GET=SIGNED_IN)
def assessment_instrument_detail(request: AuthenticatedRequest, instrument_id: str, version: Version) -> Instrument:
    try:
        return get_instrument(instrument_id, version)
    except InstrumentError as exc:
        raise Http404 from exc


# --- Worklist and triggers (before /{assessment_id}, so that their paths are not read as ids) ---


@router.get(
    "/worklist",
    response={200: list[WorkItemOut], **NOT_FOUND_RESPONSES},
    summary="Assessments due at a prison",
    description=(
        "For each person held at the prison and each instrument that applies to them (and that the user "
        "may see): the next due date and why (`first` after admission, `interval`, or the trigger event "
        "that brought it forward), its urgency and any assessment under way; most urgent first. The "
        "prison must be one the user works at (404 otherwise). Paginated with `limit` and `offset`; the "
        'answer is `{"items": [...], "count": total}`.'
    ),
)
@requires(GET=right("view_assessment_worklist"))
@paginate(Pagination)
def assessment_worklist(request: AuthenticatedRequest, filters: Query[WorklistIn]) -> list[WorkItem]:
    prison = prisons_in_scope(user=request.user).get(pk=filters.prison)
    return selectors.worklist(user=request.user, prison_id=prison.pk)


@router.post(
    "/triggers",
    response={201: TriggerOut, **WRITE_RESPONSES},
    summary="Record a reassessment trigger",
    description=(
        "An event (change of sentence, transfer, release planning, programme completed) after which the "
        "instruments that list it are due again within their own number of days. The person must be held "
        "at a prison where the user works (404 otherwise). `serious_incident` and `reliable_intelligence` "
        "are refused (422): only their records write them, when an incident report of a serious incident "
        "is closed (`/api/v1/incidents/`) or an intelligence report is graded reliable "
        "(`/api/v1/intelligence/`)."
    ),
)
@requires(POST=ASSESS)
def assessment_trigger_record(request: AuthenticatedRequest, payload: TriggerIn) -> Status[ReassessmentTrigger]:
    prisoner = held_where_user_works(user=request.user).get(pk=payload.prisoner)
    with refusals(request):
        trigger = services.reassessment_trigger_record(
            actor=request.user,
            prisoner=prisoner,
            event=payload.event,
            occurred_on=payload.occurred_on,
            note=payload.note,
        )
    return Status(201, trigger)


# --- Assessments -----------------------------------------------------------------------------


@router.get(
    "/",
    response={200: PrisonerAssessmentsOut, **NOT_FOUND_RESPONSES},
    summary="A person's assessments",
    description=(
        "The assessments of one person that the user may see, newest first; `withheld` names the "
        "instruments whose assessments need a section right the user lacks (VEP, health), and `needs` "
        "the need areas of the latest final assessment of each instrument. 404 for a person whose file "
        "the user may not open."
    ),
)
@requires(GET=VIEW)
def assessment_list(request: AuthenticatedRequest, filters: Query[AssessmentListIn]) -> PrisonerAssessments:
    prisoner = visible_prisoners(user=request.user).get(pk=filters.prisoner)
    audit.record_read(actor=request.user, obj=prisoner, reason="assessments")  # file content (Rule 9)
    return selectors.prisoner_assessments(user=request.user, prisoner=prisoner)


@router.post(
    "/",
    response={201: AssessmentDetailOut, **WRITE_RESPONSES},
    summary="Start an assessment",
    description=(
        "Starts a draft with the latest version of an instrument that applies to the person. Only an "
        "assessor at the prison that holds the person may (403); one assessment per instrument may be "
        "under way (422 under `instrument`). 404 for a person whose file the user may not open."
    ),
)
@requires(POST=ASSESS)
def assessment_start(request: AuthenticatedRequest, payload: AssessmentStartIn) -> Status[Assessment]:
    prisoner = visible_prisoners(user=request.user).get(pk=payload.prisoner)
    with refusals(request):
        assessment = services.assessment_start(actor=request.user, prisoner=prisoner, instrument_id=payload.instrument)
    return Status(201, _assessment(request, assessment.pk))


@router.get(
    "/{int:assessment_id}",
    response={200: AssessmentDetailOut, **NOT_FOUND_RESPONSES},
    summary="One assessment",
    description=(
        "The assessment with its ratings and evidence, the computed result beside the human judgement, "
        "and who started, submitted and countersigned it. Reading it is recorded."
    ),
)
@requires(GET=VIEW)
def assessment_detail(request: AuthenticatedRequest, assessment_id: Id) -> Assessment:
    assessment = _assessment(request, assessment_id)
    audit.record_read(actor=request.user, obj=assessment)  # reads of sensitive records are logged (Rule 9)
    return assessment


@router.put(
    "/{int:assessment_id}/ratings",
    response={200: AssessmentDetailOut, **WRITE_RESPONSES},
    summary="Rate items",
    description=(
        "Saves item ratings with their evidence on a draft or returned assessment (items not given keep "
        "their rating) and, for structured professional judgement, the rationale and the final "
        "judgement. A value outside an item's scale is refused under `ratings.<index>.value`, an item "
        "the instrument does not have under `ratings.<index>.item_code`."
    ),
)
@requires(PUT=ASSESS)
def assessment_rate(request: AuthenticatedRequest, assessment_id: Id, payload: RatingsIn) -> Assessment:
    assessment = _assessment(request, assessment_id)
    with refusals(request, payload.error_paths(assessment.instrument.instrument)):
        services.assessment_rate(
            actor=request.user,
            assessment=assessment,
            ratings=payload.to_ratings(),
            rationale=payload.rationale,
            final_judgement=payload.final_judgement,
            version=payload.version,
        )
    return _assessment(request, assessment_id)


@router.post(
    "/{int:assessment_id}/submit",
    response={200: AssessmentDetailOut, **WRITE_RESPONSES},
    summary="Submit for countersignature",
    description=(
        "Every item must be rated, with evidence where the item asks for it, and for structured "
        "professional judgement the rationale and final judgement given: what is missing is answered with "
        "422 under the item code (`<code>_evidence` for missing evidence), `rationale` or "
        "`final_judgement`. A scored instrument's total and band are computed here."
    ),
)
@requires(POST=ASSESS)
def assessment_submit(request: AuthenticatedRequest, assessment_id: Id, payload: VersionIn) -> Assessment:
    assessment = _assessment(request, assessment_id)
    with refusals(request):
        services.assessment_submit(actor=request.user, assessment=assessment, version=payload.version)
    return _assessment(request, assessment_id)


@router.post(
    "/{int:assessment_id}/countersign",
    response={200: AssessmentDetailOut, **WRITE_RESPONSES},
    summary="Countersign",
    description=(
        "A second assessor, neither the one who started nor the one who submitted it (403 otherwise), "
        "makes a submitted assessment final; its need areas and domain profile are then what sentence "
        "plans and classification read."
    ),
)
@requires(POST=ASSESS)
def assessment_countersign(request: AuthenticatedRequest, assessment_id: Id, payload: VersionIn) -> Assessment:
    assessment = _assessment(request, assessment_id)
    with refusals(request):
        services.assessment_countersign(actor=request.user, assessment=assessment, version=payload.version)
    return _assessment(request, assessment_id)


@router.post(
    "/{int:assessment_id}/return",
    response={200: AssessmentDetailOut, **WRITE_RESPONSES},
    summary="Return with comments",
    description=(
        "A second assessor sends a submitted assessment back for correction, saying what must be "
        "corrected (422 under `comment` without it)."
    ),
)
@requires(POST=ASSESS)
def assessment_return(request: AuthenticatedRequest, assessment_id: Id, payload: ReturnIn) -> Assessment:
    assessment = _assessment(request, assessment_id)
    with refusals(request):
        services.assessment_return(
            actor=request.user, assessment=assessment, comment=payload.comment, version=payload.version
        )
    return _assessment(request, assessment_id)
