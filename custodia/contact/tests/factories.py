"""Contacts for the tests: a person held at a prison with the family on their file, and the staff
who deal with contacts there."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.contact import services
from custodia.contact.models import Contact, Restriction
from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory
from custodia.register.models import FamilyMember, Prisoner
from custodia.register.services import FamilyData
from custodia.register.tests.factories import admit


@dataclass
class World:
    prison: Prison
    prisoner: Prisoner
    reception: User
    wing: User
    security: User
    director: User


def world(make_staff, suffix: str = "") -> World:
    cell = CellFactory()
    prisoner = admit(
        cell=cell,
        given_names="Yusuf",
        family=[FamilyData("Amina Yusuf", "parent", contact="+256 700 000001"), FamilyData("Ali Yusuf", "sibling")],
    )
    prison = cell.unit.prison
    return World(
        prison,
        prisoner,
        make_staff(f"reception{suffix}", roles.RECEPTION, prisons=[prison]),
        make_staff(f"wing{suffix}", roles.WING, prisons=[prison]),
        make_staff(f"security{suffix}", roles.SECURITY, prisons=[prison]),
        make_staff(f"director{suffix}", roles.DIRECTOR, prisons=[prison]),
    )


def contact(w: World, kind: str = "friend", name: str = "Hassan Musa", approved: bool = True) -> Contact:
    made = services.contact_add(actor=w.reception, prisoner=w.prisoner, data=services.ContactData(kind, name))
    if approved:
        made = services.contact_approve(actor=w.reception, contact=made, may_visit=True, may_call=True, may_video=False)
    return made


def restricted(w: World, made: Contact, days: int = 30, starts_on: date | None = None) -> Restriction:
    starts_on = starts_on or timezone.localdate()
    actor = w.director if made.kind == "family" else w.security
    return services.restriction_impose(
        actor=actor,
        contact=made,
        data=services.RestrictionData("security", "Tried to pass a phone", starts_on, starts_on + timedelta(days=days)),
    )


def shared_world(prisoner: Prisoner, reception: User, director: User) -> dict[str, object]:
    """For the tests that walk every route: a family member on the file recorded as a contact,
    restricted by the director a month ago (its review due), and another not yet a contact."""
    # Her telephone carries the family section's marker: withheld from readers without that right.
    relative = FamilyMember.objects.create(
        prisoner=prisoner, name="Rehema Contact", relationship="sibling", contact="ZQFAMILYCONTACT +256 700 111222"
    )
    FamilyMember.objects.create(prisoner=prisoner, name="Juma Contact", relationship="sibling")
    made = services.contact_from_family(actor=reception, family_member=relative)
    starts_on = timezone.localdate() - timedelta(days=30)
    restriction = services.restriction_impose(
        actor=director,
        contact=made,
        data=services.RestrictionData("security", "Passed a phone", starts_on, starts_on + timedelta(days=60)),
    )
    waiting = FamilyMember.objects.filter(prisoner=prisoner, name="Juma Contact").get()
    return {"contact": made, "restriction": restriction, "family_member": waiting}
