"""Complaints for the tests: a person held at a prison, the staff who deal with complaints there,
headquarters and the inspection body."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.complaints import services
from custodia.complaints.models import Complaint
from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit


@dataclass
class World:
    prison: Prison
    prisoner: Prisoner
    wing: User
    director: User
    hq: User
    inspector: User
    security: User


def world(make_staff, suffix: str = "") -> World:
    cell = CellFactory()
    prisoner = admit(cell=cell, given_names="Musa")
    prison = cell.unit.prison
    return World(
        prison,
        prisoner,
        make_staff(f"c-wing{suffix}", roles.WING, prisons=[prison]),
        make_staff(f"c-director{suffix}", roles.DIRECTOR, prisons=[prison]),
        make_staff(f"c-hq{suffix}", roles.COMPLAINTS_HQ, nationwide=True),
        make_staff(f"c-inspector{suffix}", roles.INSPECTOR, nationwide=True),
        make_staff(f"c-security{suffix}", roles.SECURITY, prisons=[prison]),
    )


def made(
    w: World,
    *,
    kind: str = "complaint",
    addressee: str = "director",
    allegation: bool = False,
    text: str = "The food is cold",
    made_on: date | None = None,
    category: str = "food",
) -> Complaint:
    actor = w.inspector if addressee == "inspection" else w.wing
    return services.complaint_add(
        actor=actor,
        prisoner=w.prisoner,
        data=services.ComplaintData(
            kind, category, "person", addressee, text, made_on or timezone.localdate(), allegation=allegation
        ),
    )


def shared_world(prisoner: Prisoner, wing: User, inspector: User) -> dict[str, object]:
    """For the tests that walk every route: a complaint to the director recorded by the wing
    officer (its text carries ZQCOMPLAINTTEXT), and one made in confidence to the inspection body,
    answered (its text and answer carry ZQCOMPLAINTCONFIDENTIAL: never shown to prison staff or
    headquarters)."""
    today = timezone.localdate()
    complaint = services.complaint_add(
        actor=wing,
        prisoner=prisoner,
        data=services.ComplaintData("complaint", "food", "person", "director", "ZQCOMPLAINTTEXT the food", today),
    )
    secret = services.complaint_add(
        actor=inspector,
        prisoner=prisoner,
        data=services.ComplaintData(
            "complaint", "staff", "person", "inspection", "ZQCOMPLAINTCONFIDENTIAL the night guard", today
        ),
    )
    services.complaint_answer(
        actor=inspector, complaint=secret, outcome="upheld", answer="ZQCOMPLAINTCONFIDENTIAL reported to the court"
    )
    return {"complaint": complaint, "confidential_complaint": secret}
