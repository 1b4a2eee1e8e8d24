"""Contacts over HTTP: a person's contacts with what each may do today, one contact, recording and
approving one, and restricting, reviewing and lifting a restriction, each through the same
selectors, services and refusals as the pages. A person's contacts are part of their file: each
read is logged against the person (Mandela Rule 9)."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from custodia.core import audit
from custodia.core.api import NOT_FOUND_RESPONSES, WRITE_RESPONSES, Id, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires
from custodia.register.models import Prisoner

from . import selectors, services
from .models import Contact, Restriction
from .schemas import (
    ContactApprovalIn,
    ContactIn,
    ContactLiftIn,
    ContactListIn,
    ContactOut,
    ContactRestrictionIn,
    ContactRestrictionOut,
    ContactReviewIn,
)

router = Router(tags=["contacts"])
VIEW, MANAGE, RESTRICT = selectors.VIEW, selectors.MANAGE, selectors.RESTRICT


def _contact(request: AuthenticatedRequest, contact_id: int) -> Contact:
    try:
        return selectors.contact_get(user=request.user, contact_id=contact_id)
    except Contact.DoesNotExist as exc:
        raise Http404(_("No such contact.")) from exc


def _out(request: AuthenticatedRequest, contact_id: int) -> ContactOut:
    contact = _contact(request, contact_id)
    audit.record_read(actor=request.user, obj=contact.prisoner, reason="contact")
    restrictions = list(contact.restrictions.all())
    row = selectors.row_of(contact, restrictions, timezone.localdate())
    return ContactOut.of(row, restrictions, selectors.details_of(user=request.user, contact=contact))


@router.get(
    "",
    response={200: list[ContactOut], **NOT_FOUND_RESPONSES},
    summary="A person's contacts",
    description=(
        "The contacts of a person held where the user works (404 otherwise), each with its approvals, whether "
        "it may visit or call today, and its restrictions. The read is recorded against the person."
    ),
)
@requires(GET=VIEW)
def contact_list(request: AuthenticatedRequest, filters: Query[ContactListIn]) -> list[ContactOut]:
    try:
        prisoner = selectors.people_with_contacts(user=request.user).get(pk=filters.prisoner)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc
    audit.record_read(actor=request.user, obj=prisoner, reason="contacts")
    rows = selectors.contacts_of(user=request.user, prisoner_id=prisoner.pk)
    return [
        ContactOut.of(
            row, list(row.contact.restrictions.all()), selectors.details_of(user=request.user, contact=row.contact)
        )
        for row in rows
    ]


@router.get(
    "/{int:contact_id}",
    response={200: ContactOut, **NOT_FOUND_RESPONSES},
    summary="One contact",
    description="404 for a contact of a person not held where the user works.",
)
@requires(GET=VIEW)
def contact_detail(request: AuthenticatedRequest, contact_id: Id) -> ContactOut:
    return _out(request, contact_id)


@router.post(
    "",
    response={201: ContactOut, **WRITE_RESPONSES},
    summary="Record a contact",
    description="Reception or the case manager of the prison that holds the person (403 otherwise); not yet approved.",
)
@requires(POST=MANAGE)
def contact_add(request: AuthenticatedRequest, payload: ContactIn) -> Status[ContactOut]:
    prisoner = selectors.people_with_contacts(user=request.user).filter(pk=payload.prisoner_id).first()
    if prisoner is None:
        raise Http404(_("No such prisoner."))
    data = services.ContactData(**payload.model_dump(exclude={"prisoner_id"}))
    with refusals(request):
        contact = services.contact_add(actor=request.user, prisoner=prisoner, data=data)
    return Status(201, _out(request, contact.pk))


@router.post(
    "/{int:contact_id}/approval",
    response={200: ContactOut, **WRITE_RESPONSES},
    summary="Approve a contact for visits and calls",
    description="Sets the three approvals at once; who approved and when is recorded.",
)
@requires(POST=MANAGE)
def contact_approve(request: AuthenticatedRequest, contact_id: Id, payload: ContactApprovalIn) -> ContactOut:
    contact = _contact(request, contact_id)
    with refusals(request):
        services.contact_approve(actor=request.user, contact=contact, **payload.model_dump())
    return _out(request, contact_id)


@router.post(
    "/{int:contact_id}/restrictions",
    response={201: ContactRestrictionOut, **WRITE_RESPONSES},
    summary="Restrict a contact",
    description=(
        "For security, safety or a court order, at most 90 days; the security officer or the director of the "
        "prison, a family member only the director (403 otherwise). A `sanction` on family, a legal adviser or a "
        "consular officer answers 422 under `reason` (Mandela Rules 43(3), 61)."
    ),
)
@requires(POST=RESTRICT)
def restriction_impose(
    request: AuthenticatedRequest, contact_id: Id, payload: ContactRestrictionIn
) -> Status[ContactRestrictionOut]:
    contact = _contact(request, contact_id)
    with refusals(request):
        restriction = services.restriction_impose(
            actor=request.user, contact=contact, data=services.RestrictionData(**payload.model_dump())
        )
    return Status(201, ContactRestrictionOut.of(restriction))


def _restriction(request: AuthenticatedRequest, restriction_id: int) -> Restriction:
    try:
        return selectors.restriction_get(user=request.user, restriction_id=restriction_id)
    except Restriction.DoesNotExist as exc:
        raise Http404(_("No such restriction.")) from exc


@router.post(
    "/restrictions/{int:restriction_id}/lift",
    response={200: ContactRestrictionOut, **WRITE_RESPONSES},
    summary="Lift a restriction",
    description=(
        "The security officer or the director of the prison, a family member's only the director (403 otherwise), "
        "says why; the contact may visit and call again from today as approved."
    ),
)
@requires(POST=RESTRICT)
def restriction_lift(
    request: AuthenticatedRequest, restriction_id: Id, payload: ContactLiftIn
) -> ContactRestrictionOut:
    restriction = _restriction(request, restriction_id)
    with refusals(request):
        done = services.restriction_lift(
            actor=request.user, restriction=restriction, reason=payload.reason, version=payload.version
        )
    return ContactRestrictionOut.of(done)


@router.post(
    "/restrictions/{int:restriction_id}/review",
    response={200: ContactRestrictionOut, **WRITE_RESPONSES},
    summary="Keep a restriction of family contact after its review",
    description="The director; the next review falls 30 days later.",
)
@requires(POST=RESTRICT)
def restriction_review(
    request: AuthenticatedRequest, restriction_id: Id, payload: ContactReviewIn
) -> ContactRestrictionOut:
    restriction = _restriction(request, restriction_id)
    with refusals(request):
        done = services.restriction_review(
            actor=request.user, restriction=restriction, note=payload.note, version=payload.version
        )
    return ContactRestrictionOut.of(done)
