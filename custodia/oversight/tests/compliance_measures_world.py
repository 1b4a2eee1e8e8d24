"""The world of the tests of the measures checks (Rules 43-45, Rule 46), made through the measures
services: in each of four prisons a solitary segregation well within its limits, visited every day;
at the first also a run of solitary confinement too long, a restraint past its planned end and a
separation without a visit."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User

from custodia.estate.models import Prison
from custodia.measures import services
from custodia.measures.models import Measure
from custodia.measures.tests.factories import Staff, held, imposed, staff
from custodia.oversight.tests.compliance_world import cells, prisons_of, readers, today


@dataclass
class World:
    prisons: list[Prison]
    first: Staff  # the first prison's director, nurse...
    long_run: Measure
    overdue: Measure
    unvisited: Measure
    people: dict[str, User]  # compliance_world.readers


def visited_every_day(nurse: User, measure: Measure) -> None:
    day = measure.starts_on
    while day <= today():
        services.health_visit_record(actor=nurse, measure=measure, visited_on=day, adverse_effects=False, note="")
        day += timedelta(days=1)


def world(make_staff) -> World:
    prisons = prisons_of(cells(4))
    teams = [staff(make_staff, prefix=f"cm{n}", prison=prison) for n, prison in enumerate(prisons)]
    for team in teams:
        visited_every_day(team.nurse, imposed(team.director, held(team.prison), first=3, last=8))
    first = teams[0]
    # A run of solitary confinement begun before Custodia, typed in with its true start: 21 days.
    long_run = imposed(first.director, held(first.prison, given_names="Long"), first=10, last=12)
    Measure.objects.filter(pk=long_run.pk).update(starts_on=today() - timedelta(days=20))
    long_run.refresh_from_db()
    # Restraint past its planned end, nobody having ended or extended it; it holds nobody apart.
    overdue = imposed(
        first.director, held(first.prison, given_names="Late"), kind="restraint", hours=0, first=5, last=2
    )
    # Separation without solitary confinement, two days of it without a visit.
    unvisited = imposed(
        first.director, held(first.prison, given_names="Unseen"), kind="separation", hours=8, first=2, last=8
    )
    return World(prisons, first, long_run, overdue, unvisited, readers(make_staff, prisons))
