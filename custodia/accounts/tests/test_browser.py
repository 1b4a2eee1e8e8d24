"""In a real Chromium: the system administrator makes an account, gives it a role and a prison;
the new member of staff signs in, must choose a password of their own, then lands on the home
page."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodia.core.tests.browser import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_PASSWORD = "Given-by-the-admin-1"
OWN_PASSWORD = "Chosen-by-myself-22"


def sign_in(page, username: str, password: str) -> None:
    page.goto("/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_a_new_colleague_is_given_an_account_and_chooses_a_password(new_page, admin, prison):
    # The administrator gives the second factor: the code of an authenticator already set up.
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    page = new_page()
    sign_in(page, admin.username, PASSWORD)
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("main button[type=submit]")
    assert page.locator("#signed-in-as").inner_text() == "Sarah Namubiru"

    page.click("nav >> text=Users")
    page.click("text=Make an account")
    page.fill("#id_first_name", "James")
    page.fill("#id_last_name", "Okello")
    page.fill("#id_username", "jokello")
    page.fill("#id_password", FIRST_PASSWORD)
    page.click("main button[type=submit]")
    page.get_by_label("Reception officer").check()
    page.click("#change-roles button[type=submit]")
    page.get_by_label("Luzira").check()
    page.click("#change-assignment button[type=submit]")
    assert "Reception officer" in page.locator("#roles-held").inner_text()
    assert page.locator("#works-at").inner_text() == "Luzira"
    page.click("nav button:has-text('Sign out')")

    sign_in(page, "jokello", FIRST_PASSWORD)
    page.wait_for_url("**/accounts/password/?next=/en/")
    page.click("nav >> text=Prisoners")  # nothing else opens before the new password
    page.wait_for_url("**/accounts/password/?next=/en/prisoners/")
    page.go_back()
    page.fill("#id_old_password", FIRST_PASSWORD)
    page.fill("#id_new_password1", OWN_PASSWORD)
    page.fill("#id_new_password2", OWN_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/")
    assert page.locator("h1").inner_text() == "Welcome, James Okello"
    assert page.locator("#signed-in-as").inner_text() == "James Okello"
