"""Programmes and activities over HTTP: the catalogue in scope, one programme with its sessions,
and a person's participations.

Reads go through the selectors (need-to-know: a facilitator sees only the programmes they run);
each read of a person's participations is logged (Mandela Rule 9)."""

from collections.abc import Sequence

from django.http import Http404
from ninja import Query, Router

from custodia.core import audit
from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, Id
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.register.models import Prisoner
from custodia.register.selectors import visible_prisoners

from . import selectors
from .models import Participation, Programme
from .schemas import ParticipationListIn, ParticipationOut, ProgrammeDetailOut, ProgrammeListIn, ProgrammeOut

router = Router(tags=["programmes"])
VIEW = right("view_programmes")


@router.get(
    "",
    response={200: list[ProgrammeOut], **ERROR_RESPONSES},
    summary="The catalogue of programmes",
    description=(
        "The programmes and activities of the prisons where the user works (every prison for headquarters), "
        "by prison and name; a facilitator sees only those they run."
    ),
)
@requires(GET=VIEW)
def programme_list(request: AuthenticatedRequest, filters: Query[ProgrammeListIn]) -> list[Programme]:
    return list(selectors.programme_list(user=request.user, prison_id=filters.prison))


@router.get(
    "/participations",
    response={200: list[ParticipationOut], **NOT_FOUND_RESPONSES},
    summary="A person's participations",
    description=(
        "Every referral and place of one person on the programmes of the prisons where the user works, newest "
        "first, with how each ended and the end-of-programme report. 404 for a person whose file the user may "
        "not open. Reading it is recorded."
    ),
)
@requires(GET=VIEW)
def participation_list(request: AuthenticatedRequest, filters: Query[ParticipationListIn]) -> Sequence[Participation]:
    try:
        prisoner = visible_prisoners(user=request.user).get(pk=filters.prisoner)
    except Prisoner.DoesNotExist as exc:
        raise Http404 from exc
    audit.record_read(actor=request.user, obj=prisoner, reason="programmes")  # file content (Rule 9)
    return selectors.prisoner_participations(user=request.user, prisoner=prisoner)


@router.get(
    "/{int:programme_id}",
    response={200: ProgrammeDetailOut, **NOT_FOUND_RESPONSES},
    summary="One programme",
    description="One programme of the catalogue with its sessions. 404 for a programme the user may not see.",
)
@requires(GET=VIEW)
def programme_detail(request: AuthenticatedRequest, programme_id: Id) -> Programme:
    try:
        return selectors.programme_get(user=request.user, programme_id=programme_id, with_sessions=True)
    except Programme.DoesNotExist as exc:
        raise Http404 from exc
