"""Roles that reach beyond one prison or into intelligence sign in with a second factor."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_security_officer_enrols_then_works(client, make_staff):
    prison = CellFactory().unit.prison
    officer = make_staff("sec", roles.SECURITY, prisons=[prison])
    client.force_login(officer)
    response = client.get(reverse("register:prisoner_list"))
    assert response.status_code == 302 and reverse("two_factor_setup") in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"token": "000000" if code(device) != "000000" else "111111"})
    assert "This code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes each new try after a wrong code wait; the officer waits
    done = client.post(reverse("two_factor_setup") + "?next=/en/prisoners/", {"token": code(device)})
    assert done.status_code == 302 and done["Location"] == "/en/prisoners/"
    assert client.get(reverse("register:prisoner_list")).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enrol", actor=officer).exists()


def test_enrolled_user_is_asked_for_a_code_at_each_sign_in(client, make_staff):
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    client.force_login(analyst)
    response = client.get(reverse("oversight:statistics"))
    assert reverse("two_factor_verify") in response["Location"]
    assert client.post(reverse("two_factor_verify"), {"token": "12"}).status_code == 200  # explained, not accepted
    assert client.get(reverse("oversight:statistics")).status_code == 302
    client.post(reverse("two_factor_verify"), {"token": code(device)})
    assert client.get(reverse("oversight:statistics")).status_code == 200


def test_api_asks_for_the_second_factor_in_json(client, make_staff):
    hq = make_staff("hq", roles.HQ_VEP, nationwide=True)
    client.force_login(hq)
    response = client.get("/api/v1/prisoners/")
    assert response.status_code == 401 and "second factor" in response.json()["detail"]


def test_prison_staff_sign_in_with_a_password_alone(client, make_staff):
    wing = make_staff("wing", roles.WING, prisons=[CellFactory().unit.prison])
    client.force_login(wing)
    assert client.get(reverse("register:prisoner_list")).status_code == 200


def test_a_superuser_gives_the_second_factor_too(client, django_user_model):
    """A superuser holds every right nationwide without any role (the demo's `admin` is one):
    a password alone must not open all of that."""
    admin = django_user_model.objects.create_superuser("admin", password="a-long-test-password")
    client.force_login(admin)

    response = client.get(reverse("register:prisoner_list"))
    assert response.status_code == 302 and reverse("two_factor_setup") in response["Location"]
    api = client.get("/api/v1/prisoners/")
    assert api.status_code == 401 and "second factor" in api.json()["detail"]

    client.get(response["Location"])
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    client.post(reverse("two_factor_setup"), {"token": code(device)})
    assert client.get(reverse("register:prisoner_list")).status_code == 200
