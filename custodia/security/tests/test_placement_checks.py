"""The one placement check: each kind of problem, blocking or not, exceptions that allow and
expire, and the three levels of non-association."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.models import Cell, PrisonType
from custodia.estate.tests.factories import CellFactory, PrisonFactory, UnitFactory
from custodia.placement import checks, services
from custodia.placement.checks import ProblemKind, cell_fits, placement_problems
from custodia.placement.tests.factories import move, person
from custodia.register.models import Prisoner
from custodia.security import services as security_services

pytestmark = pytest.mark.django_db


def kinds(problems, *, blocking=None):
    return [p.kind for p in problems if blocking is None or p.blocking == blocking]


@pytest.fixture
def security_officer(make_staff):
    return make_staff("security", roles.SECURITY, nationwide=True)


def test_a_fitting_cell_has_no_problem(unit):
    cell = CellFactory(unit=unit)
    person(cell=CellFactory(unit=unit))
    newcomer = person(prison=unit.prison)
    assert placement_problems(prisoner=newcomer, prison=unit.prison, cell=cell) == []


def test_overcrowding_warns_but_never_refuses(unit):
    cell = CellFactory(unit=unit, capacity=1)
    person(cell=cell)
    newcomer = person(prison=unit.prison)
    (problem,) = placement_problems(prisoner=newcomer, prison=unit.prison, cell=cell)
    assert problem.kind == ProblemKind.CAPACITY and not problem.blocking
    assert "would hold 2 people for a capacity of 1" in problem.message
    move(newcomer, cell=cell)  # recorded all the same
    newcomer.refresh_from_db()
    assert newcomer.current_cell == cell


@pytest.mark.parametrize(
    ("occupant", "newcomer", "rule"),
    [
        ({"sex": "female"}, {"sex": "male"}, "11(a)"),
        ({"legal_status": "pre_trial"}, {"legal_status": "convicted"}, "11(b)"),
        ({"legal_status": "civil"}, {"legal_status": "pre_trial"}, "11(c)"),
        ({"juvenile": True}, {"juvenile": False}, "11(d)"),
    ],
)
def test_each_part_of_rule_11_refuses_a_place_in_the_unit(unit, occupant, newcomer, rule):
    there = person(cell=CellFactory(unit=unit), **occupant)
    # Another cell of the same unit: the unit is the part of the prison Rule 11 keeps apart.
    cell = CellFactory(unit=unit)
    with pytest.raises(ValidationError) as refused:
        person(cell=cell, **newcomer)
    (message,) = refused.value.message_dict["cell"]
    assert f"Nelson Mandela Rule {rule}" in message and there.number in message
    assert there.display_name not in message  # the other person's number only
    # Another unit of the same prison is fine.
    person(cell=CellFactory(unit=UnitFactory(prison=unit.prison)), **newcomer)


def test_a_refused_admission_saves_nothing(unit):
    person(cell=CellFactory(unit=unit), sex="female")
    count, events = Prisoner.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        person(cell=CellFactory(unit=unit), sex="male")
    assert Prisoner.objects.count() == count and AuditEvent.objects.count() == events


def test_a_womens_prison_holds_only_women_whatever_the_unit():
    prison = PrisonFactory(prison_type=PrisonType.WOMEN, name="Women's Prison")
    person(prison=prison, sex="female")
    with pytest.raises(ValidationError) as refused:
        person(prison=prison, sex="male")
    (message,) = refused.value.message_dict["prison"]
    assert "Rule 11(a)" in message and "Women's Prison is a women's prison" in message
    with pytest.raises(ValidationError) as refused:
        person(cell=CellFactory(unit__prison=prison), sex="male")
    assert "cell" in refused.value.message_dict


def test_a_juvenile_prison_holds_only_juveniles():
    prison = PrisonFactory(prison_type=PrisonType.JUVENILE)
    person(prison=prison, juvenile=True)
    with pytest.raises(ValidationError) as refused:
        person(prison=prison, juvenile=False)
    assert "Rule 11(d)" in refused.value.message_dict["prison"][0]


def test_transfer_into_a_womens_prison_is_refused_on_the_prison():
    man = person(prison=PrisonFactory())
    with pytest.raises(ValidationError) as refused:
        move(man, prison=PrisonFactory(prison_type=PrisonType.WOMEN), kind="transfer")
    assert "to_prison" in refused.value.message_dict
    man.refresh_from_db()
    assert man.movements.count() == 1  # only the admission: nothing half-saved


def test_an_exception_allows_and_is_named(unit, director):
    cell = CellFactory(unit=unit)
    juvenile = person(cell=cell, juvenile=True, given_names="Young")
    adult = person(prison=unit.prison)
    assert kinds(placement_problems(prisoner=adult, prison=unit.prison, cell=cell), blocking=True) == [
        ProblemKind.SEPARATION
    ]
    # The juvenile's exception allows adults beside them in this unit.
    exception = services.separation_exception_grant(
        actor=director, prisoner=juvenile, rule="11d", unit=unit, reason="Kept with his father, as the court ordered"
    )
    problems = placement_problems(prisoner=adult, prison=unit.prison, cell=cell)
    (allowed,) = [p for p in problems if p.kind == ProblemKind.SEPARATION]
    assert not allowed.blocking and allowed.exception == exception and allowed.others == (juvenile.number,)
    assert "Kept with his father" in allowed.message and "director" in allowed.message
    move(adult, cell=cell)
    # Not in another unit, and not for another part of the rule.
    other_unit_cell = CellFactory(unit=UnitFactory(prison=unit.prison))
    person(cell=other_unit_cell, juvenile=True)
    assert kinds(placement_problems(prisoner=adult, prison=unit.prison, cell=other_unit_cell), blocking=True)
    assert kinds(
        placement_problems(
            prisoner=person(prison=unit.prison, legal_status="pre_trial"), prison=unit.prison, cell=cell
        ),
        blocking=True,
    ) == [ProblemKind.SEPARATION]


def test_an_exception_expires(unit, director):
    cell = CellFactory(unit=unit)
    woman = person(prison=unit.prison, sex="female")
    person(cell=cell, sex="male")
    today = timezone.localdate()
    services.separation_exception_grant(
        actor=director, prisoner=woman, rule="11a", unit=unit, reason="Mother and baby unit", valid_until=today
    )
    assert not kinds(placement_problems(prisoner=woman, prison=unit.prison, cell=cell, on=today), blocking=True)
    tomorrow = today + timedelta(days=1)
    assert kinds(placement_problems(prisoner=woman, prison=unit.prison, cell=cell, on=tomorrow), blocking=True) == [
        ProblemKind.SEPARATION
    ]


def test_a_closed_exception_no_longer_allows(unit, director):
    cell = CellFactory(unit=unit)
    man = person(prison=unit.prison)
    person(cell=cell, sex="female")
    exception = services.separation_exception_grant(actor=director, prisoner=man, rule="11a", unit=unit, reason="R")
    services.separation_exception_close(actor=director, exception=exception, reason="No longer needed")
    with pytest.raises(ValidationError):
        move(man, cell=cell)


def test_an_exception_in_a_womens_prison(make_staff):
    prison = PrisonFactory(prison_type=PrisonType.WOMEN)
    unit = UnitFactory(prison=prison)
    director = make_staff("director-women", roles.DIRECTOR, prisons=[prison])
    someone = person(prison=PrisonFactory(), sex="unknown")
    services.separation_exception_grant(
        actor=director, prisoner=someone, rule="11a", unit=unit, reason="Sex not recorded; placed on medical advice"
    )
    move(someone, prison=prison, kind="transfer")  # a prison-level placement: an exception in any unit there
    move(someone, cell=CellFactory(unit=unit))
    with pytest.raises(ValidationError):  # but not in a unit the exception does not name
        move(someone, cell=CellFactory(unit=UnitFactory(prison=prison)))


@pytest.mark.parametrize("level", ["cell", "unit", "prison"])
def test_non_associations_at_each_level(unit, security_officer, level):
    cell = CellFactory(unit=unit)
    same_unit = CellFactory(unit=unit)
    other_unit = CellFactory(unit=UnitFactory(prison=unit.prison))
    other_prison = CellFactory()
    aggressor = person(cell=cell)
    victim = person(cell=other_prison, given_names="Victim")
    record = security_services.non_association_open(
        actor=security_officer,
        prisoner=victim,
        other=aggressor,
        level=level,
        reason="violence",
        role="victim",
        other_role="aggressor",
        comment="Assaulted him in the showers",
    ).non_association
    refused = {"cell": [cell], "unit": [cell, same_unit], "prison": [cell, same_unit, other_unit]}[level]
    for place in [cell, same_unit, other_unit]:
        problems = placement_problems(prisoner=victim, prison=unit.prison, cell=place)
        blocking = [p for p in problems if p.blocking]
        if place in refused:
            (problem,) = blocking
            assert problem.kind == ProblemKind.NON_ASSOCIATION and problem.record_id == record.pk
            assert aggressor.number in problem.message and "Violence" in problem.message
        else:
            assert not blocking
    # Through the services.
    if level == "prison":
        with pytest.raises(ValidationError) as exc:
            move(victim, prison=unit.prison, kind="transfer")
        assert "to_prison" in exc.value.message_dict
    else:
        move(victim, prison=unit.prison, kind="transfer")
        with pytest.raises(ValidationError) as exc:
            move(victim, cell=refused[-1])
        assert aggressor.number in exc.value.message_dict["to_cell"][0]
    # A closed record refuses nothing.
    security_services.non_association_close(actor=security_officer, non_association=record, reason="Reconciled")
    assert not [p for p in placement_problems(prisoner=victim, prison=unit.prison, cell=cell) if p.blocking]


def test_unit_level_against_the_approved_classification(unit, monkeypatch):
    high = CellFactory(unit=UnitFactory(prison=unit.prison, security_level="high"))
    medium = CellFactory(unit=UnitFactory(prison=unit.prison, security_level="medium"))
    someone = person(prison=unit.prison)
    # Before a first approval: no warning.
    assert placement_problems(prisoner=someone, prison=unit.prison, cell=high) == []
    monkeypatch.setattr(checks, "approved_level", lambda prisoner_id: "medium")
    (problem,) = placement_problems(prisoner=someone, prison=unit.prison, cell=high)
    assert problem.kind == ProblemKind.UNIT_LEVEL and not problem.blocking
    assert "High security" in problem.message and "Medium security" in problem.message
    assert placement_problems(prisoner=someone, prison=unit.prison, cell=medium) == []


def test_a_woman_outside_the_womens_estate_is_a_warning():
    closed = CellFactory()
    woman = person(prison=closed.unit.prison, sex="female")
    (problem,) = placement_problems(prisoner=woman, prison=closed.unit.prison, cell=closed)
    assert problem.kind == ProblemKind.GENDER and not problem.blocking and "Bangkok Rule" in problem.message
    womens = CellFactory(unit__prison__prison_type=PrisonType.WOMEN)
    assert placement_problems(prisoner=woman, prison=womens.unit.prison, cell=womens) == []


def test_cell_fits_best_first_in_fixed_queries(unit, django_assert_max_num_queries):
    full = CellFactory(unit=unit, label="A-full", capacity=1)
    CellFactory(unit=unit, label="A-roomy", capacity=4)
    tight = CellFactory(unit=unit, label="A-tight", capacity=2)
    women_unit = UnitFactory(prison=unit.prison)
    womens_cell = CellFactory(unit=women_unit, label="W-1")
    person(cell=full)
    person(cell=tight)
    person(cell=womens_cell, sex="female")
    someone = person(prison=unit.prison)
    for _ in range(20):
        CellFactory(unit=unit)

    with django_assert_max_num_queries(6):
        fits = cell_fits(
            prisoner=someone,
            prison=unit.prison,
            cells=Cell.objects.filter(unit__prison=unit.prison).select_related("unit"),
        )
    order = [fit.cell.label for fit in fits]
    assert order.index("A-roomy") < order.index("A-tight") < order.index("A-full") < order.index("W-1")
    assert order[-1] == "W-1" and not fits[-1].fits  # refused cells last, with their reason
    assert fits[order.index("A-full")].warnings[0].kind == ProblemKind.CAPACITY
