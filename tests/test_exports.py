"""Exports of lists and tables (core.exports, custodia.jobs): cells neutralised in CSV and XLSX, a
file holding no more than its page, every export an audit event listing what it held, a large
list written in the background and downloadable by who asked for it only."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from custodia.accounts import roles
from custodia.alerts.tests.factories import alert
from custodia.complaints import services as complaint_services
from custodia.complaints.tests.factories import made, world
from custodia.contact.tests.factories import contact, restricted
from custodia.contact.tests.factories import world as contact_world
from custodia.core.actions import AuditAction
from custodia.core.exports import CSV, XLSX, ExportTable, write
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory
from custodia.incidents.tests.factories import submitted
from custodia.intelligence.tests.factories import graded
from custodia.intelligence.tests.factories import held as intelligence_held
from custodia.intelligence.tests.factories import staff as intelligence_staff
from custodia.intelligence.tests.factories import submitted as intelligence_submitted
from custodia.jobs import services
from custodia.jobs.choices import JobState
from custodia.jobs.models import ExportJob
from custodia.measures.tests.factories import held, imposed
from custodia.register import services as register_services
from custodia.register.tests.factories import admit, released
from custodia.reintegration.tests.factories import near_release, released_plan
from custodia.security.tests.factories import threatened_by_someone_elsewhere
from custodia.training.tests.world import staff as training_staff
from custodia.training.tests.world import training_world

pytestmark = pytest.mark.django_db

DANGEROUS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\t=1", "\r=1"]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", [CSV, XLSX])
def test_cells_a_spreadsheet_would_run_are_written_as_text(fmt):
    table = ExportTable(
        name="test", title="Test", columns=["a", "b"], rows=[[cell, 7] for cell in [*DANGEROUS, "plain"]], count=7
    )
    out = io.BytesIO()
    written = write(table, fmt, out)
    rows = (read_csv if fmt == CSV else read_xlsx)(out.getvalue())
    assert written.rows == 7
    assert rows[0] == ["a", "b"]
    values = [row[0] for row in rows[1:]]
    expected = ["'" + cell for cell in DANGEROUS] + ["plain"]
    if fmt == XLSX:  # XML reads a carriage return back as a line feed
        expected = [cell.replace("\r", "\n") for cell in expected]
    assert values == expected
    assert {str(row[1]) for row in rows[1:]} == {"7"}  # numbers stay numbers


@pytest.fixture
def two_prisons(make_staff):
    """A prison with three people, one of them released (no longer held), and another prison with
    one person; a reception officer of the first prison."""
    cell = CellFactory()
    other = CellFactory()
    here = [
        admit(cell=cell, given_names="=HYPERLINK(1)", family_name="Marker"),
        admit(cell=CellFactory(unit__prison=cell.unit.prison), given_names="Grace", family_name="Akello", sex="male"),
    ]
    gone = released(cell, given_names="Former", family_name="Person")
    elsewhere = admit(cell=other, given_names="Elsewhere", family_name="Nobodyhere")
    officer = make_staff("reception", roles.RECEPTION, prisons=[cell.unit.prison])
    return {"here": here, "gone": gone, "elsewhere": elsewhere, "officer": officer, "cell": cell}


def exported(client, fmt: str, query: str = "") -> list[list[object]]:
    response = client.get(f"{reverse('register:prisoner_list')}?{query}&format={fmt}")
    assert response.status_code == 200, response
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return (read_csv if fmt == CSV else read_xlsx)(content)


@pytest.mark.parametrize("fmt", [CSV, XLSX])
def test_the_prisoners_list_exports_what_the_page_shows_and_no_more(client, sign_in, two_prisons, fmt):
    w = two_prisons
    sign_in(client, w["officer"])
    page = client.get(reverse("register:prisoner_list") + "?include_former=on").content.decode()
    rows = exported(client, fmt, "include_former=on")
    numbers = {str(row[0]) for row in rows[1:]}
    # The same people as the page: those of the officer's prison, the released person too.
    assert numbers == {p.number for p in [*w["here"], w["gone"]]}
    assert all(number in page for number in numbers)
    assert w["elsewhere"].number not in numbers and "Nobodyhere" not in str(rows)
    # What the page withholds for the person no longer held here (legal status, prison, cell) the
    # file withholds too: their number, name and sex only.
    gone = next(row for row in rows if str(row[0]) == w["gone"].number)
    assert [cell or "" for cell in gone[3:]] == [""] * 6
    # The name typed as a formula reaches the spreadsheet as text.
    marker = next(row for row in rows if str(row[0]) == w["here"][0].number)
    assert str(marker[1]).startswith("'=HYPERLINK")
    # The filters of the page apply: men only.
    rows = exported(client, fmt, "sex=male")
    assert [str(row[0]) for row in rows[1:]] == [w["here"][1].number]


def test_every_export_is_an_audit_read_listing_what_it_held(client, sign_in, two_prisons):
    w = two_prisons
    sign_in(client, w["officer"])
    before = AuditEvent.objects.count()
    exported(client, CSV, "sex=female")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert AuditEvent.objects.count() == before + 1
    assert event.actor == w["officer"]
    assert event.changes["list"] == [None, "prisoners"]
    assert event.changes["filters"] == [None, {"sex": ["female"]}]
    assert event.changes["format"] == [None, "csv"]
    assert event.changes["rows"] == [None, 1]
    assert event.changes["people"] == [None, [w["here"][0].number]]


def test_a_figure_table_exports_as_xlsx_and_is_audited(client, sign_in, make_staff, two_prisons):
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    sign_in(client, analyst)
    page = client.get(reverse("oversight:measures")).content.decode()
    slug = re.search(r"xlsx=([\w-]+)", page)
    assert slug, "the figures page offers XLSX"
    response = client.get(reverse("oversight:measures") + f"?xlsx={slug[1]}")
    assert response.status_code == 200
    rows = read_xlsx(response.content)
    assert len(rows) >= 1
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.changes["list"] == [None, f"figures:{slug[1]}"]
    assert event.changes["people"] == [None, []]
    assert client.get(reverse("oversight:measures") + "?xlsx=no-such-table").status_code == 404


def test_a_large_list_is_written_in_the_background(client, sign_in, make_staff, two_prisons, settings, tmp_path):
    settings.EXPORT_SYNC_LIMIT = 1
    settings.EXPORT_DIR = tmp_path
    w = two_prisons
    sign_in(client, w["officer"])
    response = client.get(reverse("register:prisoner_list") + "?format=xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == JobState.QUEUED and job.total == 2 and job.requested_by == w["officer"]
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and "every 2s" in page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404  # not written yet
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    assert services.export_run(job_id=job.pk) == 2  # what the worker runs
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.row_count == 2 and job.progress == 2
    assert [p.name for p in tmp_path.iterdir()] == [job.file_name]  # no temporary file left
    fragment = client.get(
        reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true", "HX-Target": "job-progress"}
    )
    assert b"every 2s" not in fragment.content and reverse("jobs:download", args=[job.pk]).encode() in fragment.content
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    rows = read_xlsx(b"".join(download.streaming_content))
    assert {str(row[0]) for row in rows[1:]} == {p.number for p in w["here"]}
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.object_type, event.object_id) == ("jobs.exportjob", str(job.pk))
    assert sorted(event.changes["people"][1]) == sorted(p.number for p in w["here"])

    # The file is for who asked for it: another officer of the same prison gets nothing.
    other = make_staff("reception-2", roles.RECEPTION, prisons=[w["cell"].unit.prison])
    sign_in(client, other)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404


def test_the_administrator_sees_every_job_and_why_one_failed(client, sign_in, make_staff, two_prisons, settings):
    settings.EXPORT_SYNC_LIMIT = 0
    w = two_prisons
    sign_in(client, w["officer"])
    client.get(reverse("register:prisoner_list") + "?format=csv")
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(state=JobState.FAILED, error="Disk full")
    assert client.get(reverse("jobs:list")).status_code == 403
    sign_in(client, make_staff("admin", roles.ADMINISTRATOR, nationwide=True))
    page = client.get(reverse("jobs:list")).content.decode()
    assert "Disk full" in page and "reception" in page and "Failed" in page


def test_the_job_list_reads_a_fixed_number_of_queries(
    client, sign_in, make_staff, two_prisons, settings, django_assert_max_num_queries
):
    settings.EXPORT_SYNC_LIMIT = 0
    sign_in(client, two_prisons["officer"])
    for _i in range(5):
        client.get(reverse("register:prisoner_list") + "?format=csv")
    sign_in(client, make_staff("admin", roles.ADMINISTRATOR, nationwide=True))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("jobs:list")).status_code == 200


WORKLISTS = ["register:prisoner_list", "assessment:worklist", "classification:reviews", "plans:worklist"]


@pytest.mark.parametrize("route", WORKLISTS)
@pytest.mark.parametrize("role", [roles.CASE_MANAGER, roles.RECEPTION, roles.DIRECTOR])
def test_each_worklist_exports_the_people_its_page_shows(client, sign_in, make_staff, two_prisons, route, role):
    """Whoever may open the page gets a file of the same people, none the page leaves out (the
    person held elsewhere is on no page of this prison's staff); whoever may not gets no file."""
    w = two_prisons
    user = make_staff(f"user-{role}", role, prisons=[w["cell"].unit.prison])
    sign_in(client, user)
    page = client.get(reverse(route))
    response = client.get(reverse(route) + "?format=csv")
    if page.status_code == 403:
        assert response.status_code == 403
        return
    assert page.status_code == 200 and response.status_code == 200
    assert "format=xlsx" in page.content.decode()  # the export control
    on_page = set(re.findall(r"P\d{4}-\d{6}", page.content.decode()))
    in_file = {row[2] if route != "register:prisoner_list" else row[0] for row in read_csv(response.content)[1:]}
    assert in_file == on_page
    if route in ("register:prisoner_list", "assessment:worklist"):
        assert in_file, "the first assessment is due for each person admitted"
    assert w["elsewhere"].number not in in_file
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert sorted(event.changes["people"][1]) == sorted(
        row[2] if route != "register:prisoner_list" else row[0] for row in read_csv(response.content)[1:]
    )


@pytest.fixture
def security_lists(make_staff):
    """A prison with a measure in force, alerts in force (one of a restricted code) and an incident
    report naming a man held there; another prison with the same, which no one of the first sees."""
    prison = CellFactory().unit.prison
    other = CellFactory().unit.prison
    director = make_staff("lists-director", roles.DIRECTOR, prisons=[prison])
    security = make_staff("lists-security", roles.SECURITY, prisons=[prison])
    far_director = make_staff("far-director", roles.DIRECTOR, prisons=[other])
    far_security = make_staff("far-security", roles.SECURITY, prisons=[other])
    apart, flagged, recruiter = (held(prison, given_names=n, family_name="Here") for n in ("Apart", "Flag", "Rec"))
    elsewhere = held(other, given_names="Elsewhere", family_name="Nobodyhere")
    imposed(director, apart)
    imposed(far_director, elsewhere)
    alert(security, flagged)
    alert(security, recruiter, "recruiter_risk")
    alert(far_security, elsewhere)
    incident = submitted(security, apart, place="=cmd|' /C calc'!A0")
    far_incident = submitted(far_security, elsewhere)
    return {
        "prison": prison,
        "apart": apart,
        "flagged": flagged,
        "recruiter": recruiter,
        "elsewhere": elsewhere,
        "incident": incident,
        "far_incident": far_incident,
    }


SECURITY_LISTS = ["measures:list", "alerts:list", "incidents:list"]
NUMBER = re.compile(r"P\d{4}-\d{6}")


@pytest.mark.parametrize("route", SECURITY_LISTS)
@pytest.mark.parametrize(
    "role", [roles.DIRECTOR, roles.SECURITY, roles.WING, roles.HEALTH, roles.CASE_MANAGER, roles.RECEPTION]
)
def test_each_security_list_exports_what_its_page_shows(client, sign_in, make_staff, security_lists, route, role):
    """The same people (for the incidents, which name no one, the same reports) in the file as on
    the page, for each role; a file refused where the page is; the export audited."""
    w = security_lists
    user = make_staff(f"reader-{role}", role, prisons=[w["prison"]])
    sign_in(client, user)
    page = client.get(reverse(route))
    response = client.get(reverse(route) + "?format=csv")
    if page.status_code == 403:
        assert response.status_code == 403
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert page.status_code == 200 and response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html  # the export control
    rows = read_csv(response.content)[1:]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    if route == "incidents:list":
        on_page = set(re.findall(r'data-incident="(\d+)"', html))
        assert {row[0] for row in rows} == on_page == {str(w["incident"].pk)}
        assert not NUMBER.search(response.content.decode("utf-8-sig"))  # the page names no one
        assert event.changes["people"] == [None, []]
        # A place typed as a formula reaches the spreadsheet as text.
        assert any(cell.startswith("'=cmd") for cell in rows[0])
        return
    on_page = set(NUMBER.findall(html))
    in_file = {row[0] for row in rows}
    assert in_file == on_page and in_file
    assert w["elsewhere"].number not in in_file and "Nobodyhere" not in str(rows)
    assert sorted(event.changes["people"][1]) == sorted(row[0] for row in rows)
    assert event.changes["list"] == [None, route.split(":")[0]]
    if route == "alerts:list":
        # The restricted code is on the page and in the file of the roles that may see it alone.
        sees = role in (roles.SECURITY, roles.DIRECTOR)
        assert (w["recruiter"].number in in_file) == sees


@pytest.mark.parametrize("route", SECURITY_LISTS)
def test_a_security_list_keeps_its_filters_in_the_file(client, sign_in, make_staff, security_lists, route):
    w = security_lists
    user = make_staff("lists-reader", roles.DIRECTOR, prisons=[w["prison"]])
    sign_in(client, user)
    query = {
        "measures:list": "show=appeals",  # no appeal awaiting a decision: nothing
        "alerts:list": "code=escape_risk",  # the escape risk only: not the recruiter
        "incidents:list": "show=set_aside",  # none set aside
    }[route]
    page = client.get(f"{reverse(route)}?{query}").content.decode()
    response = client.get(f"{reverse(route)}?{query}&format=xlsx")
    assert response.status_code == 200
    rows = read_xlsx(response.content)[1:]
    if route == "alerts:list":
        assert [row[0] for row in rows] == [w["flagged"].number] and w["flagged"].number in page
    else:
        assert rows == []
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    key, value = query.split("=")
    assert event.changes["filters"] == [None, {key: [value]}] and event.changes["format"] == [None, "xlsx"]


@pytest.fixture
def complaints(make_staff):
    """A complaint to the director; another person's made in confidence to the inspection body (an
    allegation of ill-treatment); a complaint at another prison."""
    w = world(make_staff)
    to_director = made(w)
    confiding = admit(cell=CellFactory(unit__prison=w.prison), given_names="Confiding", family_name="Person")
    secret = complaint_services.complaint_add(
        actor=w.inspector,
        prisoner=confiding,
        data=complaint_services.ComplaintData(
            "complaint", "staff", "person", "inspection", "The night guard", to_director.made_on
        ),
    )
    far = world(make_staff, suffix="-far")
    made(far)
    return {"w": w, "to_director": to_director, "secret": secret, "confiding": confiding, "far": far}


@pytest.mark.parametrize("who", ["wing", "director", "hq", "inspector", "security", "reception"])
def test_the_complaints_list_exports_what_its_page_shows(client, sign_in, make_staff, complaints, who):
    """The same complaints in the file as on the page; one made in confidence to the inspection body
    in the file of the inspection body alone, as on the page; no file where there is no page."""
    w = complaints["w"]
    user = make_staff("c-reception", roles.RECEPTION, prisons=[w.prison]) if who == "reception" else getattr(w, who)
    sign_in(client, user)
    page = client.get(reverse("complaints:list"))
    response = client.get(reverse("complaints:list") + "?format=csv")
    if page.status_code != 200:
        assert response.status_code == page.status_code
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html
    rows = read_csv(response.content)[1:]
    assert len(rows) == len(re.findall(r"data-complaint=", html))
    assert sorted(row[1] for row in rows) == sorted(NUMBER.findall(html))
    numbers = {row[1] for row in rows}
    assert complaints["far"].prisoner.number not in numbers or who in ("hq", "inspector")
    assert (complaints["confiding"].number in numbers) == (who == "inspector")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert event.changes["list"] == [None, "complaints"] and event.changes["rows"] == [None, len(rows)]
    # Whoever reads the trail must not learn who complained to the inspection body in confidence.
    assert event.changes["people"] == [None, [] if who == "inspector" else [row[1] for row in rows]]


def test_the_complaints_list_keeps_its_filters_in_the_file(client, sign_in, complaints):
    w = complaints["w"]
    sign_in(client, w.inspector)
    rows = read_xlsx(client.get(reverse("complaints:list") + "?open=1&format=xlsx").content)[1:]
    assert [row[1] for row in rows] == [complaints["confiding"].number]
    # No allegation of ill-treatment among them: an empty file, as the page is empty.
    assert read_xlsx(client.get(reverse("complaints:list") + "?allegations=1&format=xlsx").content)[1:] == []


@pytest.fixture
def intelligence(make_staff):
    """At one prison: a report graded B2 1, one graded 5 (its handling code lets the security
    officers alone read it), one awaiting grading; at another prison a graded report."""
    s = intelligence_staff(make_staff)
    far = intelligence_staff(make_staff, suffix="-far")
    person = intelligence_held(s.prison, given_names="Subject", family_name="Here")
    open_report = graded(s.wing, s.security, person, content="ZQREPORTA passing notes", handling="1")
    closed_report = graded(s.security, s.security2, person, content="ZQREPORTB inside the circle", handling="5")
    ungraded = intelligence_submitted(s.wing, person, content="ZQREPORTC heard in the yard")
    graded(far.wing, far.security, intelligence_held(far.prison), content="ZQREPORTFAR elsewhere")
    return {"s": s, "person": person, "reports": (open_report, closed_report, ungraded)}


def report_gradings(html: str) -> dict[str, str]:
    """Each report of the page by its number: the grading it shows ("" before it is graded)."""
    found = {}
    for chunk in html.split('<tr data-report="')[1:]:
        number, rest = chunk.split('"', 1)
        row = rest.split("</tr>", 1)[0]
        grading = re.search(r'<span dir="ltr">([^<]*)</span>', row)
        found[number] = grading[1] if grading else ""
    return found


@pytest.mark.parametrize("who", ["security", "director", "wing", "case_manager", "hq"])
@pytest.mark.parametrize("fmt", [CSV, XLSX])
def test_the_intelligence_list_exports_exactly_what_its_page_shows(client, sign_in, intelligence, who, fmt):
    """The reports the reader's handling codes admit, grading and all, as on the page: not one more,
    not a word of a report, no one named; no file where there is no page."""
    s = intelligence["s"]
    user = getattr(s, who)
    sign_in(client, user)
    page = client.get(reverse("intelligence:list"))
    response = client.get(reverse("intelligence:list") + f"?format={fmt}")
    if page.status_code != 200:
        assert response.status_code == page.status_code
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html
    rows = (read_csv if fmt == CSV else read_xlsx)(response.content)
    grading_column = rows[0].index("Grading")
    in_file = {str(row[0]): str(row[grading_column] or "") for row in rows[1:]}
    assert in_file == report_gradings(html)
    open_report, closed_report, _ungraded = intelligence["reports"]
    assert in_file.get(str(open_report.pk)) == "B21"
    # The report graded 5 is in the file of the security officers and the headquarters VEP unit
    # alone, as on their page.
    assert (str(closed_report.pk) in in_file) == (who in ("security", "hq"))
    text = str(rows)
    assert "ZQREPORT" not in text and intelligence["person"].number not in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert event.changes["list"] == [None, "intelligence"] and event.changes["rows"] == [None, len(in_file)]
    assert event.changes["people"] == [None, []]


@pytest.fixture
def non_associations(make_staff):
    """At one prison two men kept apart, and one of them kept apart from a man held elsewhere; at a
    third prison a pair no one of the first sees."""
    prison = CellFactory().unit.prison
    officer = make_staff("na-security", roles.SECURITY, prisons=[prison])
    young, recruiter = (held(prison, given_names=n, family_name="Here") for n in ("Young", "Recruiter"))
    far = admit(prison=CellFactory().unit.prison, given_names="Faraway", family_name="Elsewhere")
    threatened_by_someone_elsewhere(officer, young, recruiter)
    threatened_by_someone_elsewhere(officer, young, far)
    third = CellFactory().unit.prison
    unseen = make_staff("na-unseen", roles.SECURITY, prisons=[third])
    threatened_by_someone_elsewhere(unseen, held(third, given_names="Unseen"))
    return {"prison": prison, "young": young, "recruiter": recruiter, "far": far}


@pytest.mark.parametrize(
    "role", [roles.SECURITY, roles.WING, roles.DIRECTOR, roles.RECEPTION, roles.CASE_MANAGER, roles.HEALTH]
)
def test_the_non_associations_export_what_the_page_shows(client, sign_in, make_staff, non_associations, role):
    """Both people of each record the page shows, a row each; of the man held elsewhere his number
    alone, as on the page; no file where there is no page."""
    w = non_associations
    user = make_staff(f"na-{role}", role, prisons=[w["prison"]])
    sign_in(client, user)
    route = reverse("security:non_association_list")
    page = client.get(route)
    response = client.get(route + "?format=csv")
    if page.status_code != 200:
        assert response.status_code == page.status_code
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html
    rows = read_csv(response.content)[1:]
    assert {row[0] for row in rows} == set(re.findall(r'data-non-association="(\d+)"', html))
    assert {row[1] for row in rows} == set(NUMBER.findall(html)) == {p.number for p in w.values() if p != w["prison"]}
    assert len(rows) == 4
    far = next(row for row in rows if row[1] == w["far"].number)
    assert far[2] == "held elsewhere" and "Faraway" not in str(rows) and "Faraway" not in html
    assert far[4] == w["young"].number
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert sorted(event.changes["people"][1]) == sorted(row[1] for row in rows)


@pytest.fixture
def planned(make_staff):
    """At one prison a transfer requested to a second prison and a cell move; at a third prison a
    transfer no one of the first two sees."""
    here, receiving, third = (CellFactory().unit.prison for _i in range(3))
    wing = make_staff("moves-wing", roles.WING, prisons=[here])
    leaving, moving = (held(here, given_names=n, family_name="Here") for n in ("Leaving", "Moving"))
    soon = timezone.localdate() + timedelta(days=3)
    move = register_services.PlannedMoveData
    register_services.planned_move_request(
        actor=wing, prisoner=leaving, data=move("transfer", soon, "=Nearer the family", to_prison=receiving)
    )
    register_services.planned_move_request(actor=wing, prisoner=moving, data=move("cell_move", soon, "Work party"))
    far_wing = make_staff("moves-far", roles.WING, prisons=[third])
    register_services.planned_move_request(
        actor=far_wing,
        prisoner=held(third, given_names="Unseen"),
        data=move("transfer", soon, "Court", to_prison=CellFactory().unit.prison),
    )
    return {"here": here, "receiving": receiving, "third": third, "leaving": leaving, "moving": moving}


@pytest.mark.parametrize(
    ("role", "at"),
    [
        (roles.WING, "here"),
        (roles.RECEPTION, "here"),
        (roles.DIRECTOR, "here"),
        (roles.CASE_MANAGER, "here"),
        (roles.RECEPTION, "receiving"),
    ],
)
def test_the_moves_requested_export_what_the_page_shows(client, sign_in, make_staff, planned, role, at):
    """The same moves and people as the page, the receiving prison's arriving transfer too; no file
    where there is no page; the direction filter applies to the file."""
    user = make_staff(f"moves-{role}-{at}", role, prisons=[planned[at]])
    sign_in(client, user)
    route = reverse("register:planned_move_list")
    page = client.get(route)
    response = client.get(route + "?format=csv")
    if page.status_code != 200:
        assert response.status_code == page.status_code
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html
    rows = read_csv(response.content)[1:]
    in_file = sorted(row[2] for row in rows)
    assert in_file == sorted(NUMBER.findall(html)) and in_file
    assert len(rows) == len(re.findall(r"data-planned-move=", html))
    if at == "receiving":
        assert in_file == [planned["leaving"].number]
    transfer = next(row for row in rows if row[2] == planned["leaving"].number)
    assert transfer[5] == planned["receiving"].name and transfer[6] == "'=Nearer the family"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert sorted(event.changes["people"][1]) == in_file
    arriving = read_csv(client.get(route + "?direction=arriving&format=csv").content)[1:]
    assert [row[2] for row in arriving] == sorted(
        NUMBER.findall(client.get(route + "?direction=arriving").content.decode())
    )


@pytest.mark.parametrize(
    "role", [roles.CASE_MANAGER, roles.WING, roles.RECEPTION, roles.DIRECTOR, roles.HEALTH, roles.SECURITY]
)
def test_the_people_without_a_visit_export_what_the_page_shows(client, sign_in, make_staff, role):
    """The people held here long without a visit, as on the page: not one just admitted, not one
    held elsewhere; no file where there is no page."""
    prison, other = CellFactory().unit.prison, CellFactory().unit.prison
    lonely = held(prison, given_names="Lonely", family_name="Here")
    admit(cell=CellFactory(unit__prison=prison), given_names="Newly", family_name="Arrived")
    held(other, given_names="Lonely", family_name="Elsewhere")
    user = make_staff(f"visits-{role}", role, prisons=[prison])
    sign_in(client, user)
    route = reverse("visits:no_contact")
    page = client.get(route)
    response = client.get(route + "?format=xlsx")
    if page.status_code != 200:
        assert response.status_code == page.status_code
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html
    rows = read_xlsx(response.content)[1:]
    assert [row[0] for row in rows] == NUMBER.findall(html) == [lonely.number]
    assert rows[0][2] == prison.name
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert event.changes["people"] == [None, [lonely.number]] and event.changes["list"] == [None, "visits-no-contact"]


@pytest.mark.parametrize("who", ["case_manager", "director", "reception", "wing"])
def test_the_release_planning_worklist_exports_what_its_page_shows(client, sign_in, make_staff, who):
    """Both tables of the page, the plans to open and the follow-ups due, in one file: the same
    people, none of another prison; no file where there is no page."""
    w = near_release(make_staff)
    r, plan = released_plan(make_staff, cell=CellFactory(unit__prison=w.prison))
    near_release(make_staff)  # another prison's
    user = getattr(w, who, None) or make_staff(f"release-{who}", getattr(roles, who.upper()), prisons=[w.prison])
    sign_in(client, user)
    route = reverse("reintegration:worklist")
    page = client.get(route)
    response = client.get(route + "?format=csv")
    if page.status_code != 200:
        assert response.status_code == page.status_code
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html
    rows = read_csv(response.content)[1:]
    in_file = sorted(row[3] for row in rows)
    assert in_file == sorted(NUMBER.findall(html))
    assert in_file == sorted([w.prisoner.number] + [r.prisoner.number] * 4)  # a follow-up at 1, 3, 6, 12 months
    assert [row[7] for row in rows if row[3] == r.prisoner.number] == ["1", "3", "6", "12"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert sorted(event.changes["people"][1]) == in_file


@pytest.mark.parametrize("who", ["trainer", "director", "wing"])
def test_the_staff_list_exports_what_its_page_shows(client, sign_in, make_staff, who):
    """The staff records the page shows (the trainer everyone's, a director their prison's), with
    its filters; no file where there is no page; the export audited, naming no one in custody."""
    t = training_world(make_staff)
    training_staff("=Formula", "Officer", t.prison, "N-1")
    user = getattr(t, who)
    sign_in(client, user)
    route = reverse("training:staff")
    page = client.get(route + "?page=1")  # the file is the whole list, not the page
    response = client.get(route + "?page=1&format=xlsx")
    if page.status_code != 200:
        assert response.status_code == page.status_code
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html
    rows = read_xlsx(response.content)[1:]
    assert len(rows) == len(re.findall(r"data-staff=", html)) == page.context["page"].paginator.count
    for family, given, *_rest in rows:
        family = str(family).removeprefix("'")  # a formula written as text
        shown = f"{escape(family)}, {escape(given or '')}"
        assert shown in html
    assert ("Mugisha" in str(rows)) == (who == "trainer") == ("Mugisha" in html)
    assert ["'=Formula", "Officer"] in [row[:2] for row in rows]
    filtered = read_xlsx(client.get(route + f"?prison={t.other.pk}&q=mug&format=xlsx").content)[1:]
    assert [row[0] for row in filtered] == (["Mugisha"] if who == "trainer" else [])
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=user).first()
    assert event.changes["list"] == [None, "training-staff"] and event.changes["people"] == [None, []]


@pytest.mark.parametrize("route", SECURITY_LISTS)
def test_a_large_security_list_is_written_in_the_background_with_the_same_rows(
    client, sign_in, make_staff, security_lists, route, settings, tmp_path
):
    """The worker, which serves no page, rebuilds the list from the same selection: the file it
    writes holds the rows the request would have answered with."""
    settings.EXPORT_DIR = tmp_path
    user = make_staff("lists-big", roles.DIRECTOR, prisons=[security_lists["prison"]])
    sign_in(client, user)
    direct = read_csv(client.get(reverse(route) + "?format=csv").content)
    settings.EXPORT_SYNC_LIMIT = 0
    response = client.get(reverse(route) + "?format=csv")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.requested_by == user
    assert services.export_run(job_id=job.pk) == len(direct) - 1
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert read_csv(b"".join(download.streaming_content)) == direct


@pytest.mark.parametrize("who", [roles.RECEPTION, roles.WING, roles.DIRECTOR, roles.CASE_MANAGER, "hq"])
def test_the_people_awaiting_the_information_sheet_export_what_the_page_shows(
    client, sign_in, make_staff, two_prisons, who
):
    """The people of the reader's prison not yet given the sheet, as on the page; headquarters
    choose a prison first, for the file as for the page; no file where there is no page."""
    w = two_prisons
    prison = w["cell"].unit.prison
    if who == "hq":
        user = make_staff("induction-hq", roles.HQ_VEP, nationwide=True)
    else:
        user = make_staff(f"induction-{who}", who, prisons=[prison])
    sign_in(client, user)
    route = reverse("induction:awaiting")
    query = f"prison={prison.pk}&" if who == "hq" else ""
    page = client.get(f"{route}?{query}")
    response = client.get(f"{route}?{query}format=csv")
    if page.status_code != 200:
        assert response.status_code == page.status_code
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html
    in_file = sorted(row[0] for row in read_csv(response.content)[1:])
    assert in_file == sorted(NUMBER.findall(html)) == sorted(p.number for p in w["here"])
    if who == "hq":  # no prison chosen: nobody, on the page as in the file
        assert read_csv(client.get(route + "?format=csv").content)[1:] == []
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=user).first()
    assert sorted(event.changes["people"][1]) == in_file


