"""A person held at a prison, and the staff there who give the information sheet or read the file."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit


@dataclass
class World:
    prison: Prison
    prisoner: Prisoner
    reception: User
    wing: User


def world(make_staff, suffix: str = "", admitted_days_ago: int = 5) -> World:
    cell = CellFactory()
    prisoner = admit(cell=cell, admitted_at=timezone.now() - timedelta(days=admitted_days_ago))
    prison = cell.unit.prison
    return World(
        prison,
        prisoner,
        make_staff(f"reception{suffix}", roles.RECEPTION, prisons=[prison]),
        make_staff(f"wing{suffix}", roles.WING, prisons=[prison]),
    )
