"""Non-associations over HTTP: a person's records, open one, close one.

Handlers parse, call one selector or service, and answer. Records are read through the scoped
selectors (the right to see them, and a person held where the user works); the services refuse
what the user may not do (403) and bad input under the path of the field in the request (422).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Status

from custodia.core import audit
from custodia.core.api import NOT_FOUND_RESPONSES, WRITE_RESPONSES, Id, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.register.selectors import NOT_IN_CUSTODY, held_where_user_works, visible_prisoners

from . import selectors, services
from .models import NonAssociation
from .schemas import (
    NON_ASSOCIATION_ERROR_PATHS,
    CloseIn,
    NonAssociationListIn,
    NonAssociationOpenedOut,
    NonAssociationOpenIn,
    NonAssociationOut,
)

router = Router(tags=["non-associations"])
MANAGE = right("manage_non_associations")


@router.get(
    "/",
    response={200: list[NonAssociationOut], **NOT_FOUND_RESPONSES},
    summary="A person's non-associations",
    description=(
        "Open records first, then closed ones, newest first. Empty for a person held in another prison; "
        "404 for a person whose file the user may not open."
    ),
)
@requires(GET=right("view_non_associations"))
def non_association_list(request: AuthenticatedRequest, filters: Query[NonAssociationListIn]) -> list[NonAssociation]:
    prisoner = visible_prisoners(user=request.user).get(pk=filters.prisoner)
    audit.record_read(actor=request.user, obj=prisoner, reason="non-associations")  # file content (Rule 9)
    return list(selectors.non_associations_for(user=request.user, prisoner=prisoner))


@router.post(
    "/",
    response={201: NonAssociationOpenedOut, **WRITE_RESPONSES},
    summary="Record a non-association",
    description=(
        "Two people who must not share a cell, a unit or a prison (`level`), with the reason and the role "
        "of each. Only staff of a prison holding one of them, with the right to manage non-associations, "
        "may (403). A pair with an open record is refused under `other_number`, naming it. When the two "
        "already share the place, the record is made and `warnings` says to move one of them."
    ),
)
@requires(POST=MANAGE)
def non_association_open(
    request: AuthenticatedRequest, payload: NonAssociationOpenIn
) -> Status[NonAssociationOpenedOut]:
    # Recorded from the file of a person held where the user works, as on the web page.
    prisoner = held_where_user_works(user=request.user).get(pk=payload.prisoner_id)
    other = selectors.other_person_by_number(user=request.user, number=payload.other_number)
    if other is None:
        raise ValidationError({"other_number": str(NOT_IN_CUSTODY)})
    with refusals(request, NON_ASSOCIATION_ERROR_PATHS):
        opened = services.non_association_open(
            actor=request.user,
            prisoner=prisoner,
            other=other,
            level=payload.level,
            reason=payload.reason,
            role=payload.role,
            other_role=payload.other_role,
            comment=payload.comment,
        )
    return Status(201, NonAssociationOpenedOut.of(opened.non_association, warnings=opened.warnings))


@router.post(
    "/{int:non_association_id}/close",
    response={200: NonAssociationOut, **WRITE_RESPONSES},
    summary="Close a non-association",
    description="Closes an open record with the reason; it is kept, never deleted. A closed one answers 422.",
)
@requires(POST=MANAGE)
def non_association_close(request: AuthenticatedRequest, non_association_id: Id, payload: CloseIn) -> NonAssociation:
    try:
        record = selectors.non_association_get(user=request.user, non_association_id=non_association_id)
    except NonAssociation.DoesNotExist as exc:
        raise Http404 from exc
    with refusals(request):
        return services.non_association_close(actor=request.user, non_association=record, reason=payload.reason)
