"""Visits for the tests: a mother held at a prison with her children on the file, her contacts,
the rooms of the prison and sessions ahead, and the staff who deal with visits there."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.contact import services as contact_services
from custodia.contact.models import Contact
from custodia.contact.tests.factories import World, world
from custodia.estate.selectors import active_profile
from custodia.register.models import FamilyMember, Prisoner
from custodia.visits import rules
from custodia.visits.models import Booking, VisitRoom, VisitSession


@dataclass
class Visits:
    w: World
    officer: User
    case_manager: User
    hall: VisitRoom  # in person, not child-friendly
    family_room: VisitRoom  # in person, child-friendly
    video: VisitRoom
    mother: Contact  # the person's mother, approved for visits and video calls
    child: Contact  # her daughter, 8 years old


def next_session_day(after: date | None = None) -> date:
    """The next day (from tomorrow) on which the profile holds sessions."""
    start = (after or timezone.localdate()) + timedelta(days=1)
    return rules.session_days(start, start + timedelta(days=7), active_profile().visits.days)[0]


def session(room: VisitRoom, day: date | None = None, start: int = 10, places: int | None = None) -> VisitSession:
    return VisitSession.objects.create(
        room=room,
        day=day or next_session_day(),
        starts_at=time(start),
        ends_at=time(start + 1),
        capacity=places or room.capacity,
        created_by=User.objects.filter(is_superuser=False).first() or User.objects.create(username="maker"),
    )


def approved(w: World, name: str, kind: str = "family", *, family: FamilyMember | None = None) -> Contact:
    if family is not None:
        made = contact_services.contact_from_family(actor=w.reception, family_member=family)
    else:
        made = contact_services.contact_add(
            actor=w.reception, prisoner=w.prisoner, data=contact_services.ContactData(kind, name)
        )
    return contact_services.contact_approve(
        actor=w.reception, contact=made, may_visit=True, may_call=True, may_video=True
    )


def visits_world(make_staff, suffix: str = "") -> Visits:
    w = world(make_staff, suffix)
    daughter = FamilyMember.objects.create(
        prisoner=w.prisoner, name="Nour Yusuf", relationship="child", birth_year=timezone.localdate().year - 8
    )
    mother = approved(w, "", family=FamilyMember.objects.get(prisoner=w.prisoner, name="Amina Yusuf"))
    child = approved(w, "", family=daughter)
    return Visits(
        w,
        make_staff(f"visits{suffix}", roles.VISITS, prisons=[w.prison]),
        make_staff(f"case{suffix}", roles.CASE_MANAGER, prisons=[w.prison]),
        VisitRoom.objects.create(prison=w.prison, name="Hall", kind="in_person", capacity=2),
        VisitRoom.objects.create(
            prison=w.prison, name="Family room", kind="in_person", capacity=2, child_friendly=True
        ),
        VisitRoom.objects.create(prison=w.prison, name="Video", kind="video", capacity=1, child_friendly=True),
        mother,
        child,
    )


def shared_world(prisoner: Prisoner, actor: User) -> dict[str, object]:
    """For the tests that walk every route: a room of the person's prison with a session today, and
    a visit booked in it with an approved friend."""
    room = VisitRoom.objects.create(prison=prisoner.current_prison, name="Visits hall", kind="in_person", capacity=4)
    today = VisitSession.objects.create(
        room=room, day=timezone.localdate(), starts_at=time(10), ends_at=time(11), capacity=4, created_by=actor
    )
    friend = Contact.objects.create(
        prisoner=prisoner, kind="friend", name="Visiting Friend", may_visit=True, may_video=True, recorded_by=actor
    )
    booking = Booking.objects.create(session=today, prisoner=prisoner, kind="in_person", booked_by=actor)
    booking.visitors.set([friend])
    return {"visit_session": today, "booking": booking}
