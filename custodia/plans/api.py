"""Sentence plans over HTTP: the versions of a person's plan, and one version with its objectives.

Reads go through the selectors (need-to-know: case managers, directors and the headquarters VEP
unit, at the prisons where they work); each read of a plan is logged (Mandela Rule 9)."""

from django.http import Http404
from ninja import Query, Router

from custodia.core import audit
from custodia.core.api import NOT_FOUND_RESPONSES, Id
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.register.models import Prisoner
from custodia.register.selectors import visible_prisoners

from . import selectors
from .models import SentencePlan
from .schemas import PlanListIn, PlanOut

router = Router(tags=["sentence plans"])
VIEW = right("view_sentence_plans")


@router.get(
    "",
    response={200: list[PlanOut], **NOT_FOUND_RESPONSES},
    summary="A person's sentence plans",
    description=(
        "Every version of one person's individual sentence plan that the user may see, newest first, with "
        "their objectives, the person's own view and progress notes. 404 for a person whose file the user "
        "may not open. Reading it is recorded."
    ),
)
@requires(GET=VIEW)
def sentence_plan_list(request: AuthenticatedRequest, filters: Query[PlanListIn]) -> list[SentencePlan]:
    try:
        prisoner = visible_prisoners(user=request.user).get(pk=filters.prisoner)
    except Prisoner.DoesNotExist as exc:
        raise Http404 from exc
    audit.record_read(actor=request.user, obj=prisoner, reason="sentence plans")  # file content (Rule 9)
    return selectors.prisoner_plans(user=request.user, prisoner=prisoner)


@router.get(
    "/{int:plan_id}",
    response={200: PlanOut, **NOT_FOUND_RESPONSES},
    summary="One sentence plan",
    description="One version of a plan with its objectives and progress notes. Reading it is recorded.",
)
@requires(GET=VIEW)
def sentence_plan_detail(request: AuthenticatedRequest, plan_id: Id) -> SentencePlan:
    try:
        plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    except SentencePlan.DoesNotExist as exc:
        raise Http404 from exc
    audit.record_read(actor=request.user, obj=plan)
    return plan
