"""The API's read of user accounts: for user managers, scoped like the pages."""

import pytest
from django.urls import reverse

from custodia.accounts import roles, services, tokens
from custodia.estate.tests.factories import PrisonFactory

pytestmark = pytest.mark.django_db


def test_a_user_manager_lists_accounts_with_the_filters_of_the_pages(client, sign_in, admin, officer, make_staff):
    make_staff("newcomer", roles.RECEPTION)
    sign_in(client, admin)
    everyone = client.get(reverse("api:user_list")).json()
    assert everyone["count"] == 3
    row = next(item for item in everyone["items"] if item["username"] == "officer-a")
    assert row["roles"] == [roles.RECEPTION] and row["prisons"][0]["name"] == "Luzira" and not row["nationwide"]
    unassigned = client.get(reverse("api:user_list"), {"unassigned": "true"}).json()
    assert [item["username"] for item in unassigned["items"]] == ["newcomer"]


def test_one_account_with_its_tokens_never_their_secrets(client, sign_in, admin, officer):
    _token, secret = tokens.token_create(actor=officer, name="Roll call", scopes=["read"], days=30)
    services.user_password_reset_require(actor=admin, user=officer)
    sign_in(client, admin)
    detail = client.get(reverse("api:user_detail", args=[officer.pk])).json()
    assert detail["password_change_required"] and detail["tokens"][0]["name"] == "Roll call"
    assert detail["tokens"][0]["scopes"] == ["read"] and secret not in str(detail)


def test_others_are_refused_and_accounts_beyond_ones_prisons_not_found(client, sign_in, make_staff, officer):
    sign_in(client, officer)
    assert client.get(reverse("api:user_list")).status_code == 403
    local = make_staff("local-admin", roles.ADMINISTRATOR, prisons=[PrisonFactory()])
    sign_in(client, local)
    assert client.get(reverse("api:user_detail", args=[officer.pk])).status_code == 404
