"""The local validation page and the validate_instrument command, on real CSV files."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from custodia.accounts import roles
from custodia.assessment.forms import MAX_VALIDATION_UPLOAD

from .test_validation import TABLE

URL = "/en/assessments/validation/"


@pytest.fixture
def analyst_client(client, make_staff, sign_in):
    return sign_in(client, make_staff("analyst", roles.HQ_STATISTICS, nationwide=True))


def upload(text: str = TABLE, name: str = "results.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def form_data(**overrides):
    data = {"csv_file": upload(), "score_column": "score", "outcome_column": "outcome", "group_columns": "sex, age"}
    data["threshold"] = "3"
    return {**data, **overrides}


@pytest.mark.django_db
def test_url_is_the_one_the_access_table_names():
    assert reverse("assessment:validation") == URL


@pytest.mark.django_db
def test_form_page(analyst_client):
    response = analyst_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="score_column"' in html and 'name="format" value="csv"' in html
    assert "False negative rate (FNR)" in html  # the note on how to read the figures


@pytest.mark.django_db
def test_upload_shows_the_report(analyst_client):
    response = analyst_client.post(URL, form_data(format="html"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<td class="text-end" id="figure-auc">0.820</td>' in html
    assert '<td class="text-end" id="figure-auc-ci">0.551 – 1.000</td>' in html
    assert '<td class="text-end" id="figure-n">10</td>' in html
    assert 'id="table-calibration"' in html and 'id="table-groups"' in html
    assert '<th scope="row">juvenile</th>' in html
    # Chart data as JSON for custodia.js, no inline script.
    assert '<script id="chart-roc" type="application/json">' in html
    assert '<script id="chart-calibration" type="application/json">' in html
    assert 'data-validation-chart="chart-roc"' in html


@pytest.mark.django_db
def test_missing_values_are_reported_on_the_page(analyst_client):
    text = TABLE + ",1,F,adult\n"
    html = analyst_client.post(URL, form_data(csv_file=upload(text))).content.decode()
    assert "Missing score (“score”): left out of every metric" in html
    assert "<td>12</td>" in html  # the row number to correct


@pytest.mark.django_db
def test_csv_button_returns_an_attachment(analyst_client):
    response = analyst_client.post(URL, form_data(format="csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="instrument-validation.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["AUC", "0.82"] in rows
    assert ["all", "all", "10", "0.5", "0.4", "0.2", "0.666667", "4", "2", "3", "1"] in rows


@pytest.mark.django_db
def test_bad_column_is_shown_on_its_field(analyst_client):
    response = analyst_client.post(URL, form_data(outcome_column="incident"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["outcome_column"] == [
        "The file has no column “incident”. Its columns are: “score”, “outcome”, “sex”, “age”."
    ]
    assert "is-invalid" in form.fields["outcome_column"].widget.attrs["class"]
    assert response.context["report"] is None

    response = analyst_client.post(URL, form_data(group_columns="sex, gender"))
    assert list(response.context["form"].errors) == ["group_columns"]


@pytest.mark.django_db
def test_bad_value_is_shown_on_the_file_field(analyst_client):
    response = analyst_client.post(URL, form_data(csv_file=upload("score,outcome\n1,0\n2,maybe\n"), group_columns=""))
    assert response.context["form"].errors["csv_file"] == [
        "Row 3, column “outcome”: “maybe” is not an outcome. "
        "Use 1 or 0 (or yes/no, true/false); leave the cell empty if the outcome is not known."
    ]


@pytest.mark.django_db
def test_file_over_the_limit_is_refused(analyst_client):
    big = upload("score,outcome\n" + "1,0\n" * (MAX_VALIDATION_UPLOAD // 4 + 1))
    response = analyst_client.post(URL, form_data(csv_file=big))
    assert "the limit is 5.0\xa0MB" in response.context["form"].errors["csv_file"][0]


@pytest.mark.django_db
def test_case_manager_is_refused(client, make_staff, sign_in):
    sign_in(client, make_staff("psychologist", roles.CASE_MANAGER, nationwide=True))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data()).status_code == 403


def test_command_prints_tables_and_writes_csv(tmp_path):
    source = tmp_path / "results.csv"
    source.write_text("\ufeff" + TABLE.replace(",", ";") + ";1;F;adult\n", encoding="utf-8")
    output = tmp_path / "validation.csv"
    out = io.StringIO()
    call_command(
        "validate_instrument",
        "--csv",
        str(source),
        "--score",
        "score",
        "--outcome",
        "outcome",
        "--group",
        "sex",
        "--group",
        "age",
        "--threshold",
        "3",
        "--output",
        str(output),
        stdout=out,
    )
    text = out.getvalue()
    assert "AUC             0.820 (95% CI 0.551 to 1.000, DeLong)" in text
    assert "Missing score (“score”): left out of every metric" in text
    assert "all    all       10      0.500  0.400  0.200  0.667   4   2   3   1" in text
    assert "age    juvenile   2      0.000  0.000    n/a    n/a   0   0   2   0" in text
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    assert ["Rows read", "11"] in rows and ["Rows used", "10"] in rows
    assert ["AUC", "0.82"] in rows


def test_command_reports_a_bad_column(tmp_path):
    source = tmp_path / "results.csv"
    source.write_text(TABLE, encoding="utf-8")
    with pytest.raises(CommandError, match="no column “total”. Its columns are: “score”, “outcome”"):
        call_command("validate_instrument", "--csv", str(source), "--score", "total", "--outcome", "outcome")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("validate_instrument", "--csv", str(tmp_path / "absent.csv"), "--score", "s", "--outcome", "o")


@pytest.mark.django_db
def test_roc_chart_is_thinned_for_continuous_scores(analyst_client):
    text = "score,outcome\n" + "".join(f"{i / 10},{i % 3 == 0:d}\n" for i in range(1000))
    response = analyst_client.post(URL, form_data(csv_file=upload(text), group_columns="", threshold=""))
    assert len(response.context["report"].roc) == 1001
    points = response.context["charts"]["chart-roc"]["points"]
    assert len(points) == 400 and points[0] == [0.0, 0.0] and points[-1] == [1.0, 1.0]


@pytest.mark.django_db
def test_validation_on_the_services_own_records(analyst_client, make_staff, monkeypatch):
    """Final screenings against serious incidents recorded within twelve months; one too recent to
    have an outcome is counted as excluded, not as 'no incident'. The incidents come from the
    finder a higher app registers (the incidents app: its own test drives the real reports), here
    a stand-in; a trigger row, even "serious_incident", is not an outcome."""
    from datetime import timedelta

    from django.utils import timezone

    from custodia.assessment import validation_sources
    from custodia.assessment.models import Assessment, ReassessmentTrigger
    from custodia.assessment.selectors import own_records_dataset

    from .factories import completed, team

    old = timezone.now() - timedelta(days=400)
    scores, incidents = [], []
    for n, value in enumerate((0, 1, 2)):
        t = team(make_staff, given_names=f"Person{n}")
        assessment = completed(t, "general_screening", value=value)
        scores.append(assessment.total_score)
        if n < 2:
            Assessment.objects.filter(pk=assessment.pk).update(countersigned_at=old)
        if value == 1:
            incidents.append((t.prisoner.pk, (old + timedelta(days=30)).date()))
        else:
            ReassessmentTrigger.objects.create(
                prisoner=t.prisoner, event="serious_incident", occurred_on=(old + timedelta(days=30)).date()
            )
    asked = []

    def finder(prisoner_ids):
        asked.append(list(prisoner_ids))
        return incidents

    monkeypatch.setattr(validation_sources, "_incident_finder", [finder])
    dataset = own_records_dataset(user=make_staff("hq-records", roles.HQ_VEP, nationwide=True))
    assert len(asked) == 1 and len(asked[0]) == 3
    assert [(r.score, r.outcome) for r in dataset.records] == [(0.0, False), (12.0, True), (24.0, None)]
    page = analyst_client.post(reverse("assessment:validation"), {"source": "records", "format": "html"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="figure-n">2<' in html and 'id="figure-auc">1.000<' in html


def nothing_to_compute(rows_read: int) -> str:
    return f"No row has both a score and an outcome ({rows_read} rows read), so nothing can be computed."


@pytest.mark.django_db
@pytest.mark.parametrize("output", ["html", "csv"])
def test_own_records_with_nothing_to_validate_say_why_on_the_page(analyst_client, output):
    """No final screening at all: the page says why, whichever output was asked for, and sends no file."""
    response = analyst_client.post(URL, {"source": "records", "format": output})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert nothing_to_compute(0) in response.content.decode()
    assert response.context["report"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("output", ["html", "csv"])
def test_own_records_whose_outcome_is_not_known_yet_say_why_on_the_page(analyst_client, make_staff, output):
    """A screening countersigned today has no outcome for twelve months: read, but nothing to compute."""
    from .factories import completed, team

    completed(team(make_staff), "general_screening", value=1)
    response = analyst_client.post(URL, {"source": "records", "format": output})
    assert response.status_code == 200 and "Content-Disposition" not in response
    assert nothing_to_compute(1) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("output", ["html", "csv"])
@pytest.mark.parametrize(
    ("content", "threshold"),
    [
        (b"", ""),  # an empty file
        (b"score,outcome\n", ""),  # the names and no row
        (b"score,outcome\n,\n,1\n3,\n", ""),  # no row with both values
        (b"score,outcome\n1,1\n", ""),  # one row: one outcome only
        (b"score,outcome\n5,1\n5,0\n5,1\n", ""),  # every score the same
        (b"score,outcome\n1e308,1\n-1e308,0\n1e308,0\n", ""),  # the largest numbers a float holds
        (b"score,outcome\n1e309,1\n", ""),  # beyond them: infinite
        (b"score,outcome\nnan,1\n", ""),
        (b"score,outcome\n1,1\n2,0\n", "1e400"),  # a threshold beyond any float
        (b"score,outcome\n1,1\n2,0\n", "NaN"),
        (b"score,outcome\n1,1\n2,0\n", "-Infinity"),
        (b"score,outcome\n1,1\n\x002,0\n", ""),  # a NUL character
        (b"\xff\xfe\x00s\x00c\x00o\x00r\x00e", ""),  # UTF-16, not UTF-8
        (b"score,outcome\n" + b"9" * 200_000 + b",1\n", ""),  # a value longer than the CSV reader's limit
        (b"score;outcome;sex\n1,5;1;\xd9\x85\n2;0;F\n", ""),  # semicolons, a decimal comma, Arabic
    ],
)
def test_any_upload_is_answered_with_the_results_or_the_reason(analyst_client, content, threshold, output):
    response = analyst_client.post(
        URL,
        form_data(
            csv_file=SimpleUploadedFile("results.csv", content, content_type="text/csv"),
            group_columns="",
            threshold=threshold,
            format=output,
        ),
    )
    assert response.status_code == 200
    if "Content-Disposition" not in response:
        form = response.context["form"]
        assert form.errors or response.context["report"] is not None


def test_without_an_incident_finder_the_validation_fails_loudly(monkeypatch):
    """No app registered the incidents: an error, never a validation where nobody had an incident."""
    from django.core.exceptions import ImproperlyConfigured

    from custodia.assessment import validation_sources
    from custodia.assessment.models import ReassessmentTrigger

    monkeypatch.setattr(validation_sources, "_incident_finder", [])
    with pytest.raises(ImproperlyConfigured, match="incident finder"):
        validation_sources.incident_days(ReassessmentTrigger.objects.values("prisoner_id"))
