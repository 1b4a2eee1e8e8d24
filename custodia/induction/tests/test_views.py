"""The information sheet's pages (each language, right to left in Arabic, the printable PDF), a
person's page with its form, the file's section and the list of people still awaiting it; each
read of a person's record logged; bounded queries."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.induction import services
from custodia.register.tests.factories import admit

from .factories import world

pytestmark = pytest.mark.django_db


def test_the_sheet_in_arabic_reads_right_to_left_and_prints(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.wing)
    page = client.get(reverse("induction:sheet", args=["ar"])).content.decode()
    assert 'lang="ar" dir="rtl"' in page and "حقوقك" in page and "العربية" in page
    assert client.get(reverse("induction:sheet", args=["sw"])).status_code == 404  # not in the generic profile
    response = client.get(reverse("induction:sheet_pdf", args=["ru"]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Информация для лиц, поступивших в учреждение" in text and "Свиданий в месяц" in text


def test_reception_records_the_sheet_given_from_the_file(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.reception)
    file_page = client.get(reverse("register:prisoner_detail", args=[w.prisoner.pk])).content.decode()
    assert 'id="information-given-section"' in file_page and 'id="information-not-given"' in file_page
    url = reverse("induction:person", args=[w.prisoner.pk])
    refused = client.post(url, {"given_on": (timezone.localdate() + timedelta(days=2)).isoformat(), "language": "fr"})
    assert refused.status_code == 200 and "day still to come" in refused.content.decode()
    done = client.post(
        url, {"given_on": timezone.localdate().isoformat(), "language": "fr", "read_aloud": "on"}, follow=True
    )
    page = done.content.decode()
    assert "The information given is recorded." in page and "Français" in page
    assert AuditEvent.objects.filter(action="read", reason="information given on admission").exists()


def test_the_wing_officer_reads_but_does_not_record(client, make_staff, sign_in):
    w = world(make_staff)
    services.information_given_record(
        actor=w.reception, prisoner=w.prisoner, data=services.GivenData(timezone.localdate(), "en")
    )
    sign_in(client, w.wing)
    page = client.get(reverse("induction:person", args=[w.prisoner.pk])).content.decode()
    assert 'id="information-given"' in page and 'id="record-given"' not in page
    assert client.post(reverse("induction:person", args=[w.prisoner.pk]), {}).status_code == 403


def test_the_people_awaiting_the_sheet_longest_first(client, make_staff, sign_in, django_assert_max_num_queries):
    w = world(make_staff, admitted_days_ago=4)
    cell = w.prisoner.current_cell
    recent = [admit(cell=cell, admitted_at=timezone.now() - timedelta(hours=n + 1)) for n in range(4)]
    services.information_given_record(
        actor=w.reception, prisoner=recent[0], data=services.GivenData(timezone.localdate(), "en")
    )
    sign_in(client, w.reception)
    with django_assert_max_num_queries(13):
        page = client.get(reverse("induction:awaiting")).content.decode()
    assert page.index(f'data-prisoner="{w.prisoner.pk}"') < page.index(f'data-prisoner="{recent[1].pk}"')
    assert f'data-prisoner="{recent[0].pk}"' not in page and "late" in page
    home = client.get(reverse("home")).content.decode()
    assert "People awaiting the information sheet" in home


def test_headquarters_choose_a_prison_before_the_list(client, make_staff, sign_in, django_assert_max_num_queries):
    w = world(make_staff)
    other = world(make_staff, suffix="-other")
    hq = make_staff("hq", roles.HQ_VEP, nationwide=True)
    sign_in(client, hq)
    url = reverse("induction:awaiting")
    page = client.get(url).content.decode()
    assert 'id="choose-prison"' in page and 'id="awaiting"' not in page
    with django_assert_max_num_queries(12):
        page = client.get(url, {"prison": w.prison.pk}).content.decode()
    assert f'data-prisoner="{w.prisoner.pk}"' in page and f'data-prisoner="{other.prisoner.pk}"' not in page
    # A prison outside the list chosen by hand is no choice: the prompt again.
    assert 'id="choose-prison"' in client.get(url, {"prison": 999999}).content.decode()
    # Staff of one prison see their own without choosing; a choice of another prison does not widen it.
    sign_in(client, w.reception)
    page = client.get(url, {"prison": other.prison.pk}).content.decode()
    assert f'data-prisoner="{w.prisoner.pk}"' in page and f'data-prisoner="{other.prisoner.pk}"' not in page
