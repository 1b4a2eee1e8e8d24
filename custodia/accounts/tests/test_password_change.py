"""A password change an administrator required: until it is done, the person can do nothing else.
And the sign-in that opens Custodia in the person's language."""

import pytest
from django.http import HttpRequest
from django.urls import reverse

from custodia.accounts import roles, services
from custodia.accounts.models import Account
from custodia.core.tests.browser import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kampala-Road-2026"


def sign_in_with_password(client, username: str, password: str = PASSWORD, next_page: str = ""):
    data = {"username": username, "password": password}
    return client.post(reverse("login") + (f"?next={next_page}" if next_page else ""), data)


@pytest.fixture
def owing(admin, officer):
    """The officer, whose password the administrator reset."""
    services.user_password_reset_require(actor=admin, user=officer, temporary_password=NEW_PASSWORD)
    return officer


def test_until_the_new_password_is_chosen_every_page_leads_to_it(client, owing):
    response = sign_in_with_password(client, owing.username, NEW_PASSWORD)
    assert response.status_code == 302
    for page in (response["Location"], reverse("register:prisoner_list"), reverse("api_tokens")):
        answer = client.get(page)
        assert answer.status_code == 302 and answer["Location"].startswith(reverse("password_change") + "?next=")
    api = client.get(reverse("api:assessment_instrument_list"))
    assert api.status_code == 403 and "choose a new password" in api.json()["detail"]
    html = client.get(reverse("password_change")).content.decode()
    assert "asks you to choose a new password" in html
    assert client.post(reverse("logout")).status_code == 302  # the way out stays open


def test_once_chosen_the_person_goes_on_where_they_were_going(client, owing):
    sign_in_with_password(client, owing.username, NEW_PASSWORD)
    target = reverse("register:prisoner_list")
    sent = client.get(target)["Location"]

    refused = client.post(
        sent,
        {"old_password": NEW_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "next": target},
    )
    assert refused.status_code == 200 and "different from the present one" in refused.content.decode()
    done = client.post(
        sent,
        {
            "old_password": NEW_PASSWORD,
            "new_password1": "Another-long-one-77",
            "new_password2": "Another-long-one-77",
            "next": target,
        },
    )
    assert done.status_code == 302 and done["Location"] == target
    assert client.get(target).status_code == 200  # still signed in, nothing owed
    assert not Account.objects.get(user=owing).password_change_required


def test_a_wrong_present_password_changes_nothing(client, owing):
    sign_in_with_password(client, owing.username, NEW_PASSWORD)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": "Another-long-one-77", "new_password2": "Another-long-one-77"},
    )
    assert response.status_code == 200
    owing.refresh_from_db()
    assert owing.check_password(NEW_PASSWORD) and owing.account.password_change_required


def test_anyone_may_change_their_password_when_they_wish(client, officer, sign_in):
    sign_in(client, officer)
    assert client.get(reverse("register:prisoner_list")).status_code == 200  # nothing owed
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


def test_sign_in_opens_custodia_in_the_preferred_language(client, admin, make_staff, prison):
    user = services.user_create(
        actor=admin,
        username="akassym",
        first_name="Aigerim",
        last_name="Kassymova",
        email="",
        language="kk",
        password=NEW_PASSWORD,
        must_change_password=False,
    )
    services.user_roles_set(actor=admin, user=user, wanted=[roles.RECEPTION])
    services.user_assignment_set(actor=admin, user=user, nationwide=False, prisons=[prison])
    response = sign_in_with_password(client, "akassym", NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/kk/"
    other = client.__class__()
    response = sign_in_with_password(other, "akassym", NEW_PASSWORD, next_page="/en/prisoners/")
    assert response["Location"] == "/kk/prisoners/"
    # Without a preference, the language of the sign-in page.
    make_staff("plain", roles.RECEPTION, prisons=[prison])
    assert sign_in_with_password(client.__class__(), "plain")["Location"] == "/en/"


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(client, admin, officer, sign_in):
    sign_in(client, officer)
    services.user_deactivate(actor=admin, user=officer, reason="Left")
    response = client.get(reverse("register:prisoner_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not client.login(request=HttpRequest(), username=officer.username, password=PASSWORD)
