"""The UN-CTS figures (oversight.uncts_counts) count from the files' history: on today's date they
are the statistics page's figures; on a past date, the people held then as they stood then."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from custodia.accounts import roles
from custodia.estate.tests.factories import PrisonFactory
from custodia.oversight import uncts_counts
from custodia.oversight.choices import UnctsStatus
from custodia.oversight.selectors import statistics_get
from custodia.register import services
from custodia.register.choices import LegalStatus, MovementKind, OffenceStatus, ReleaseReason, Sex
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db

TERRORISM = services.OffenceData("09061", "Participation in a terrorist group")
THEFT_CONVICTED = services.OffenceData("0502", "Theft", status=OffenceStatus.CONVICTED)
RAPE_CONVICTED = services.OffenceData("0301", "Rape", status=OffenceStatus.CONVICTED)
ROBBERY_CONVICTED = services.OffenceData("0401", "Robbery", status=OffenceStatus.CONVICTED)
MURDER_CONVICTED = services.OffenceData("0101", "Murder", status=OffenceStatus.CONVICTED)


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def move(person, kind, days, **data):
    services.movement_record(
        actor=None,
        prisoner=person,
        data=services.MovementData(kind=kind, occurred_at=timezone.now() - timedelta(days=days), **data),
    )


@pytest.fixture
def world(staff_user):
    """Two prisons in use and one closed; people of every UN-CTS category, and two with a history."""
    first = PrisonFactory(name="=First", official_capacity=3)
    second = PrisonFactory(name="Second", official_capacity=2)
    PrisonFactory(name="Closed down", official_capacity=50, is_active=False)
    admit(actor=staff_user, prison=first, sex=Sex.MALE, offences=[TERRORISM])
    admit(
        actor=staff_user,
        prison=first,
        nationality="KE",
        legal_status=LegalStatus.CONVICTED,
        offences=[THEFT_CONVICTED, RAPE_CONVICTED],
    )
    admit(
        actor=staff_user,
        prison=second,
        sex=Sex.MALE,
        date_of_birth=date(timezone.localdate().year - 15, 1, 1),
        legal_status=LegalStatus.UNDER_APPEAL,
        offences=[ROBBERY_CONVICTED],
    )
    admit(actor=staff_user, prison=second, legal_status=LegalStatus.CIVIL)
    # Convicted, awaiting sentence: unsentenced, but not awaiting trial.
    admit(actor=staff_user, prison=second, offences=[THEFT_CONVICTED])
    # Remanded 400 days ago, convicted 200 days ago, released ten days ago.
    released = admit(
        actor=staff_user, prison=first, admitted_at=timezone.now() - timedelta(days=400), offences=[MURDER_CONVICTED]
    )
    services.legal_status_change(
        actor=staff_user, prisoner=released, status=LegalStatus.CONVICTED, effective_on=days_ago(200)
    )
    move(released, MovementKind.RELEASE, 10, release_reason=ReleaseReason.END_OF_SENTENCE)
    # Remanded 400 days ago in the first prison, transferred to the second 100 days ago.
    moved = admit(actor=staff_user, prison=first, sex=Sex.MALE, admitted_at=timezone.now() - timedelta(days=400))
    move(moved, MovementKind.TRANSFER, 100, to_prison=second)
    return {"first": first, "second": second}


def test_on_todays_date_the_figures_are_the_statistics_pages(staff_user, world):
    counts = uncts_counts.reference_counts(user=staff_user, day=timezone.localdate())
    stats = statistics_get(user=staff_user)
    assert counts.today and counts.held == stats.national.population == 6
    assert counts.capacity == stats.national.capacity == 5
    assert dict(counts.by_sex) == {code: n for code, _label, n in stats.by_sex.rows if n}
    assert counts.juveniles == stats.by_age_group.count("juvenile") == 1
    assert counts.nationals == stats.by_nationality.count("ZZ") == 5 and counts.foreigners == 1
    legal = stats.by_legal_status
    assert counts.by_status[UnctsStatus.UNSENTENCED] == legal.count(LegalStatus.PRE_TRIAL) == 3
    assert (
        counts.by_status[UnctsStatus.SENTENCED]
        == legal.count(LegalStatus.CONVICTED) + legal.count(LegalStatus.UNDER_APPEAL)
        == 2
    )
    assert counts.by_status[UnctsStatus.OTHER] == legal.count(LegalStatus.CIVIL) == 1
    assert counts.awaiting_trial == 2
    assert counts.by_section == {"03": 1, "04": 1}
    by_prison = {row.name: (row.held, row.capacity, row.unsentenced, row.veps) for row in counts.by_prison}
    assert by_prison == {"=First": (2, 3, 1, 1), "Second": (4, 2, 2, 0)}


def test_a_past_date_counts_the_people_held_then_as_they_stood(staff_user, world):
    remanded = uncts_counts.reference_counts(user=staff_user, day=days_ago(300))
    assert remanded.held == 2 and remanded.by_status == {UnctsStatus.UNSENTENCED: 2}
    # Convicted since: awaiting trial on the day, although the file now records the conviction.
    assert remanded.awaiting_trial == 2
    # The prison closed down held no one then: its places do not count.
    assert remanded.capacity == 5
    assert {row.name: row.held for row in remanded.by_prison} == {"=First": 2, "Second": 0}
    sentenced = uncts_counts.reference_counts(user=staff_user, day=days_ago(50))
    assert sentenced.by_status == {UnctsStatus.SENTENCED: 1, UnctsStatus.UNSENTENCED: 1}
    assert sentenced.by_section == {"01": 1}
    assert {row.name: row.held for row in sentenced.by_prison} == {"=First": 1, "Second": 1}


def test_the_months_agree_with_the_reference_date_count(staff_user, world):
    months = uncts_counts.monthly_counts(user=staff_user, first=days_ago(500), last=timezone.localdate())
    assert months[-1].day == timezone.localdate() and months[-1].held == 6 and months[-1].veps == 1
    for month in months:
        counts = uncts_counts.reference_counts(user=staff_user, day=month.day)
        assert (month.held, month.unsentenced, month.capacity) == (
            counts.held,
            counts.by_status[UnctsStatus.UNSENTENCED],
            counts.capacity,
        ), month.day


def test_the_prisons_months_add_up_to_the_national_ones(staff_user, world):
    trends = uncts_counts.monthly_trends(
        user=staff_user, first=days_ago(500), last=timezone.localdate(), per_prison=True
    )
    assert list(trends.by_prison) == ["=First", "Second"]
    for i, month in enumerate(trends.national):
        prisons = [months[i] for months in trends.by_prison.values()]
        assert all(p.day == month.day for p in prisons)
        assert (month.held, month.unsentenced, month.veps, month.capacity) == (
            sum(p.held for p in prisons),
            sum(p.unsentenced for p in prisons),
            sum(p.veps for p in prisons),
            sum(p.capacity for p in prisons),
        )
    assert trends.by_prison["Second"][-1].held == 4 and trends.by_prison["=First"][-1].veps == 1


def test_a_director_counts_their_own_prison(make_staff, world):
    director = make_staff("director-second", roles.DIRECTOR, prisons=[world["second"]])
    counts = uncts_counts.reference_counts(user=director, day=timezone.localdate())
    assert counts.held == 4 and counts.capacity == 2
    assert [row.name for row in counts.by_prison] == ["Second"]
    months = uncts_counts.monthly_counts(user=director, first=days_ago(300), last=timezone.localdate())
    assert months[0].held == 0 and months[-1].held == 4


def test_the_page_and_its_csv(staff_client, world, django_assert_max_num_queries):
    url = reverse("oversight:uncts")
    with django_assert_max_num_queries(30):
        response = staff_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reference date: today" in html and "Unsentenced: persons held who are untried" in html
    assert 'id="chart-trend-occupancy" type="application/json"' in html and "<script>" not in html
    last_year = timezone.localdate().year - 1
    response = staff_client.get(url, {"year": last_year, "csv": "uncts-prisons"})
    assert response["Content-Type"].startswith("text/csv")
    assert "'=First" in response.content.decode()
    response = staff_client.get(url, {"year": last_year})
    assert f"31 December {last_year}" in response.content.decode()
    assert f'href="?year={last_year}&amp;csv=uncts-sex"' in response.content.decode()
    # A year without records is shown as the year under way.
    assert "Reference date: today" in staff_client.get(url, {"year": 1900}).content.decode()


def test_the_statistics_page_links_to_it(staff_client):
    assert reverse("oversight:uncts") in staff_client.get(reverse("oversight:statistics")).content.decode()


def test_the_export_as_csv_and_xlsx(world, tmp_path):
    year = timezone.localdate().year
    call_command("export_uncts", "--year", str(year), "--output", str(tmp_path / "uncts.csv"))
    text = (tmp_path / "uncts.csv").read_text(encoding="utf-8")
    assert "Total persons held,6" in text and "Official capacity,5" in text and "'=First" in text
    assert "Unsentenced: persons held who are untried" in text
    call_command("export_uncts", "--year", str(year - 1), "--output", str(tmp_path / "uncts.xlsx"))
    book = load_workbook(tmp_path / "uncts.xlsx")
    assert book.sheetnames == ["UN-CTS", "Trends"]
    assert any(row[0] == "'=First" for row in book["Trends"].iter_rows(values_only=True))
    cells = [row for row in book["UN-CTS"].iter_rows(values_only=True)]
    held = uncts_counts.reference_counts(user=None, day=date(year - 1, 12, 31)).held
    assert ("Total persons held", held) in [row[:2] for row in cells]
    assert all(not (isinstance(cell, str) and cell.startswith("=")) for row in cells for cell in row)


def test_the_export_refuses_a_year_to_come_and_another_format(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="has not begun"):
        call_command("export_uncts", "--year", str(timezone.localdate().year + 1), "--output", str(tmp_path / "a.csv"))
    with pytest.raises(CommandError, match="from 1900"):
        call_command("export_uncts", "--year", "0", "--output", str(tmp_path / "a.csv"))
    with pytest.raises(CommandError, match=".csv or .xlsx"):
        call_command("export_uncts", "--year", "2020", "--output", str(tmp_path / "a.pdf"))
