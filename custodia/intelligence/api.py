"""Intelligence reports over HTTP: the reports the user may read (by their handling code), the
reports the user submitted (what they wrote and whether it was graded, never the grading), submit
one, grade it, sanitise it, ask to share it with another agency, decide on a sharing and record
that it was shared.

Handlers parse, call one selector or service, and answer. A report the user may not read is 404,
and is left out of every list and its count; reading one is logged against each person in custody
it is about and against the report (Mandela Rule 9); the services refuse what the user may not do
(403) and bad input under the field of the request (422)."""

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
from .models import IntelligenceReport, Sharing
from .schemas import (
    DecisionIn,
    GradeIn,
    ReportDetailOut,
    ReportIn,
    ReportListIn,
    ReportOut,
    SanitiseIn,
    SharingIn,
    StepIn,
    SubmissionOut,
)

router = Router(tags=["intelligence"])


def _opened(request: AuthenticatedRequest, report_id: int) -> selectors.ReportOpened:
    opened = selectors.report_open(user=request.user, report_id=report_id)
    audit.record_reads(
        actor=request.user, objs=[*selectors.people_named(opened), opened.report], reason="intelligence report"
    )
    return opened


def _readable(request: AuthenticatedRequest, report_id: int) -> IntelligenceReport:
    return selectors.reports_readable(user=request.user).get(pk=report_id)


@router.get(
    "",
    response={200: list[ReportOut], **ERROR_RESPONSES},
    summary="Intelligence reports",
    description=(
        "The reports whose handling code lets the user read them, at the prisons where they work (where the "
        "code admits them, every prison for headquarters), newest first, filtered by `prison` and `status`. "
        'Paginated with `limit` and `offset`; the answer is `{"items": [...], "count": total}`. The list names '
        "no one; a report's subjects are read one report at a time, and that read is recorded."
    ),
)
@requires(GET=selectors.VIEW)
@paginate(Pagination)
def intelligence_list(request: AuthenticatedRequest, filters: Query[ReportListIn]) -> QuerySet[IntelligenceReport]:
    reports = selectors.reports_readable(user=request.user)
    if filters.prison is not None:
        reports = reports.filter(prison_id=filters.prison)
    if filters.status is not None:
        reports = reports.filter(status=filters.status)
    return reports.order_by("-submitted_at", "-id")


@router.post(
    "",
    response={201: ReportDetailOut, **WRITE_RESPONSES},
    summary="Pass on information",
    description=(
        "Any officer with the right, at a prison where they work (403 otherwise): when the information was seen "
        "or heard, what it is, their own assessment, and its subjects: people in custody at their prisons "
        "(`prisoner_id`), people outside, places or groups (`name`). 422 under `subjects.<n>.prisoner_id` for a "
        "person not held at the user's prisons, the same for an unknown one. The answer is the submitter's view: "
        "the grading is never shown to them there."
    ),
)
@requires(POST=selectors.SUBMIT)
def intelligence_submit(request: AuthenticatedRequest, payload: ReportIn) -> Status[ReportDetailOut]:
    prison = prisons_in_scope(user=request.user).filter(pk=payload.prison_id).first()
    if prison is None:
        raise Http404(_("No such prison."))
    data = services.ReportData(
        observed_at=payload.observed_at,
        content=payload.content,
        submitter_assessment=payload.submitter_assessment,
        subjects=[
            services.SubjectData(kind=s.kind, prisoner_id=s.prisoner_id, name=s.name, role=s.role)
            for s in payload.subjects
        ],
    )
    with refusals(request):
        report = services.report_submit(actor=request.user, prison=prison, data=data)
    return Status(201, ReportDetailOut.of_opened(selectors.submission_open(user=request.user, report_id=report.pk)))


@router.get(
    "/mine",
    response={200: list[SubmissionOut], **ERROR_RESPONSES},
    summary="The reports I submitted",
    description=(
        "The reports the user submitted, newest first, with their status (awaiting grading or graded); the "
        "grading is withheld (null, and `grading` in `withheld`). Paginated with `limit` and `offset`."
    ),
)
@requires(GET=selectors.SUBMIT)
@paginate(Pagination)
def intelligence_submissions(request: AuthenticatedRequest) -> QuerySet[IntelligenceReport]:
    return selectors.reports_submitted(user=request.user).order_by("-submitted_at", "-id")


@router.get(
    "/mine/{int:report_id}",
    response={200: ReportDetailOut, **NOT_FOUND_RESPONSES},
    summary="One report I submitted",
    description=(
        "What the user wrote, its subjects and whether it was graded; the grading, the assessment, the "
        "sanitised versions and the sharings are withheld. 404 for a report the user did not submit."
    ),
)
@requires(GET=selectors.SUBMIT)
def intelligence_submission(request: AuthenticatedRequest, report_id: Id) -> ReportDetailOut:
    opened = selectors.submission_open(user=request.user, report_id=report_id)
    audit.record_reads(
        actor=request.user, objs=[*selectors.people_named(opened), opened.report], reason="intelligence report"
    )
    return ReportDetailOut.of_opened(opened)


