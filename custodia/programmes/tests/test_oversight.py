"""Programme figures for the rehabilitation oversight page against a hand count: scoped to the
user's prisons (a director sees their prison, headquarters statistics all, a user without the right
nothing), aggregates only, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.figures import FigureTable
from custodia.programmes import oversight, services
from custodia.programmes.choices import ProgrammeKind
from custodia.programmes.models import Participation

from .factories import another_person, scene

pytestmark = pytest.mark.django_db


def referred_days_ago(participation: Participation, days: int) -> None:
    Participation.objects.filter(pk=participation.pk).update(referred_at=timezone.now() - timedelta(days=days))


@pytest.fixture
def two_prisons(make_staff):
    """First prison, education (10 places): one completed, one taking part, one dropped out, one
    waiting for 10 days. Second prison, disengagement (4 places): a VEP taking part, one waiting
    for 4 days."""
    a = scene(make_staff)
    services.participation_end(
        actor=a.coordinator,
        participation=a.allocate(a.refer()),
        ending=services.Ending("completed", achievement="achieved", report="Reads fluently"),
    )
    a.allocate(a.refer(another_person(make_staff, a)))
    services.participation_end(
        actor=a.coordinator,
        participation=a.allocate(a.refer(another_person(make_staff, a))),
        ending=services.Ending("dropped_out", reason="Stopped coming"),
    )
    referred_days_ago(a.refer(another_person(make_staff, a)), 10)
    b = scene(make_staff, kind=ProgrammeKind.DISENGAGEMENT, capacity=4)
    b.allocate(b.refer(another_person(make_staff, b, vep=True)))
    referred_days_ago(b.refer(), 4)
    return a, b


def by_slug(tables: list[FigureTable]) -> dict[str, list[list]]:
    return {table.slug: table.rows for table in tables}


def by_kind(rows: list[list]) -> dict[str, list]:
    return {row[0]: row[1:] for row in rows}


def test_figures_match_the_hand_count_nationwide(two_prisons, make_staff, django_assert_max_num_queries):
    a, b = two_prisons
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    with django_assert_max_num_queries(10):
        tables = by_slug(oversight.figures(user=analyst, prison_id=None))
    assert sorted(tables["programme-places"]) == sorted(
        [[a.programme.name, a.w.prison.name, 10, 1, 10.0], [b.programme.name, b.w.prison.name, 4, 1, 25.0]]
    )
    waiting = by_kind(tables["programme-waiting"])
    assert waiting["Education"] == [1, 10] and waiting["Disengagement intervention"] == [1, 4]
    assert waiting["Sport"] == [0, None]
    completions = by_kind(tables["programme-completions"])
    # Completed, dropped out, removed, transferred, released or died, completion %.
    assert completions["Education"] == [1, 1, 0, 0, 0, 50.0]
    assert completions["Disengagement intervention"] == [0, 0, 0, 0, 0, None]
    veps = by_kind(tables["programme-vep-participation"])
    assert veps["Education"] == [1, 0] and veps["Disengagement intervention"] == [1, 1]
    assert sum(taking_part for taking_part, _linked in veps.values()) == 2
    one = by_slug(oversight.figures(user=analyst, prison_id=b.w.prison.pk))
    assert one["programme-places"] == [[b.programme.name, 4, 1, 25.0]]


def test_a_director_sees_their_prison_and_a_user_without_the_right_nothing(two_prisons):
    a, _b = two_prisons
    tables = by_slug(oversight.figures(user=a.w.director, prison_id=None))
    assert tables["programme-places"] == [[a.programme.name, 10, 1, 10.0]]
    assert by_kind(tables["programme-waiting"])["Disengagement intervention"] == [0, None]
    assert by_kind(tables["programme-vep-participation"])["Disengagement intervention"] == [0, 0]
    for user in (a.coordinator, a.w.case_manager, a.facilitator):
        nothing = by_slug(oversight.figures(user=user, prison_id=None))
        assert nothing["programme-places"] == []
        assert all(value in (0, None) for rows in nothing.values() for row in rows for value in row[1:])


def test_no_name_or_number_in_any_figure(two_prisons, make_staff):
    a, _b = two_prisons
    hq = make_staff("hq", roles.HQ_VEP, nationwide=True)
    cells = {str(cell) for table in oversight.figures(user=hq, prison_id=None) for row in table.rows for cell in row}
    assert a.w.prisoner.display_name not in cells and a.w.prisoner.number not in cells
