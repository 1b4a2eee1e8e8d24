"""The rehabilitation oversight page: the sentence plan figures against a hand count, scoped to the
user's prisons, aggregates only (no name on the page or in a CSV), each table as CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.figures import FigureTable, as_csv
from custodia.estate.tests.factories import CellFactory
from custodia.plans import oversight, services
from custodia.plans.tests.factories import WORDING, agreed_plan, planning
from custodia.register.choices import LegalStatus
from custodia.register.models import Admission
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_prisons(make_staff):
    """At the first prison: one person with an agreed plan, one whose first plan is overdue, one
    due within 14 days. At the second: one overdue."""
    p = planning(make_staff)
    plan = agreed_plan(p)
    review = services.plan_review(actor=p.case_manager, plan=plan)
    services.objective_add(actor=p.case_manager, plan=review, need_area="family", wording=WORDING)
    cell = p.prisoner.current_cell
    same = {"sex": p.prisoner.sex, "legal_status": LegalStatus.CONVICTED}
    overdue = admit(cell=CellFactory(unit=cell.unit), family_name="Overdue", **same)
    soon = admit(cell=CellFactory(unit=cell.unit), family_name="Soon", **same)
    elsewhere = admit(cell=CellFactory(), family_name="Elsewhere", **same)
    now = timezone.now()
    Admission.objects.filter(prisoner__in=[overdue, elsewhere]).update(admitted_at=now - timedelta(days=200))
    Admission.objects.filter(prisoner__in=[soon, p.prisoner]).update(admitted_at=now - timedelta(days=50))
    return p, elsewhere.current_prison


def rows_of(tables: list[FigureTable], slug: str):
    return next(table.rows for table in tables if table.slug == slug)


def test_plan_figures_match_the_hand_count_for_headquarters_and_a_director(two_prisons, make_staff):
    p, second = two_prisons
    first = p.prisoner.current_prison
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    national = oversight.figures(user=analyst)
    assert sorted(rows_of(national, "plans-due")) == sorted([[first.name, 1, 1, 1], [second.name, 1, 0, 0]])
    statuses = dict(rows_of(national, "objectives-by-status"))
    # The agreed plan's objectives, and the review's draft: a copy of them and one more.
    agreed = p.prisoner.sentence_plans.get(status="agreed").objectives.count()
    assert statuses["Not started"] == 2 * agreed + 1 and sum(statuses.values()) == 2 * agreed + 1
    director_tables = oversight.figures(user=p.director)
    assert rows_of(director_tables, "plans-due") == [[first.name, 1, 1, 1]]
    assert oversight.figures(user=analyst, prison_id=second.pk)[0].rows == [[second.name, 1, 0, 0]]


def test_page_charts_tables_and_csv_hold_no_name(
    client, sign_in, two_prisons, make_staff, django_assert_max_num_queries
):
    p, _second = two_prisons
    sign_in(client, make_staff("hq", roles.HQ_VEP, nationwide=True))
    url = reverse("oversight:rehabilitation")
    with django_assert_max_num_queries(30):
        page = client.get(url).content.decode()
    assert 'id="table-plans-due"' in page and 'data-chart="chart-plans-due"' in page
    assert "Overdue" in page and p.prisoner.display_name not in page and p.prisoner.number not in page
    response = client.get(url, {"csv": "plans-due"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))  # with a byte order mark
    assert rows[0] == ["Prison", "Overdue", "Due within 14 days", "Agreed plans in force"] and len(rows) == 3
    assert client.get(url, {"csv": "no-such-table"}).status_code == 404


def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text():
    table = FigureTable("t", "T", ["Prison", "People"], [['=HYPERLINK("x")', 3], ["Luzira", None]])
    assert as_csv(table).splitlines() == ["Prison,People", '"\'=HYPERLINK(""x"")",3', "Luzira,"]
