"""Reads of contacts, always through the acting user: the contacts of the people held where the
user works (a former prison does not keep them), for holders of view_contacts."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from custodia.core.withheld import Why, Withheld
from custodia.register.models import FamilyMember, Prisoner
from custodia.register.selectors import held_where_user_works

from . import rules
from .choices import ContactKind
from .models import Contact, Restriction

VIEW = "accounts.view_contacts"
MANAGE = "accounts.manage_contacts"
RESTRICT = "accounts.restrict_contacts"
RESTRICT_FAMILY = "accounts.restrict_family_contact"


def people_with_contacts(*, user: User) -> QuerySet[Prisoner]:
    if not user.has_perm(VIEW):
        return Prisoner.objects.none()
    return held_where_user_works(user=user)


def contacts_visible(*, user: User, prisoner_id: int | None = None) -> QuerySet[Contact]:
    """The contacts of the people the user may see; of one of them with `prisoner_id`, named inside
    the subquery of people so that SQLite does not first list everyone the user may see."""
    people = people_with_contacts(user=user)
    if prisoner_id is not None:
        people = people.filter(pk=prisoner_id)
    return Contact.objects.filter(prisoner__in=people).select_related("prisoner", "approved_by")


# Where a contact can be reached and how they prove who they are is family data: read by those who
# read the file's family section (reception and the case manager, who record contacts, among them);
# withheld from the others, who need to know only who the contact is and what they may do.
DETAILS = ("identity_document", "address", "telephone")
DETAILS_RIGHT = "accounts.view_family_section"


def may_read_details(user: User) -> bool:
    return user.has_perm(DETAILS_RIGHT)


def contact_get(*, user: User, contact_id: int) -> Contact:
    """The contact, or Contact.DoesNotExist for one the user may not see; without the right to its
    details (may_read_details) they are not even read: use details_of() for them."""
    contacts = contacts_visible(user=user)
    if not may_read_details(user):
        contacts = contacts.defer(*DETAILS)
    return contacts.get(pk=contact_id)


@dataclass(frozen=True)
class Details:
    identity_document: str
    address: str
    telephone: str


def details_of(*, user: User, contact: Contact) -> Details | Withheld:
    if not may_read_details(user):
        return Withheld("contact_details", Why.NO_RIGHT)
    return Details(contact.identity_document, contact.address, contact.telephone)


def _period(restriction: Restriction) -> rules.Period:
    return rules.Period(restriction.starts_on, restriction.ends_on, restriction.lifted_on)


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    restriction: Restriction | None  # the one in force today, if any
    may_visit: bool  # today, approval and restrictions together
    may_call: bool
    may_video: bool


def row_of(contact: Contact, restrictions: list[Restriction], today: date) -> ContactRow:
    periods = [_period(r) for r in restrictions]
    in_force = next((r for r in restrictions if _period(r).in_force(today)), None)
    return ContactRow(
        contact,
        in_force,
        rules.may_contact(contact.may_visit, periods, today),
        rules.may_contact(contact.may_call, periods, today),
        rules.may_contact(contact.may_video, periods, today),
    )


def contacts_of(*, user: User, prisoner_id: int) -> list[ContactRow]:
    """The person's contacts, each with what it may do today; two queries."""
    today = timezone.localdate()
    contacts = contacts_visible(user=user, prisoner_id=prisoner_id)
    if not may_read_details(user):
        contacts = contacts.defer(*DETAILS)
    found = contacts.prefetch_related(
        Prefetch("restrictions", queryset=Restriction.objects.select_related("decided_by", "lifted_by"))
    )
    return [row_of(c, list(c.restrictions.all()), today) for c in found]


def family_not_yet_contacts(*, user: User, prisoner: Prisoner) -> list[FamilyMember]:
    """The family members on the file (for those who may read the family section) not yet recorded
    as contacts, to record from there."""
    if not (user.has_perm(MANAGE) and user.has_perm("accounts.view_family_section")):
        return []
    return list(
        FamilyMember.objects.filter(prisoner=prisoner).exclude(
            pk__in=Contact.objects.filter(family_member__isnull=False, prisoner=prisoner).values("family_member_id")
        )
    )


def restrictions_to_review(*, user: User) -> QuerySet[Restriction]:
    """Restrictions of family contact still in force whose review is due today or overdue, at the
    prisons where the director works."""
    if not user.has_perm(RESTRICT_FAMILY):
        return Restriction.objects.none()
    today = timezone.localdate()
    found = Restriction.objects.filter(
        contact__kind=ContactKind.FAMILY,
        lifted_on__isnull=True,
        ends_on__gte=today,
        review_on__lte=today,
        contact__prisoner__in=people_with_contacts(user=user),
    )
    return found.select_related("contact__prisoner")


def restriction_get(*, user: User, restriction_id: int) -> Restriction:
    return Restriction.objects.select_related("contact__prisoner__current_prison", "decided_by").get(
        pk=restriction_id, contact__in=contacts_visible(user=user)
    )
