"""The world of the tests of Rules 89 and 94, made through the assessment and plans services: in
each of four prisons a convicted man admitted ten days ago (nothing due yet); at the first also a
convicted man admitted 100 days ago, assessed, with an agreed plan; another assessed but without a
plan; and a man on remand for 100 days, in a unit of his own, with only a draft assessment."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.assessment import services as assessment_services
from custodia.assessment.models import Assessment
from custodia.assessment.tests.factories import full_ratings
from custodia.classification.tests.factories import World as Person
from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory
from custodia.oversight.tests.compliance_world import cells, prisons_of, readers
from custodia.plans.tests.factories import agreed_plan, planning
from custodia.register.tests.factories import admit


@dataclass
class World:
    prisons: list[Prison]
    unplanned: Person  # sentenced, assessed, no plan
    remand: Person  # on remand, a draft assessment only
    draft: Assessment
    people: dict[str, User]  # compliance_world.readers


def days_ago(n: int) -> datetime:
    return timezone.now() - timedelta(days=n)


def world(make_staff) -> World:
    found = cells(4, capacity=8)
    for cell in found:
        admit(cell=cell, admitted_at=days_ago(10), legal_status="convicted", sex="male", given_names="Recent")
    first = found[0]
    agreed_plan(planning(make_staff, cell=first, admitted_at=days_ago(100), given_names="Done"))
    unplanned = planning(make_staff, cell=first, admitted_at=days_ago(100), given_names="Unplanned")
    remand = planning(
        make_staff,
        cell=CellFactory(unit__prison=first.unit.prison),  # a unit for the untried (Rule 11)
        legal_status="pre_trial",
        assessed=False,
        admitted_at=days_ago(100),
        given_names="Remand",
    )
    draft = assessment_services.assessment_start(
        actor=remand.case_manager, prisoner=remand.prisoner, instrument_id="general_screening"
    )
    assessment_services.assessment_rate(
        actor=remand.case_manager, assessment=draft, ratings=full_ratings("general_screening")
    )
    prisons = prisons_of(found)
    return World(prisons, unplanned, remand, draft, readers(make_staff, prisons))