@pytest.mark.parametrize("who", ["director", "reception", "wing", "security"])
def test_the_family_contact_reviews_export_what_the_page_shows(client, sign_in, make_staff, who):
    """The director's reviews due, as on the page: not another prison's; no file where there is no
    page (or an empty one where the page is empty)."""
    w = contact_world(make_staff)
    mother = contact(w, kind="family", name="=Amina Yusuf")
    restricted(w, mother, days=60, starts_on=timezone.localdate() - timedelta(days=30))
    far = contact_world(make_staff, suffix="-far")
    restricted(
        far, contact(far, kind="family", name="Far Away"), days=60, starts_on=timezone.localdate() - timedelta(days=30)
    )
    user = getattr(w, who)
    sign_in(client, user)
    route = reverse("contact:reviews")
    page = client.get(route)
    response = client.get(route + "?format=csv")
    if page.status_code != 200:
        assert response.status_code == page.status_code
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        return
    assert response.status_code == 200
    html = page.content.decode()
    assert "format=xlsx" in html
    rows = read_csv(response.content)[1:]
    assert sorted(row[1] for row in rows) == sorted(NUMBER.findall(html))
    assert len(rows) == len(re.findall(r"data-restriction=", html))
    if who == "director":
        assert [row[1:4] for row in rows] == [[w.prisoner.number, w.prisoner.display_name, "'=Amina Yusuf"]]
    assert "Far Away" not in str(rows)
