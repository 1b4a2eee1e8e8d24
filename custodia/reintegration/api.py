"""Release planning over HTTP, mounted beside the register's router under /prisoners: a person's
release plan and their follow-ups after release.

Reads go through the selectors (need-to-know: case managers, directors and the headquarters VEP
unit, at the prisons responsible for the person); each read is logged (Mandela Rule 9)."""

from django.http import Http404
from ninja import Router

from custodia.core import audit
from custodia.core.api import NOT_FOUND_RESPONSES, Id
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.register.models import Prisoner
from custodia.register.selectors import visible_prisoners

from . import selectors
from .models import FollowUp, ReleasePlan
from .schemas import FollowUpOut, ReleasePlanOut

router = Router(tags=["release planning"])
VIEW = right("view_release_plans")


def _plan(request: AuthenticatedRequest, prisoner_id: int) -> ReleasePlan:
    try:
        prisoner = visible_prisoners(user=request.user).get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404 from exc
    plan = selectors.prisoner_plan(user=request.user, prisoner=prisoner)
    if plan is None:
        raise Http404
    audit.record_read(actor=request.user, obj=plan)
    return plan


@router.get(
    "/{int:prisoner_id}/release-plan",
    response={200: ReleasePlanOut, **NOT_FOUND_RESPONSES},
    summary="A person's release plan",
    description=(
        "The latest release plan of one person that the user may see: the resettlement pathways with their "
        "actions, the referrals to outside agencies with the person's consent in force and the agency's answer, "
        "and the follow-ups after release. 404 for a person whose file the user may not open or who has no "
        "release plan. Reading it is recorded."
    ),
)
@requires(GET=VIEW)
def release_plan_detail(request: AuthenticatedRequest, prisoner_id: Id) -> ReleasePlan:
    return _plan(request, prisoner_id)


@router.get(
    "/{int:prisoner_id}/follow-ups",
    response={200: list[FollowUpOut], **NOT_FOUND_RESPONSES},
    summary="A person's follow-ups after release",
    description=(
        "The follow-ups recorded after the release the latest plan prepared, by months after release: contact "
        "made, and each outcome yes, no or null (unknown). 404 as for the release plan. Reading it is recorded."
    ),
)
@requires(GET=VIEW)
def follow_up_list(request: AuthenticatedRequest, prisoner_id: Id) -> list[FollowUp]:
    return list(_plan(request, prisoner_id).follow_ups.all())
