"""The information given on admission over the API: the sheet's languages and text, a person's
records and recording one, with the same refusals as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.tests.factories import PrisonFactory

from .factories import world

pytestmark = pytest.mark.django_db
API = "/api/v1/induction"


def test_the_sheet_and_a_record_over_the_api(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.reception)
    languages = client.get(f"{API}/sheets").json()
    assert [entry["code"] for entry in languages] == ["en", "fr", "ar", "ru", "kk"]
    kazakh = client.get(f"{API}/sheets/kk").json()
    assert kazakh["title"] == "Мекемеге қабылданған адамдарға арналған ақпарат" and len(kazakh["sections"]) == 5
    assert client.get(f"{API}/sheets/xx").status_code == 404
    made = client.post(
        f"{API}/given",
        {
            "prisoner_id": w.prisoner.pk,
            "given_on": timezone.localdate().isoformat(),
            "language": "kk",
            "interpreter": True,
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["language_name"] == "Қазақ тілі"
    late = client.post(
        f"{API}/given",
        {
            "prisoner_id": w.prisoner.pk,
            "given_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
            "language": "en",
        },
        content_type="application/json",
    )
    assert late.status_code == 422 and "given_on" in str(late.json())
    assert [row["id"] for row in client.get(f"{API}/given", {"prisoner": w.prisoner.pk}).json()] == [made.json()["id"]]


def test_no_one_elsewhere_reads_or_records(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, make_staff("reception-elsewhere", roles.RECEPTION, prisons=[PrisonFactory()]))
    assert client.get(f"{API}/given", {"prisoner": w.prisoner.pk}).status_code == 404
    posted = client.post(
        f"{API}/given",
        {"prisoner_id": w.prisoner.pk, "given_on": timezone.localdate().isoformat(), "language": "en"},
        content_type="application/json",
    )
    assert posted.status_code == 404
    sign_in(client, w.wing)
    posted = client.post(
        f"{API}/given",
        {"prisoner_id": w.prisoner.pk, "given_on": timezone.localdate().isoformat(), "language": "en"},
        content_type="application/json",
    )
    assert posted.status_code == 403