@router.get(
    "/{int:report_id}",
    response={200: ReportDetailOut, **NOT_FOUND_RESPONSES},
    summary="One intelligence report",
    description=(
        "The report with its subjects, grading, the security officer's assessment, sanitised versions and "
        "sharings. 404 for a report whose handling code does not let the user read it, whoever submitted it. "
        "Reading it is recorded against each person in custody it is about and against the report."
    ),
)
@requires(GET=selectors.VIEW)
def intelligence_detail(request: AuthenticatedRequest, report_id: Id) -> ReportDetailOut:
    return ReportDetailOut.of_opened(_opened(request, report_id))


@router.post(
    "/{int:report_id}/grade",
    response={200: ReportDetailOut, **WRITE_RESPONSES},
    summary="Grade a report",
    description=(
        "A security officer of the report's prison (403 otherwise) grades it once with the scales of the "
        "country profile's system (5x5x5 or 3x5x2; 422 under the field for a value not on its scale) and sets "
        "its handling code, which decides from then on who may read it and with whom it may be shared. A "
        "report graded reliable makes the reassessment of each person in custody it is about due and brings "
        "their classification review forward."
    ),
)
@requires(POST=selectors.GRADE)
def intelligence_grade(request: AuthenticatedRequest, report_id: Id, payload: GradeIn) -> ReportDetailOut:
    report = _readable(request, report_id)
    with refusals(request, {"source": "source_grade", "information": "information_grade", "handling": "handling_code"}):
        services.report_grade(
            actor=request.user,
            report=report,
            source=payload.source_grade,
            information=payload.information_grade,
            handling=payload.handling_code,
            assessment=payload.assessment,
            version=payload.version,
        )
    # The grader may no longer read a report graded with a code that does not admit them.
    if not selectors.reports_readable(user=request.user).filter(pk=report_id).exists():
        return ReportDetailOut.of_opened(selectors.submission_open(user=request.user, report_id=report_id))
    return ReportDetailOut.of_opened(_opened(request, report_id))


@router.post(
    "/{int:report_id}/sanitised",
    response={201: ReportDetailOut, **WRITE_RESPONSES},
    summary="Sanitise a report for wider sharing",
    description=(
        "A security officer of the report's prison writes a version without what would reveal the source; the "
        "original stays restricted. Only a graded report (403 otherwise)."
    ),
)
@requires(POST=selectors.SHARE)
def intelligence_sanitise(request: AuthenticatedRequest, report_id: Id, payload: SanitiseIn) -> Status[ReportDetailOut]:
    report = _readable(request, report_id)
    with refusals(request):
        services.sanitised_make(actor=request.user, report=report, text=payload.text)
    return Status(201, ReportDetailOut.of_opened(_opened(request, report_id)))


@router.post(
    "/{int:report_id}/sharings",
    response={201: ReportDetailOut, **WRITE_RESPONSES},
    summary="Ask to share a report with another agency",
    description=(
        "A security officer of the report's prison records what is shared (the report or one of its sanitised "
        "versions, `sanitised_id`), with which agency, why, under the report's handling code. The code decides: "
        "a kind of agency it does not allow answers 422 under `agency_kind`; one it allows without approval is "
        "approved at once; otherwise the sharing awaits the approval of the director or headquarters."
    ),
)
@requires(POST=selectors.SHARE)
def intelligence_share(request: AuthenticatedRequest, report_id: Id, payload: SharingIn) -> Status[ReportDetailOut]:
    report = _readable(request, report_id)
    data = services.SharingData(**payload.model_dump())
    with refusals(request):
        services.sharing_request(actor=request.user, report=report, data=data)
    return Status(201, ReportDetailOut.of_opened(_opened(request, report_id)))


def _sharing(request: AuthenticatedRequest, sharing_id: int) -> Sharing:
    return selectors.sharings_visible(user=request.user).select_related("report").get(pk=sharing_id)


@router.post(
    "/sharings/{int:sharing_id}/decision",
    response={200: ReportDetailOut, **WRITE_RESPONSES},
    summary="Approve or refuse a sharing",
    description=(
        "The director of the report's prison or headquarters, who may read the report and did not ask for the "
        "sharing (403 otherwise), `approve` it (with `conditions` where the code sets conditions, 422 under "
        "`conditions` without them) or `refuse` it (with a `note`)."
    ),
)
@requires(POST=selectors.APPROVE)
def intelligence_decide(request: AuthenticatedRequest, sharing_id: Id, payload: DecisionIn) -> ReportDetailOut:
    sharing = _sharing(request, sharing_id)
    with refusals(request, {"status": "decision"}):
        services.sharing_decide(
            actor=request.user,
            sharing=sharing,
            approve=payload.decision == "approve",
            note=payload.note,
            conditions=payload.conditions,
            version=payload.version,
        )
    return ReportDetailOut.of_opened(_opened(request, sharing.report_id))


@router.post(
    "/sharings/{int:sharing_id}/shared",
    response={200: ReportDetailOut, **WRITE_RESPONSES},
    summary="Record that a sharing was made",
    description="A security officer of the report's prison records that an approved sharing was given to the agency.",
)
@requires(POST=selectors.SHARE)
def intelligence_shared(request: AuthenticatedRequest, sharing_id: Id, payload: StepIn) -> ReportDetailOut:
    sharing = _sharing(request, sharing_id)
    with refusals(request, {"status": "version"}):
        services.sharing_mark_shared(actor=request.user, sharing=sharing, version=payload.version)
    return ReportDetailOut.of_opened(_opened(request, sharing.report_id))
