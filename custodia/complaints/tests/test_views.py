"""The complaint pages and API: lists with their filters, the file's section, the forms of the
detail page, and 404 for what one may not see (the confidential route to staff)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.complaints.models import Complaint
from custodia.core.models import AuditEvent

from .factories import made, world

pytestmark = pytest.mark.django_db


def test_the_wing_officer_records_a_complaint_from_the_file(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.wing)
    file_page = client.get(reverse("register:prisoner_detail", args=[w.prisoner.pk])).content.decode()
    assert 'id="new-complaint"' in file_page
    url = reverse("complaints:add") + f"?prisoner={w.prisoner.pk}"
    form = client.get(url).content.decode()
    assert 'value="inspection"' not in form  # staff never record the confidential route
    response = client.post(
        url,
        {
            "prisoner": w.prisoner.pk,
            "kind": "complaint",
            "category": "food",
            "made_by": "family",
            "addressee": "director",
            "text": "No bread for two days",
            "made_on": timezone.localdate().isoformat(),
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("complaints:detail", args=[complaint.pk])
    assert complaint.made_by == "family"
    html = client.get(reverse("register:prisoner_detail", args=[w.prisoner.pk])).content.decode()
    assert f'data-complaint="{complaint.pk}"' in html
    bad = client.post(url, {"prisoner": w.prisoner.pk, "kind": "complaint", "made_on": "2999-01-01"})
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()


def test_list_filters_and_detail_forms(client, make_staff, sign_in, django_assert_max_num_queries):
    w = world(make_staff)
    late = made(w, made_on=timezone.localdate() - timedelta(days=20))
    allegation = made(w, allegation=True, category="staff")
    for _ in range(5):
        made(w)
    sign_in(client, w.director)
    with django_assert_max_num_queries(25):
        html = client.get(reverse("complaints:list")).content.decode()
    assert html.count("data-complaint=") == 7
    overdue = client.get(reverse("complaints:list") + "?overdue=1").content.decode()
    assert overdue.count("data-complaint=") == 1 and f'data-complaint="{late.pk}"' in overdue
    allegations = client.get(reverse("complaints:list") + "?allegations=1").content.decode()
    assert allegations.count("data-complaint=") == 1 and f'data-complaint="{allegation.pk}"' in allegations
    with django_assert_max_num_queries(25):
        page = client.get(reverse("complaints:detail", args=[allegation.pk])).content.decode()
    assert 'id="answer-form"' in page and 'id="refer-form"' in page and 'id="close-form"' not in page
    response = client.post(
        reverse("complaints:answer", args=[late.pk]),
        {"answer-outcome": "upheld", "answer-answer": "Bread delivered", "answer-version": late.version},
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == "answered"
    again = client.post(reverse("complaints:answer", args=[allegation.pk]), {"answer-outcome": "granted"})
    assert again.status_code == 200 and "invalid-feedback" in again.content.decode()
    # The director may not close an allegation: refused on top of the page.
    client.post(
        reverse("complaints:refer", args=[allegation.pk]),
        {"refer-referred_to": "Prosecutor", "refer-referred_on": timezone.localdate().isoformat()},
    )
    allegation.refresh_from_db()
    assert allegation.referred_on == timezone.localdate()
    refused = client.post(reverse("complaints:close", args=[allegation.pk]), {"close-note": "Done"}, follow=True)
    assert "never closed by the prison" in refused.content.decode()


def test_the_confidential_route_does_not_exist_for_staff(client, make_staff, sign_in):
    w = world(make_staff)
    secret = made(w, addressee="inspection", text="ZQSECRET the guard", category="staff")
    for user in (w.wing, w.director, w.hq):
        sign_in(client, user)
        assert "ZQSECRET" not in client.get(reverse("complaints:list")).content.decode()
        assert client.get(reverse("complaints:detail", args=[secret.pk])).status_code == 404
        assert client.get(reverse("api:complaint_detail", args=[secret.pk])).status_code == 404
        assert secret.pk not in [c["id"] for c in client.get(reverse("api:complaint_list")).json()]
        assert client.post(reverse("complaints:answer", args=[secret.pk]), {}).status_code == 404
    sign_in(client, w.wing)
    assert "ZQSECRET" not in client.get(reverse("register:prisoner_detail", args=[w.prisoner.pk])).content.decode()
    sign_in(client, w.inspector)
    assert "ZQSECRET" in client.get(reverse("complaints:detail", args=[secret.pk])).content.decode()
    assert client.get(reverse("api:complaint_detail", args=[secret.pk])).json()["text"] == "ZQSECRET the guard"
    client.get(reverse("complaints:list"))
    # The inspection body's reads are logged on the complaint, never among the file's readers.
    reads = AuditEvent.objects.filter(action="read", actor=w.inspector)
    assert reads.filter(object_type="complaints.complaint", object_id=str(secret.pk)).count() == 3
    assert not reads.filter(object_type="register.prisoner").exists()


def test_a_user_who_reads_no_complaint_gets_404(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.security)
    assert client.get(reverse("complaints:list")).status_code == 404
    assert client.get(reverse("complaints:add") + f"?prisoner={w.prisoner.pk}").status_code == 404
    assert client.get(reverse("complaints:figures")).status_code == 403


def test_api_records_answers_refers_and_closes(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.wing)
    created = client.post(
        reverse("api:complaint_list"),
        {
            "prisoner_id": w.prisoner.pk,
            "kind": "complaint",
            "category": "staff",
            "made_by": "person",
            "addressee": "headquarters",
            "text": "Slapped",
            "made_on": timezone.localdate().isoformat(),
            "allegation": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    complaint_id = created.json()["id"]
    sign_in(client, w.director)
    closed = client.post(
        reverse("api:complaint_close", args=[complaint_id]), {"note": "x"}, content_type="application/json"
    )
    assert closed.status_code == 403
    sign_in(client, w.hq)
    closed = client.post(
        reverse("api:complaint_close", args=[complaint_id]), {"note": "x"}, content_type="application/json"
    )
    assert closed.status_code == 422 and "status" in closed.json()["errors"]
    referred = client.post(
        reverse("api:complaint_refer", args=[complaint_id]),
        {"referred_to": "Prosecutor", "referred_on": timezone.localdate().isoformat(), "reference": "R-1"},
        content_type="application/json",
    )
    assert referred.status_code == 200 and referred.json()["referral_reference"] == "R-1"
    answered = client.post(
        reverse("api:complaint_answer", args=[complaint_id]),
        {"outcome": "upheld", "answer": "Officer suspended"},
        content_type="application/json",
    )
    assert answered.status_code == 200
    closed = client.post(
        reverse("api:complaint_close", args=[complaint_id]), {"note": "Done"}, content_type="application/json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_figures(client, make_staff, sign_in):
    w = world(make_staff)
    answered = made(w, category="health")
    from custodia.complaints import services

    services.complaint_answer(actor=w.director, complaint=answered, outcome="upheld", answer="Seen")
    made(w, allegation=True, category="staff", made_on=timezone.localdate() - timedelta(days=5))
    made(w, addressee="inspection", text="ZQSECRET", category="food")
    sign_in(client, w.director)
    html = client.get(reverse("complaints:figures")).content.decode()
    assert 'id="table-by-category"' in html and "chart-by-category" in html
    assert "Food" not in html.split('id="table-by-category"')[1].split("</table>")[0]  # the confidential one
    assert 'id="confidential-total"' not in html
    # The CSV says what the table says, and no more: the confidential one is not in it either.
    download = client.get(reverse("complaints:figures"), {"csv": "by-category"})
    assert (
        download["Content-Type"].startswith("text/csv")
        and 'filename="by-category.csv"' in download["Content-Disposition"]
    )
    text = download.content.decode()
    assert "Health" in text and "Food" not in text
    assert client.get(reverse("complaints:figures"), {"csv": "no-such-table"}).status_code == 404
    sign_in(client, w.hq)
    html = client.get(reverse("complaints:figures")).content.decode()
    assert (
        'id="confidential-total"' in html and "Food" not in html.split('id="table-by-category"')[1].split("</table>")[0]
    )
    sign_in(client, w.inspector)
    html = client.get(reverse("complaints:figures")).content.decode()
    assert "Food" in html.split('id="table-by-category"')[1].split("</table>")[0]
