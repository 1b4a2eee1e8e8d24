"""Restrictive measures for tests, made through the services: a prison with its director, deputy,
health-care staff and wing officer, a man held there, and a measure with its reviews, visits and
appeals."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory
from custodia.register.choices import LegalStatus
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit

from .. import services
from ..models import Measure


def data(first: int = 0, last: int = 5, hours: int = 23, **kwargs) -> services.MeasureData:
    """A segregation from `first` days ago to `last` days after that, solitary with 22 hours or more."""
    starts = timezone.localdate() - timedelta(days=first)
    return services.MeasureData(
        **{
            "kind": "segregation",
            "legal_basis": "Prisons Act, section 80",
            "reason": "Threatened staff on the wing",
            "hours_without_contact": hours,
            "starts_on": starts,
            "ends_on": starts + timedelta(days=last),
            "health_view": "Seen by the medical officer: fit",
            **kwargs,
        }
    )


def held(prison: Prison, **kwargs) -> Prisoner:
    """A man on remand admitted 200 days ago, in a unit of his own at `prison`."""
    return admit(
        cell=CellFactory(unit__prison=prison),
        **{
            "sex": "male",
            "date_of_birth": date(1990, 5, 17),
            "legal_status": LegalStatus.PRE_TRIAL,
            "admitted_at": timezone.now() - timedelta(days=200),
            **kwargs,
        },
    )


@dataclass
class Staff:
    prison: Prison
    director: User
    deputy: User
    nurse: User
    wing: User


def staff(make_staff, prefix: str = "measures", prison: Prison | None = None) -> Staff:
    prison = prison or CellFactory().unit.prison
    return Staff(
        prison=prison,
        director=make_staff(f"{prefix}-director", roles.DIRECTOR, prisons=[prison]),
        deputy=make_staff(f"{prefix}-deputy", roles.DIRECTOR, prisons=[prison]),
        nurse=make_staff(f"{prefix}-nurse", roles.HEALTH, prisons=[prison]),
        wing=make_staff(f"{prefix}-wing", roles.WING, prisons=[prison]),
    )


def imposed(director: User, prisoner: Prisoner, **kwargs) -> Measure:
    return services.measure_impose(actor=director, prisoner=prisoner, data=data(**kwargs))
