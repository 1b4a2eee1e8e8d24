"""A person's network as the selector reads it: each kind of link, the depth, and what the reader
may not see left out: people held elsewhere, drafts, reports the reader may not read."""

from datetime import date

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.intelligence import services
from custodia.intelligence.tests.factories import about, data
from custodia.networks import selectors
from custodia.networks.rules import LinkKind
from custodia.register import services as register
from custodia.register.choices import MovementKind
from custodia.register.models import Prisoner

from .world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff):
    return build(make_staff)


def linked(network, person) -> dict:
    """Whom the network links to `person`, and by which kinds of link."""
    found: dict = {}
    for item in network.links:
        if person.pk in (item.a, item.b):
            found.setdefault(item.other(person.pk), set()).add(item.kind)
    return found


def test_every_kind_of_link_of_the_person_at_depth_one(world):
    network = selectors.network_open(user=world.security, prisoner_id=world.vep.pk, choice=selectors.Choice(depth=1))
    assert linked(network, world.vep) == {
        world.co_defendant.pk: {LinkKind.CO_DEFENDANT},
        world.cell_mate.pk: {LinkKind.CELL_MATE},
        world.in_incident.pk: {LinkKind.INCIDENT},
        world.in_report.pk: {LinkKind.INTELLIGENCE},
        world.kept_apart.pk: {LinkKind.NON_ASSOCIATION},
        world.same_visitor.pk: {LinkKind.SHARED_CONTACT},
    }
    assert network.person(world.vep.pk).vep and not network.person(world.cell_mate.pk).vep
    # A draft names people who may yet be taken out of it: no link.
    assert world.in_draft.pk not in {person.prisoner.pk for person in network.people}


def test_the_second_step_comes_only_at_depth_two(world):
    one = selectors.network_open(user=world.security, prisoner_id=world.vep.pk, choice=selectors.Choice(depth=1))
    two = selectors.network_open(user=world.security, prisoner_id=world.vep.pk, choice=selectors.Choice(depth=2))
    assert world.second_step.pk not in {p.prisoner.pk for p in one.people}
    assert two.person(world.second_step.pk).depth == 2


def test_people_held_elsewhere_are_left_out_except_for_nationwide_readers(world):
    local = selectors.network_open(user=world.security, prisoner_id=world.vep.pk, choice=selectors.Choice(depth=2))
    assert world.held_elsewhere.pk not in {p.prisoner.pk for p in local.people}
    assert all(world.held_elsewhere.pk not in (item.a, item.b) for item in local.links)
    national = selectors.network_open(user=world.hq, prisoner_id=world.vep.pk, choice=selectors.Choice(depth=1))
    assert linked(national, world.vep)[world.held_elsewhere.pk] == {LinkKind.CO_DEFENDANT}
    # ... and someone held elsewhere has no network for the prison's officers at all.
    with pytest.raises(Prisoner.DoesNotExist):
        selectors.network_open(user=world.security, prisoner_id=world.held_elsewhere.pk, choice=selectors.Choice())


def test_a_cell_mate_transferred_elsewhere_is_left_out_except_for_nationwide_readers(world, make_staff):
    """The cell-mate source reads only the stays of people held where the reader works; a
    nationwide reader still sees the cell mate who has left."""
    register.movement_record(
        actor=make_staff("reception-2", roles.RECEPTION, prisons=[world.prison]),
        prisoner=world.cell_mate,
        data=register.MovementData(
            kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=world.held_elsewhere.current_prison
        ),
    )
    local = selectors.network_open(user=world.security, prisoner_id=world.vep.pk, choice=selectors.Choice(depth=1))
    assert world.cell_mate.pk not in linked(local, world.vep)
    national = selectors.network_open(user=world.hq, prisoner_id=world.vep.pk, choice=selectors.Choice(depth=1))
    assert linked(national, world.vep)[world.cell_mate.pk] == {LinkKind.CELL_MATE}


def test_a_report_the_reader_may_not_read_links_nobody(world, make_staff):
    # The director reads reports of handling code 1; one graded 5 is for security officers and headquarters.
    director = make_staff("director-2", roles.DIRECTOR, prisons=[world.prison])
    report = services.report_submit(
        actor=world.security, prison=world.prison, data=data(about(world.vep), about(world.cell_mate))
    )
    services.report_grade(
        actor=world.security, report=report, source="B", information="2", handling="5", assessment="Held close."
    )
    choice = selectors.Choice(depth=1, kinds=frozenset({LinkKind.INTELLIGENCE}))
    assert set(linked(selectors.network_open(user=director, prisoner_id=world.vep.pk, choice=choice), world.vep)) == {
        world.in_report.pk
    }
    assert set(
        linked(selectors.network_open(user=world.security, prisoner_id=world.vep.pk, choice=choice), world.vep)
    ) == {
        world.in_report.pk,
        world.cell_mate.pk,
    }


def test_kinds_and_period_choose_the_links(world):
    only = selectors.Choice(depth=1, kinds=frozenset({LinkKind.CELL_MATE, LinkKind.NON_ASSOCIATION}))
    network = selectors.network_open(user=world.security, prisoner_id=world.vep.pk, choice=only)
    assert set(linked(network, world.vep)) == {world.cell_mate.pk, world.kept_apart.pk}
    past = selectors.Choice(depth=1, until=date(2020, 1, 1))
    network = selectors.network_open(user=world.security, prisoner_id=world.vep.pk, choice=past)
    # Only the court case, whose dates are not known, meets a period long before everything else.
    assert set(linked(network, world.vep)) == {world.co_defendant.pk}


def test_every_view_is_recorded_in_the_file_of_each_person_shown(world):
    network = selectors.network_open(user=world.security, prisoner_id=world.vep.pk, choice=selectors.Choice(depth=1))
    reads = AuditEvent.objects.filter(action="read", actor=world.security, reason__startswith="network of")
    assert {int(event.object_id) for event in reads} == {person.prisoner.pk for person in network.people}


def test_without_the_right_there_is_no_network(world, make_staff):
    wing = make_staff("wing-2", roles.WING, prisons=[world.prison])
    with pytest.raises(Prisoner.DoesNotExist):
        selectors.network_open(user=wing, prisoner_id=world.vep.pk, choice=selectors.Choice())
    assert not selectors.prisons_in_scope(user=wing).exists()


def test_the_prison_network_starts_from_its_people_linked_to_violent_extremism(world):
    prison, network = selectors.prison_network_open(
        user=world.security, prison_id=world.prison.pk, choice=selectors.Choice()
    )
    assert prison == world.prison
    assert {p.prisoner.pk for p in network.people if p.depth == 0} == {world.vep.pk}
    assert world.second_step.pk not in {p.prisoner.pk for p in network.people}  # depth 1 only
    assert selectors.vep_counts(user=world.security) == {world.prison.pk: 1}
