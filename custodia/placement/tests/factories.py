"""People and places for the placement tests, made through the real services."""

from datetime import date
from typing import Any

from django.utils import timezone

from custodia.register import services
from custodia.register.choices import MovementKind
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit

ADULT_BIRTH = date(1990, 5, 17)


def juvenile_birth() -> date:
    today = timezone.localdate()
    return date(today.year - 16, 1, 1)


def person(*, juvenile: bool = False, sex: str = "male", legal_status: str = "convicted", **kwargs: Any) -> Prisoner:
    """A person admitted through prisoner_admit (into `cell` or `prison`); a convicted adult man by default."""
    return admit(
        sex=sex,
        legal_status=legal_status,
        date_of_birth=juvenile_birth() if juvenile else ADULT_BIRTH,
        given_names=kwargs.pop("given_names", "Test"),
        **kwargs,
    )


def move(prisoner: Prisoner, *, cell=None, prison=None, kind: str = MovementKind.CELL_MOVE, actor=None):
    return services.movement_record(
        actor=actor,
        prisoner=prisoner,
        data=services.MovementData(kind=kind, occurred_at=timezone.now(), to_prison=prison, to_cell=cell),
    )
