"""The compliance monitor's page (/statistics/compliance/) and the people behind a count
(/statistics/compliance/<key>/<prison>/): who sees which prisons, the chooser, need-to-know on the
people (a director of another prison gets nothing, an analyst the count only), the exports and a
fixed number of queries."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from custodia.accounts import roles
from custodia.core.actions import AuditAction
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.oversight.compliance.registry import check_of
from custodia.register.choices import Relationship, Sex
from custodia.register.models import FamilyMember
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db

CHILDREN = "bangkok-3-children"  # Bangkok Rule 3: it lists the women concerned
OCCUPANCY = "occupancy"  # about the prison as a whole: it names no one
NEAR_HOME = "rule-59-near-home"  # not yet recorded


def mother(prison, name: str, *, whereabouts: str):
    woman = admit(prison=prison, sex=Sex.FEMALE, given_names=name, family_name="Nakato")
    # Written as an old file or an import would have it: the admission form refuses it today.
    FamilyMember.objects.create(prisoner=woman, name="Child", relationship=Relationship.CHILD, whereabouts=whereabouts)
    return woman


@pytest.fixture
def world():
    """Two prisons: at "=Luzira" (a name a spreadsheet would run) two women, one whose child is not
    accounted for, held over a capacity of one; at Arua one woman, her child accounted for."""
    luzira = PrisonFactory(name="=Luzira", official_capacity=1)
    arua = PrisonFactory(name="Arua", official_capacity=10)
    short = mother(luzira, "Zqmissingchild", whereabouts="  ")
    mother(luzira, "Withchild", whereabouts="With her sister in Kampala")
    mother(arua, "Aruamother", whereabouts="At school")
    return {"luzira": luzira, "arua": arua, "short": short}


def page(client, **query):
    return client.get(reverse("oversight:compliance"), query)


def people_url(key: str, prison) -> str:
    return reverse("oversight:compliance_people", args=[key, prison.pk])


def test_headquarters_see_every_prison_and_the_national_total(client, make_staff, sign_in, world):
    sign_in(client, make_staff("hq-analyst", roles.HQ_STATISTICS, nationwide=True))
    response = page(client)
    assert response.status_code == 200
    html = response.content.decode()
    head = html.split('id="table-compliance"')[1].split("</thead>")[0]
    assert "=Luzira" in head and "Arua" in head and "National total" in head
    children = html.split(f'id="check-{CHILDREN}"')[1].split("</tr>")[0]
    assert "Bangkok Rule 3" in children and str(check_of(CHILDREN).definition)[:40] in children
    # Luzira: one of two women short (50 %); Arua: none of one; in total one of three.
    assert "50.0 %" in children and "100.0 %" in children and "66.7 %" in children
    assert f'href="{people_url(CHILDREN, world["luzira"])}"' in children
    assert people_url(CHILDREN, world["arua"]) not in children  # nobody short there: no link
    near_home = html.split(f'id="check-{NEAR_HOME}"')[1].split("</tr>")[0]
    assert "not yet recorded" in near_home and "does not record where a person" in near_home
    occupancy = html.split(f'id="check-{OCCUPANCY}"')[1].split("</tr>")[0]
    assert "1 short</a> of 2" in occupancy and "1 short of 3" in occupancy  # at Luzira, and in total
    assert "Zqmissingchild" not in html  # counts carry no names


def test_the_scores_in_the_readers_language(client, make_staff, sign_in, world):
    """The cells are written once per page (compliance_cells), in the reader's language and its
    numbers, with the same texts the catalogue translates."""
    sign_in(client, make_staff("hq-analyst-fr", roles.HQ_STATISTICS, nationwide=True))
    html = client.get("/fr/statistics/compliance/").content.decode()
    children = html.split(f'id="check-{CHILDREN}"')[1].split("</tr>")[0]
    url = people_url(CHILDREN, world["luzira"]).replace("/en/", "/fr/", 1)
    assert '<span class="text-danger">50,0 %</span>' in children
    assert f'<a href="{url}">1 en défaut</a> sur 2' in children and "1 en défaut sur 3" in children
    near_home = html.split(f'id="check-{NEAR_HOME}"')[1].split("</tr>")[0]
    assert "text-end" not in near_home  # not yet recorded: no score cells


def test_a_director_sees_their_own_prison(client, make_staff, sign_in, world):
    sign_in(client, make_staff("director-luzira", roles.DIRECTOR, prisons=[world["luzira"]]))
    html = page(client).content.decode()
    head = html.split('id="table-compliance"')[1].split("</thead>")[0]
    assert "=Luzira" in head and "Arua" not in head and "total" not in head.lower()
    assert 'name="prison"' not in html  # one prison: nothing to choose


@pytest.mark.parametrize("role", [roles.WING, roles.RECEPTION, roles.CASE_MANAGER, roles.HEALTH])
def test_prison_officers_are_refused(client, make_staff, sign_in, world, role):
    sign_in(client, make_staff(f"officer-{role}", role, prisons=[world["luzira"]]))
    assert page(client).status_code == 403
    assert client.get(people_url(CHILDREN, world["luzira"])).status_code == 403


def test_headquarters_choose_a_prison(client, make_staff, sign_in, world):
    sign_in(client, make_staff("hq-vep", roles.HQ_VEP, nationwide=True))
    html = page(client, prison=world["arua"].pk).content.decode()
    head = html.split('id="table-compliance"')[1].split("</thead>")[0]
    assert "Arua" in head and "=Luzira" not in head and "total" not in head.lower()
    assert f'<option value="{world["arua"].pk}" selected>' in html
    # A prison that is not there, or not a number: every prison.
    for chosen in ("999999", "abc"):
        head = page(client, prison=chosen).content.decode().split('id="table-compliance"')[1].split("</thead>")[0]
        assert "Arua" in head and "=Luzira" in head


def test_a_file_reader_sees_the_people_concerned_and_each_read_is_logged(client, make_staff, sign_in, world):
    hq = make_staff("hq-vep-people", roles.HQ_VEP, nationwide=True)
    sign_in(client, hq)
    response = client.get(people_url(CHILDREN, world["luzira"]))
    html = response.content.decode()
    assert response.status_code == 200
    rows = html.split('id="compliance-people"')[1].split("</table>")[0]
    assert "Zqmissingchild" in rows and "Withchild" not in rows and world["short"].number in rows
    assert reverse("register:prisoner_detail", args=[world["short"].pk]) in rows
    assert "1 of 2 (women held)" in html
    reads = AuditEvent.objects.filter(actor=hq, action="read", reason="compliance")
    assert [(e.object_type, e.object_id) for e in reads] == [("register.prisoner", str(world["short"].pk))]


def test_a_director_of_another_prison_gets_nothing(client, make_staff, sign_in, world):
    sign_in(client, make_staff("director-arua", roles.DIRECTOR, prisons=[world["arua"]]))
    assert client.get(people_url(CHILDREN, world["luzira"])).status_code == 404
    assert client.get(people_url(CHILDREN, world["luzira"]) + "?format=csv").status_code == 404
    # Their own prison: nobody falls short there.
    html = client.get(people_url(CHILDREN, world["arua"])).content.decode()
    assert "No one falls short" in html and "Zqmissingchild" not in html


def test_an_analyst_who_may_not_open_files_sees_the_count_only(client, make_staff, sign_in, world):
    analyst = make_staff("hq-analyst-people", roles.HQ_STATISTICS, nationwide=True)
    sign_in(client, analyst)
    response = client.get(people_url(CHILDREN, world["luzira"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 of 2 (women held)" in html and 'id="count-only"' in html
    assert "Zqmissingchild" not in html and world["short"].number not in html
    assert client.get(people_url(CHILDREN, world["luzira"]) + "?format=csv").status_code == 200  # the page, not a file
    assert not AuditEvent.objects.filter(actor=analyst, action__in=("read", AuditAction.EXPORT)).exists()


def test_unknown_checks_and_checks_that_name_no_one(client, make_staff, sign_in, world):
    sign_in(client, make_staff("hq-vep-unknown", roles.HQ_VEP, nationwide=True))
    assert (
        client.get(reverse("oversight:compliance_people", args=["no-such-check", world["luzira"].pk])).status_code
        == 404
    )
    assert client.get(reverse("oversight:compliance_people", args=[CHILDREN, 999_999])).status_code == 404
    occupancy = client.get(people_url(OCCUPANCY, world["luzira"])).content.decode()
    assert 'id="names-no-one"' in occupancy and "1 of 2 (people held)" in occupancy
    near_home = client.get(people_url(NEAR_HOME, world["luzira"])).content.decode()
    assert 'id="not-recorded"' in near_home and "compliance-people" not in near_home


def test_the_page_in_a_fixed_number_of_queries(client, make_staff, sign_in, world, django_assert_max_num_queries):
    """However many prisons and people: the checks count every prison at once, and the page asks
    each check whether it names people without reading a row."""
    sign_in(client, make_staff("hq-queries", roles.HQ_VEP, nationwide=True))
    for n in range(4):
        mother(PrisonFactory(name=f"Prison {n}"), f"Mother{n}", whereabouts="")
    with django_assert_max_num_queries(23):  # 11 checks: 20 with the session and the rights read
        assert page(client).status_code == 200
    with django_assert_max_num_queries(9):  # the tallies from the cache
        assert page(client).status_code == 200


def test_the_people_list_in_a_fixed_number_of_queries(
    client, make_staff, sign_in, world, django_assert_max_num_queries
):
    sign_in(client, make_staff("hq-people-queries", roles.HQ_VEP, nationwide=True))
    for n in range(5):
        mother(world["luzira"], f"More{n}", whereabouts="")
    with django_assert_max_num_queries(16):  # the reads of the people shown recorded among them
        response = client.get(people_url(CHILDREN, world["luzira"]))
    assert response.content.decode().count("Nakato") == 6


def test_the_table_as_csv_and_xlsx_neutralised_and_audited(client, make_staff, sign_in, world):
    hq = make_staff("hq-export", roles.HQ_STATISTICS, nationwide=True)
    sign_in(client, hq)
    response = page(client, csv="compliance")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Rule",
        "Check",
        "Counted",
        "Prison",
        "Checked",
        "Falling short",
        "Score (%)",
        "Not yet recorded",
    ]
    children = [row for row in rows if row[0] == "Bangkok Rule 3"]
    assert [row[3:7] for row in children] == [
        ["'=Luzira", "2", "1", "50.0"],  # the apostrophe: a spreadsheet shows it as text
        ["Arua", "1", "0", "100.0"],
        ["National total", "3", "1", "66.7"],
    ]
    near_home = next(row for row in rows if row[0] == "Rule 59")
    assert near_home[4:7] == ["", "", ""] and "does not record" in near_home[7]
    assert "Zqmissingchild" not in response.content.decode()

    book = load_workbook(io.BytesIO(page(client, xlsx="compliance").content))
    cells = [row for row in book.active.iter_rows(values_only=True) if row[0] == "Bangkok Rule 3"]
    assert cells[0][:7] == (
        "Bangkok Rule 3",
        "Children of women held accounted for",
        "women held",
        "'=Luzira",
        2,
        1,
        50.0,
    )
    exports = AuditEvent.objects.filter(actor=hq, action=AuditAction.EXPORT).order_by("id")
    assert [(e.changes["list"][1], e.changes["format"][1]) for e in exports] == [
        ("figures:compliance", "csv"),
        ("figures:compliance", "xlsx"),
    ]
    assert page(client, csv="no-such-table").status_code == 404


def test_the_people_as_a_file_as_the_page_lists_them(client, make_staff, sign_in, world):
    hq = make_staff("hq-people-export", roles.HQ_VEP, nationwide=True)
    sign_in(client, hq)
    response = client.get(people_url(CHILDREN, world["luzira"]) + "?format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Number", "Name", "Unit"]
    assert [row[:2] for row in rows[1:]] == [[world["short"].number, world["short"].display_name]]
    event = AuditEvent.objects.get(actor=hq, action=AuditAction.EXPORT)
    assert event.changes["list"][1] == "compliance-people"
    assert event.changes["people"][1] == [world["short"].number]
    assert event.changes["filters"][1] == {"check": [CHILDREN], "prison": [str(world["luzira"].pk)]}
    xlsx = client.get(people_url(CHILDREN, world["luzira"]) + "?format=xlsx")
    assert (
        list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))[1][0] == world["short"].number
    )


def test_the_cached_counts_follow_a_change(client, make_staff, sign_in, world):
    """The counts are cached until the audit trail records a change: an admission shows at once,
    reading the page again does not count again."""
    sign_in(client, make_staff("hq-cache", roles.HQ_VEP, nationwide=True))
    cell = page(client).content.decode().split(f'id="check-{CHILDREN}"')[1].split("</tr>")[0]
    assert "1 short of 3" in cell  # the total
    mother(world["arua"], "Newcomer", whereabouts="")  # an admission, audited
    cell = page(client).content.decode().split(f'id="check-{CHILDREN}"')[1].split("</tr>")[0]
    assert "2 short of 4" in cell


def test_a_long_list_of_people_is_written_by_the_worker(client, make_staff, sign_in, world, settings, tmp_path):
    from custodia.jobs import services as jobs_services
    from custodia.jobs.choices import JobState
    from custodia.jobs.models import ExportJob

    settings.EXPORT_SYNC_LIMIT = 0
    settings.EXPORT_DIR = tmp_path
    hq = make_staff("hq-people-job", roles.HQ_VEP, nationwide=True)
    sign_in(client, hq)
    response = client.get(people_url(CHILDREN, world["luzira"]) + "?format=csv")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.list_name == "compliance-people" and job.params == {
        "check": [CHILDREN],
        "prison": [str(world["luzira"].pk)],
    }
    assert jobs_services.export_run(job_id=job.pk) == 1  # what the worker runs
    job.refresh_from_db()
    assert job.state == JobState.DONE
    download = client.get(reverse("jobs:download", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[1][:2] == [world["short"].number, world["short"].display_name]
