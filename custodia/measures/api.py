"""Restrictive measures over HTTP (Mandela Rules 36-46): the measures in scope, one measure with
its reviews, health-care visits and appeals; impose one, record a visit, record a review.

Handlers parse, call one selector or service, and answer. Reads go through the scoped selectors
(the right to see measures, at the prison that holds the person or imposed the measure), and each
read of a measure is logged against the person (Mandela Rule 9); the services refuse what the user
may not do (403) and bad input under the field of the request (422)."""

from django.db.models import QuerySet
from ninja import Query, Router, Status
from ninja.pagination import paginate

from custodia.core import audit
from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, WRITE_RESPONSES, FileReadsPagination, Id, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires
from custodia.register.selectors import held_where_user_works

from . import selectors, services
from .models import HealthVisit, Measure, Review
from .schemas import (
    HealthVisitIn,
    HealthVisitOut,
    MeasureDetailOut,
    MeasureImposeIn,
    MeasureListIn,
    MeasureOut,
    ReviewIn,
    ReviewOut,
)

router = Router(tags=["measures"])


class MeasurePagination(FileReadsPagination):
    """A measure is part of the person's file: each person on the page answered has the read in
    their file's log."""

    reason = "restrictive measures"


@router.get(
    "",
    response={200: list[MeasureOut], **ERROR_RESPONSES},
    summary="Restrictive measures",
    description=(
        "The measures (separation, segregation, disciplinary cell confinement, restraint) of the people held "
        "where the user works, and those their prison imposed (every prison for headquarters), newest first; "
        "filtered by `prison`, `prisoner` and `status`. A person the user may not see gives an empty list. "
        'Paginated with `limit` and `offset`; the answer is `{"items": [...], "count": total}`. Reading it is '
        "recorded against each person on the page."
    ),
)
@requires(GET=selectors.VIEW)
@paginate(MeasurePagination)
def measure_list(request: AuthenticatedRequest, filters: Query[MeasureListIn]) -> QuerySet[Measure]:
    measures = selectors.measures_visible(user=request.user)
    if filters.prison is not None:
        measures = measures.filter(prison_id=filters.prison)
    if filters.prisoner is not None:
        measures = measures.filter(prisoner_id=filters.prisoner)
    if filters.status is not None:
        measures = measures.filter(status=filters.status)
    return measures.order_by("-starts_on", "-id")


@router.get(
    "/{int:measure_id}",
    response={200: MeasureDetailOut, **NOT_FOUND_RESPONSES},
    summary="One restrictive measure",
    description=(
        "Everything about one measure: its days, its next review, the person's run of solitary confinement "
        "against the 15-day limit (Rules 43-44), its reviews, the health-care visits with the past days "
        "missed (Rule 46) and the appeals. The health service's view and what the visits found are for "
        "health-care staff and readers of the health section (`withheld` lists them otherwise). 404 for a "
        "measure the user may not see. Reading it is recorded."
    ),
)
@requires(GET=selectors.VIEW)
def measure_detail(request: AuthenticatedRequest, measure_id: Id) -> MeasureDetailOut:
    opened = selectors.measure_open(user=request.user, measure_id=measure_id)
    audit.record_read(actor=request.user, obj=opened.measure.prisoner, reason="restrictive measure")  # Rule 9
    return MeasureDetailOut.of(opened)


@router.post(
    "",
    response={201: MeasureDetailOut, **WRITE_RESPONSES},
    summary="Impose a restrictive measure",
    description=(
        "The director of the prison that holds the person (403 otherwise) imposes a measure with its legal "
        "basis, reason, start and planned end. 22 hours or more a day without meaningful human contact is "
        "solitary confinement (Rule 44): refused for a woman, a child or a person whose disability the health "
        "service finds it would worsen, without the health service's view, and past 15 consecutive days, "
        "short breaks counted in (Rules 43-45): each refusal is a 422 under the field it concerns. 404 for a "
        "person not held where the user works."
    ),
)
@requires(POST=selectors.IMPOSE)
def measure_impose(request: AuthenticatedRequest, payload: MeasureImposeIn) -> Status[MeasureDetailOut]:
    prisoner = held_where_user_works(user=request.user).select_related("current_prison").get(pk=payload.prisoner_id)
    data = services.MeasureData(**payload.model_dump(exclude={"prisoner_id"}))
    with refusals(request):
        measure = services.measure_impose(actor=request.user, prisoner=prisoner, data=data)
    return Status(201, MeasureDetailOut.of(selectors.measure_open(user=request.user, measure_id=measure.pk)))


@router.post(
    "/{int:measure_id}/health-visits",
    response={201: HealthVisitOut, **WRITE_RESPONSES},
    summary="Record a health-care visit",
    description=(
        "Health-care staff of the prison where the measure applies (403 otherwise) record their daily visit "
        "to a person held apart (Rule 46): one a day, on a day of the measure, not in the future; adverse "
        "effects need a `note`, for the director. A restraint holds nobody apart: 422 under `visited_on`."
    ),
)
@requires(POST=selectors.VISIT)
def health_visit_record(
    request: AuthenticatedRequest, measure_id: Id, payload: HealthVisitIn
) -> Status[HealthVisitOut]:
    measure = selectors.measure_get(user=request.user, measure_id=measure_id)
    with refusals(request):
        visit: HealthVisit = services.health_visit_record(
            actor=request.user,
            measure=measure,
            visited_on=payload.visited_on,
            adverse_effects=payload.adverse_effects,
            note=payload.note,
        )
    # The one who recorded it reads what they wrote.
    return Status(201, HealthVisitOut.of(selectors.VisitSeen(visit, visit.adverse_effects, visit.note)))


@router.post(
    "/{int:measure_id}/reviews",
    response={201: ReviewOut, **WRITE_RESPONSES},
    summary="Review a restrictive measure",
    description=(
        "Someone other than who imposed the measure, with the right to review measures at its prison (403 "
        "otherwise), records a review with its reasons: `continue` until the planned end, or `end` it today. "
        "A measure already ended answers 422 under `status`; a `version` older than the measure's, 422 under "
        "`version`."
    ),
)
@requires(POST=selectors.REVIEW)
def measure_review(request: AuthenticatedRequest, measure_id: Id, payload: ReviewIn) -> Status[Review]:
    measure = selectors.measure_get(user=request.user, measure_id=measure_id)
    with refusals(request):
        review = services.measure_review(
            actor=request.user, measure=measure, outcome=payload.outcome, note=payload.note, version=payload.version
        )
    return Status(201, review)
