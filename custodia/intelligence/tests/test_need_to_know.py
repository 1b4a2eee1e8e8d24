"""Need-to-know, tested as an intruder would: the officer who passed information on reads what
they wrote and that it was graded, nothing more, and nothing of other reports about the same
person; a director reads what the handling code admits at their prison, never a report graded 5;
another prison reads nothing. The pages, the API, the file's section and history, the home page
counts and the refusals agree."""

import pytest
from django.urls import reverse

from custodia.accounts import roles
from custodia.core import audit
from custodia.estate.tests.factories import CellFactory
from custodia.intelligence import selectors, services

from .factories import graded, held, staff, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(make_staff):
    s = staff(make_staff)
    person = held(s.prison)
    # A: passed on by the wing officer, graded 1 (every reader of intelligence at the prison).
    a = graded(s.wing, s.security, person, content="ZQREPORTA seen passing notes", handling="1")
    # B: the security officer's own, graded 5 (security officers and headquarters only), with a
    # sharing awaiting headquarters.
    b = graded(s.security, s.security2, person, content="ZQREPORTB source inside the study circle", handling="5")
    services.sharing_request(
        actor=s.security, report=b, data=services.SharingData("ZQAGENCYB", "law_enforcement", "ZQPURPOSEB")
    )
    elsewhere = make_staff("director-elsewhere", roles.DIRECTOR, prisons=[CellFactory().unit.prison])
    return {"s": s, "person": person, "a": a, "b": b, "elsewhere": elsewhere}


def everything(client, w) -> str:
    """Every page and answer a reader might open about the person and the reports."""
    urls = [
        reverse("home"),
        reverse("register:prisoner_detail", args=[w["person"].pk]),
        reverse("api:prisoner_detail", args=[w["person"].pk]),
        reverse("intelligence:list"),
        reverse("intelligence:list") + "?show=sharing_requested",
        reverse("intelligence:submissions"),
        reverse("api:intelligence_list"),
        reverse("api:intelligence_submissions"),
    ]
    for report in (w["a"], w["b"]):
        urls += [
            reverse("intelligence:detail", args=[report.pk]),
            reverse("intelligence:submission", args=[report.pk]),
            reverse("api:intelligence_detail", args=[report.pk]),
            reverse("api:intelligence_submission", args=[report.pk]),
        ]
    return "\n".join(client.get(url).content.decode() for url in urls)


def test_the_submitter_reads_what_they_wrote_and_that_it_was_graded(client, sign_in, w):
    s, a, b = w["s"], w["a"], w["b"]
    sign_in(client, s.wing)
    mine = client.get(reverse("api:intelligence_submissions")).json()
    assert [item["id"] for item in mine["items"]] == [a.pk] and mine["count"] == 1
    assert mine["items"][0]["status"] == "graded" and mine["items"][0]["handling_code"] is None
    assert mine["items"][0]["withheld"] == ["grading"]
    detail = client.get(reverse("api:intelligence_submission", args=[a.pk])).json()
    assert detail["content"].startswith("ZQREPORTA") and detail["assessment"] is None
    assert detail["sharings"] is None and detail["reliable"] is None
    assert client.get(reverse("api:intelligence_submission", args=[b.pk])).status_code == 404
    assert client.get(reverse("api:intelligence_detail", args=[a.pk])).status_code == 403
    seen = everything(client, w)
    for hidden in ("ZQREPORTB", "ZQAGENCYB", "ZQPURPOSEB", "Consistent with what the wing", f"#{b.pk}<"):
        assert hidden not in seen, hidden
    file = client.get(reverse("register:prisoner_detail", args=[w["person"].pk])).content.decode()
    assert "reliable_intelligence" not in file and "Intelligence report #" not in file
    section = file.split('id="intelligence"')[1].split("</section>")[0]
    assert "withheld" in section
    assert not audit.events_for("intelligence.intelligencereport", a.pk, user=s.wing)


def test_a_director_reads_what_the_code_admits_and_not_a_report_graded_5(client, sign_in, w):
    s, a, b = w["s"], w["a"], w["b"]
    sign_in(client, s.director)
    listed = client.get(reverse("api:intelligence_list")).json()
    assert [item["id"] for item in listed["items"]] == [a.pk] and listed["count"] == 1
    assert client.get(reverse("api:intelligence_detail", args=[b.pk])).status_code == 404
    assert client.get(reverse("intelligence:detail", args=[b.pk])).status_code == 404
    seen = everything(client, w)
    for hidden in ("ZQREPORTB", "ZQAGENCYB", "ZQPURPOSEB"):
        assert hidden not in seen, hidden
    assert "ZQREPORTA" in seen
    file = client.get(reverse("register:prisoner_detail", args=[w["person"].pk])).content.decode()
    assert f'data-intelligence="{a.pk}"' in file and f'data-intelligence="{b.pk}"' not in file
    # Not asked to approve what they may not read.
    assert selectors.counts(user=s.director, prison_id=None).sharing_to_decide == 0
    to_decide = client.get(reverse("intelligence:list"), {"show": "sharing_requested"}).content.decode()
    assert f'data-report="{b.pk}"' not in to_decide
    sharing = b.sharings.get()
    assert client.post(reverse("intelligence:decide", args=[sharing.pk]), {}).status_code == 404
    answer = client.post(
        reverse("api:intelligence_decide", args=[sharing.pk]), {"decision": "approve"}, content_type="application/json"
    )
    assert answer.status_code == 404 and "ZQ" not in answer.content.decode()


def test_another_prison_reads_nothing_and_headquarters_read_everything(client, sign_in, w):
    sign_in(client, w["elsewhere"])
    for report in (w["a"], w["b"]):
        assert client.get(reverse("api:intelligence_detail", args=[report.pk])).status_code == 404
        assert client.get(reverse("intelligence:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("api:intelligence_list")).json()["count"] == 0
    assert "ZQREPORT" not in everything(client, w)
    sign_in(client, w["s"].hq)
    assert client.get(reverse("api:intelligence_list")).json()["count"] == 2
    assert selectors.counts(user=w["s"].hq, prison_id=None).sharing_to_decide == 1
    home = client.get(reverse("home")).content.decode()
    assert "Sharing requests awaiting approval" in home


def test_an_ungraded_report_is_read_as_the_most_restricted(w):
    s = w["s"]
    fresh = submitted(s.wing, w["person"], content="ZQFRESH")
    assert fresh not in selectors.reports_readable(user=s.director)
    assert fresh in selectors.reports_readable(user=s.security)
    assert fresh in selectors.reports_readable(user=s.hq)
    assert selectors.counts(user=s.director, prison_id=s.prison.pk).to_grade == 0
    assert selectors.counts(user=s.security, prison_id=s.prison.pk).to_grade == 1


def test_the_trigger_tells_a_case_manager_only_that_security_recorded_an_event(client, sign_in, w):
    sign_in(client, w["s"].case_manager)
    file = client.get(reverse("register:prisoner_detail", args=[w["person"].pk])).content.decode()
    assert "ZQREPORT" not in file and "Intelligence report #" not in file
