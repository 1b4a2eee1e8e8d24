"""The certificate as a PDF, read back with pypdf: the holder's name, the course, the dates, the
verification code and where to check it, in the holder's language (a Russian-speaking officer's
certificate in Russian, course title and month names included), whatever the reader's language."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from .world import certify, training_world

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


def test_a_certificate_in_the_holders_language(client, sign_in, make_staff):
    t = training_world(make_staff)
    in_russian = certify(t.amina, t.dynamic, date(2025, 3, 14), score=85)
    in_english = certify(t.brian, t.mandela, date(2025, 1, 31), source="elearning")
    sign_in(client, t.trainer)
    text = text_of(client.get(reverse("training:certificate_pdf", args=[in_russian.pk])))
    assert "Amina Okello" in text and "UG-100" in text
    assert "Динамическая безопасность" in text and "Dynamic security" not in text
    assert "14 марта 2025" in text  # the day it was issued, in Russian
    assert in_russian.code in text and f"/verify/{in_russian.code}/" in text
    # In English for an English-speaking officer, whatever language the reader uses.
    text = text_of(client.get(f"/fr/training/certificates/{in_english.pk}.pdf"))
    assert "Brian Mugisha" in text and "The Nelson Mandela Rules" in text and "31 January 2025" in text
    assert "Certificate" in text and in_english.code in text
    assert "31 January 2028" in text  # valid for 36 months


def test_a_certificate_of_another_prisons_staff_is_not_given(client, sign_in, make_staff):
    t = training_world(make_staff)
    theirs = certify(t.brian, t.mandela)
    sign_in(client, t.director)
    assert client.get(reverse("training:certificate_pdf", args=[theirs.pk])).status_code == 404
    sign_in(client, t.wing)
    assert client.get(reverse("training:certificate_pdf", args=[theirs.pk])).status_code == 403
