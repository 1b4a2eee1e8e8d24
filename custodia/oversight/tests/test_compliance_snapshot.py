"""The compliance monitor's trend: the daily snapshot (services.compliance_snapshot_record, `manage.py
compliance_snapshot`), recorded once a day whatever the number of runs, drawn on the page by day
and offered as a file; the home page's count from the last snapshot."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.tests.factories import PrisonFactory
from custodia.oversight.compliance.registry import CHECKS
from custodia.oversight.compliance_figures import checks_falling_short
from custodia.oversight.models import ComplianceSnapshot
from custodia.oversight.services import compliance_snapshot_record
from custodia.register.choices import Relationship, Sex
from custodia.register.models import FamilyMember
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db

CHILDREN = "bangkok-3-children"


def mother(prison, *, whereabouts: str):
    woman = admit(prison=prison, sex=Sex.FEMALE)
    FamilyMember.objects.create(prisoner=woman, name="Child", relationship=Relationship.CHILD, whereabouts=whereabouts)
    return woman


@pytest.fixture
def prisons():
    first = PrisonFactory(name="First", official_capacity=10)
    second = PrisonFactory(name="Second", official_capacity=10)
    PrisonFactory(name="Closed down", is_active=False)
    mother(first, whereabouts="")
    mother(first, whereabouts="With her mother")
    mother(second, whereabouts="At school")
    return first, second


def test_the_command_records_every_prison_and_check_once_a_day(prisons):
    first, second = prisons
    out = io.StringIO()
    call_command("compliance_snapshot", stdout=out)
    recorded = [check for check in CHECKS if not check.not_recorded]
    rows = ComplianceSnapshot.objects.filter(day=timezone.localdate())
    assert rows.count() == 2 * len(recorded)  # the closed prison and the checks not yet recorded left out
    assert f"{len(recorded)} checks at 2 prisons" in out.getvalue()
    children = {row.prison_id: (row.checked, row.short) for row in rows.filter(check_key=CHILDREN)}
    assert children == {first.pk: (2, 1), second.pk: (1, 0)}

    # Again the same day, after a change: the day's figures replaced, not added to.
    mother(second, whereabouts=" ")
    call_command("compliance_snapshot", stdout=io.StringIO())
    assert rows.count() == 2 * len(recorded)
    assert rows.get(check_key=CHILDREN, prison=second).short == 1

    # Another day adds its own rows.
    compliance_snapshot_record(today=timezone.localdate() - timedelta(days=1))
    assert ComplianceSnapshot.objects.count() == 4 * len(recorded)


def test_the_command_queues_the_snapshot_for_the_worker(prisons):
    from django_tasks_db.models import DBTaskResult

    out = io.StringIO()
    call_command("compliance_snapshot", "--queue", stdout=out)
    assert "queued" in out.getvalue() and not ComplianceSnapshot.objects.exists()
    task = DBTaskResult.objects.get()
    assert task.task_path == "custodia.oversight.tasks.record_compliance_snapshot"


def test_the_page_draws_the_trend_and_offers_it_as_a_file(client, make_staff, sign_in, prisons):
    first, second = prisons
    today = timezone.localdate()
    compliance_snapshot_record(today=today - timedelta(days=2))
    mother(first, whereabouts="")  # a second woman whose child is not accounted for
    compliance_snapshot_record(today=today)
    sign_in(client, make_staff("trend-hq", roles.HQ_STATISTICS, nationwide=True))
    html = client.get(reverse("oversight:compliance")).content.decode()
    assert 'data-chart="chart-compliance-trend"' in html and 'id="chart-compliance-trend"' in html
    table = html.split('id="table-compliance-trend"')[1].split("</table>")[0]
    assert (today - timedelta(days=2)).isoformat() in table and today.isoformat() in table
    response = client.get(reverse("oversight:compliance"), {"csv": "compliance-trend"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("Bangkok Rule 3: Children of women held accounted for")
    # One of three women, then two of four: the national score each day.
    assert [row[column] for row in rows[1:]] == ["66.7", "50.0"]
    assert [row[0] for row in rows[1:]] == [(today - timedelta(days=2)).isoformat(), today.isoformat()]
    # One prison chosen: its own trend.
    response = client.get(reverse("oversight:compliance"), {"csv": "compliance-trend", "prison": second.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[rows[0].index("Bangkok Rule 3: Children of women held accounted for")] for row in rows[1:]] == [
        "100.0",
        "100.0",
    ]


def test_a_director_sees_the_trend_of_their_own_prison(client, make_staff, sign_in, prisons):
    first, second = prisons
    compliance_snapshot_record()
    sign_in(client, make_staff("trend-director", roles.DIRECTOR, prisons=[second]))
    response = client.get(reverse("oversight:compliance"), {"csv": "compliance-trend"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("Bangkok Rule 3: Children of women held accounted for")] == "100.0"


def test_without_a_snapshot_the_page_says_the_trend_begins_with_the_first(client, make_staff, sign_in, prisons):
    sign_in(client, make_staff("trend-none", roles.HQ_VEP, nationwide=True))
    html = client.get(reverse("oversight:compliance")).content.decode()
    assert 'id="no-trend"' in html and "chart-compliance-trend" not in html


def test_the_home_page_counts_the_checks_falling_short_at_the_last_snapshot(client, make_staff, sign_in, prisons):
    first, second = prisons
    director = make_staff("home-director-second", roles.DIRECTOR, prisons=[second])
    sign_in(client, director)
    assert "Mandela Rules checks falling short" not in client.get(reverse("home")).content.decode()
    compliance_snapshot_record()
    expected = sum(
        1
        for check in CHECKS
        if not check.not_recorded and ComplianceSnapshot.objects.filter(check_key=check.key, prison=second, short__gt=0)
    )
    html = client.get(reverse("home")).content.decode()
    assert "Mandela Rules checks falling short" in html and reverse("oversight:compliance") in html
    # Only the director's prison: the women's check falls short at the first prison, not here.
    everywhere = checks_falling_short(user=make_staff("home-hq", roles.HQ_VEP, nationwide=True))
    assert checks_falling_short(user=director) == expected < everywhere
