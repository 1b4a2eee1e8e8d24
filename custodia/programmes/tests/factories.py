"""Helpers for programme tests: a person with an agreed sentence plan (plans' factories), the
programme coordinator and a facilitator at their prison, a programme and a referral."""

from dataclasses import dataclass
from datetime import time, timedelta

from django.utils import timezone

from custodia.accounts import roles
from custodia.classification.tests.factories import World
from custodia.estate.tests.factories import CellFactory
from custodia.plans.tests.factories import agreed_plan, planning
from custodia.programmes import services
from custodia.programmes.choices import ProgrammeKind
from custodia.programmes.models import Participation, Programme, Session


@dataclass
class Scene:
    w: World
    coordinator: object
    facilitator: object
    programme: Programme

    def objective(self, w: World | None = None):
        plan = agreed_plan(w or self.w)
        return plan.objectives.first()

    def refer(self, w: World | None = None, programme: Programme | None = None) -> Participation:
        w = w or self.w
        return services.participation_refer(
            actor=w.case_manager, objective=self.objective(w), programme=programme or self.programme, note="Needs it"
        )

    def allocate(self, participation: Participation) -> Participation:
        return services.participation_allocate(actor=self.coordinator, participation=participation)

    def session_today(self) -> Session:
        """A session that started an hour ago."""
        start = timezone.localtime() - timedelta(hours=1)
        return services.sessions_schedule(
            actor=self.coordinator,
            programme=self.programme,
            first_day=start.date(),
            weekdays=(start.weekday(),),
            at=time(start.hour, start.minute),
            weeks=1,
        )[0]


def scene(make_staff, *, kind: str = ProgrammeKind.EDUCATION, capacity: int = 10, **kwargs) -> Scene:
    w = planning(make_staff, **kwargs)
    prison = w.prison
    coordinator = make_staff(f"coord-{w.prisoner.pk}", roles.PROGRAMME_COORDINATOR, prisons=[prison])
    facilitator = make_staff(f"fac-{w.prisoner.pk}", roles.FACILITATOR, prisons=[prison])
    programme = services.programme_create(
        actor=coordinator,
        prison=prison,
        data=services.ProgrammeData(
            name=f"Literacy {w.prisoner.pk}", kind=kind, capacity=capacity, facilitators=(facilitator,)
        ),
    )
    return Scene(w, coordinator, facilitator, programme)


def another_person(make_staff, s: Scene, **kwargs) -> World:
    """A second person held in the same prison, in a cell of their own."""
    cell = CellFactory(unit__prison=s.w.prison)
    return planning(make_staff, cell=cell, **kwargs)
