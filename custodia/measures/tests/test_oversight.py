"""Figures of restrictive measures against a hand count: people under each kind of measure now,
solitary confinement and runs near the 15-day limit, the median day, health-care visits missed in
the last 30 days, and measures per 100 people linked to violent extremism beside the others;
scoped to the prisons the reader oversees. The oversight page shows them as charts, tables and CSV,
with no name."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.measures import oversight, services
from custodia.measures.models import Measure
from custodia.measures.tests.factories import held, imposed, staff
from custodia.register.services import OffenceData

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def day(n: int):
    return TODAY() + timedelta(days=n)


@pytest.fixture
def two_prisons(make_staff):
    """Here: a segregation in solitary confinement at its 13th day, visited yesterday only; a
    separation at its 5th day, visited every day; a restraint from today; a disciplinary confinement
    that ended 15 days ago, never visited; a separation of a person linked to violent extremism from
    yesterday, not visited. Elsewhere: a segregation."""
    here = staff(make_staff)
    nurse = here.nurse
    near = imposed(here.director, held(here.prison, given_names="Near"), first=12, last=14)
    services.health_visit_record(actor=nurse, measure=near, visited_on=day(-1), adverse_effects=False, note="")
    visited = imposed(
        here.director, held(here.prison, given_names="Visited"), kind="separation", first=4, last=10, hours=10
    )
    for n in range(-4, 0):
        services.health_visit_record(actor=nurse, measure=visited, visited_on=day(n), adverse_effects=False, note="")
    imposed(here.director, held(here.prison, given_names="Restrained"), kind="restraint", hours=0)
    ended = imposed(here.director, held(here.prison, given_names="Ended"), kind="disciplinary_confinement", first=20)
    services.measure_end(actor=here.director, measure=ended, reason="Served")
    Measure.objects.filter(pk=ended.pk).update(ended_on=day(-15))
    vep = held(here.prison, given_names="Linked", offences=[OffenceData("0101", "Terrorism", terrorism_link=True)])
    imposed(here.director, vep, kind="separation", first=1, hours=8)
    other = staff(make_staff, "other")
    imposed(other.director, held(other.prison, given_names="Elsewhere"), first=2)
    return here, other


def rows_of(tables, slug: str):
    return next(table.rows for table in tables if table.slug == slug)


def test_figures_equal_the_hand_count(two_prisons):
    here, _other = two_prisons
    tables = oversight.figures(user=here.director)
    assert rows_of(tables, "measures-in-force") == [
        # kind, people now, in solitary, run of 12 days or more, median day
        ["Separation (for the person's or others' safety)", 2, 0, 0, 3.5],  # days 5 and 2
        ["Segregation (good order and security)", 1, 1, 1, 13.0],
        ["Disciplinary cell confinement", 0, 0, 0, None],
        ["Instruments of restraint", 1, 0, 0, 1.0],
    ]
    assert rows_of(tables, "measures-by-prison") == [[here.prison.name, 4, 1, 1]]
    assert rows_of(tables, "measures-missed-visits") == [
        ["Separation (for the person's or others' safety)", 1, 1],  # the linked person's yesterday
        ["Segregation (good order and security)", 1, 11],  # days -12 to -2
        ["Disciplinary cell confinement", 1, 6],  # days -20 to -15, ended since
    ]
    # Five people held here, one linked to violent extremism; five measures started this year.
    assert rows_of(tables, "measures-vep-rate") == [
        ["Separation (for the person's or others' safety)", 100.0, 25.0, 1, 1],
        ["Segregation (good order and security)", 0.0, 25.0, 0, 1],
        ["Disciplinary cell confinement", 0.0, 25.0, 0, 1],
        ["Instruments of restraint", 0.0, 25.0, 0, 1],
    ]


def test_figures_are_scoped_to_the_prisons_overseen(two_prisons, make_staff):
    here, other = two_prisons
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    national = oversight.figures(user=analyst)
    assert sorted(rows_of(national, "measures-by-prison")) == sorted(
        [[here.prison.name, 4, 1, 1], [other.prison.name, 1, 1, 0]]
    )
    assert rows_of(national, "measures-in-force")[1][1:3] == [2, 2]
    elsewhere = oversight.figures(user=other.director)
    assert rows_of(elsewhere, "measures-by-prison") == [[other.prison.name, 1, 1, 0]]
    assert rows_of(oversight.figures(user=analyst, prison_id=other.prison.pk), "measures-by-prison") == [
        [other.prison.name, 1, 1, 0]
    ]
    # Without the right, nothing is counted.
    assert rows_of(oversight.figures(user=here.wing), "measures-by-prison") == []
    assert sum(row[1] for row in rows_of(oversight.figures(user=here.nurse), "measures-in-force")) == 0


def test_the_page_charts_tables_and_csv_hold_no_name(
    client, sign_in, two_prisons, make_staff, django_assert_max_num_queries
):
    here, _other = two_prisons
    sign_in(client, make_staff("analyst", roles.HQ_STATISTICS, nationwide=True))
    url = reverse("oversight:measures")
    with django_assert_max_num_queries(30):
        page = client.get(url).content.decode()
    for slug in ("measures-in-force", "measures-by-prison", "measures-missed-visits", "measures-vep-rate"):
        assert f'id="table-{slug}"' in page and f'data-chart="chart-{slug}"' in page
    for name in ("Near", "Visited", "Linked", "Elsewhere"):
        assert name not in page
    response = client.get(url, {"csv": "measures-missed-visits", "prison": here.prison.pk})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Measure", "Measures with a day missed", "Days missed"] and rows[2] == [
        "Segregation (good order and security)",
        "1",
        "11",
    ]
    assert client.get(url, {"csv": "no-such-table"}).status_code == 404
    sign_in(client, here.wing)
    assert client.get(url).status_code == 403
