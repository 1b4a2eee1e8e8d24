"""The user administration's pages: the list and its filters, an account's page and its changes,
in a fixed number of queries. Who may open them at all is tests/test_access.py's (role by route)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodia.accounts import roles, tokens
from custodia.accounts.models import StaffAssignment
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, sign_in, admin):
    return sign_in(client, admin)


def detail(user: User) -> str:
    return reverse("user_detail", args=[user.pk])


def test_the_list_shows_each_account_and_its_standing_in_a_fixed_number_of_queries(
    admin_client, make_staff, prison, django_assert_max_num_queries
):
    for number in range(30):
        make_staff(f"officer-{number:02d}", roles.WING, roles.CASE_MANAGER, prisons=[prison, PrisonFactory()])
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("user_list"))
    html = response.content.decode()
    assert response.status_code == 200 and "officer-29" in html and "Luzira" in html
    assert "Case manager (psychologist, social worker)" in html and "Sarah Namubiru" in html


def test_the_list_filters_as_the_home_page_asks(admin_client, officer, make_staff):
    make_staff("newcomer", roles.RECEPTION)
    html = admin_client.get(reverse("user_list") + "?unassigned=1").content.decode()
    assert "newcomer" in html and "officer-a" not in html
    html = admin_client.get(reverse("user_list") + "?q=officer").content.decode()
    assert "officer-a" in html and "newcomer" not in html
    assert admin_client.get(reverse("user_list") + "?inactive=yes&page=x").status_code == 200


def test_the_menu_leads_user_managers_to_the_list(admin_client, client, officer, sign_in):
    assert reverse("user_list") in admin_client.get(reverse("api_tokens")).content.decode()
    sign_in(client, officer)
    assert reverse("user_list") not in client.get(reverse("api_tokens")).content.decode()
    assert client.get(reverse("user_list")).status_code == 403


def test_the_top_bar_names_the_person_signed_in(admin_client):
    html = admin_client.get(reverse("api_tokens")).content.decode()
    assert 'id="signed-in-as"' in html and "Sarah Namubiru</a>" in html


def test_an_account_is_made_then_given_a_role_and_a_prison(admin_client, prison):
    response = admin_client.post(
        reverse("user_create"),
        {
            "first_name": "James",
            "last_name": "Okello",
            "username": "jokello",
            "email": "",
            "language": "",
            "password": "Kampala-Road-2026",
        },
    )
    user = User.objects.get(username="jokello")
    assert response.status_code == 302 and response["Location"] == detail(user)

    response = admin_client.post(detail(user), {"change": "roles", "roles-roles": [roles.RECEPTION]})
    assert response.status_code == 302
    response = admin_client.post(detail(user), {"change": "assignment", "assignment-prisons": [prison.pk]})
    assert response.status_code == 302
    assert user.has_perm("accounts.admit_prisoner")
    assert list(StaffAssignment.objects.get(user=user).prisons.all()) == [prison]
    html = admin_client.get(detail(user)).content.decode()
    assert "The assignment is saved." in html and "Luzira" in html.split('id="works-at"')[1]


def test_a_refused_account_keeps_what_was_typed_and_names_the_field(admin_client, officer):
    response = admin_client.post(
        reverse("user_create"),
        {"first_name": "James", "last_name": "Okello", "username": "officer-a", "password": "Kampala-Road-2026"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "This user name is taken" in html and 'value="James"' in html


def test_the_account_page_in_a_fixed_number_of_queries(admin_client, officer, django_assert_max_num_queries):
    for number in range(5):
        tokens.token_create(actor=officer, name=f"Script {number}", scopes=["read"], days=30)
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    with django_assert_max_num_queries(16):
        response = admin_client.get(detail(officer))
    html = response.content.decode()
    assert response.status_code == 200 and "Script 4" in html and "Reset two-factor sign-in" in html
    assert 'id="change-roles"' in html and 'id="change-status"' in html


def test_ones_own_page_offers_no_change_of_ones_rights(admin_client, admin):
    html = admin_client.get(detail(admin)).content.decode()
    assert "You cannot change your own roles, assignment or status" in html
    assert 'id="change-roles"' not in html and 'id="change-assignment"' not in html and 'id="change-status"' not in html
    # Posted anyway, the service refuses.
    response = admin_client.post(detail(admin), {"change": "roles", "roles-roles": [*roles.LABELS]})
    assert response.status_code == 403
    assert set(admin.groups.values_list("name", flat=True)) == {roles.ADMINISTRATOR}


def test_deactivation_needs_a_reason_and_is_recorded(admin_client, officer):
    response = admin_client.post(detail(officer), {"change": "deactivate", "status-reason": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    response = admin_client.post(detail(officer), {"change": "deactivate", "status-reason": "Retired"})
    officer.refresh_from_db()
    assert response.status_code == 302 and not officer.is_active
    html = admin_client.get(detail(officer)).content.decode()
    assert "Reactivate the account" in html and "User account deactivated" in html and "Retired" in html


def test_a_change_the_service_refuses_is_shown_on_the_page(admin_client, officer):
    response = admin_client.post(detail(officer), {"change": "unlock"})
    assert response.status_code == 200
    assert "No failed sign-in is held against this account." in response.content.decode()


def test_an_unknown_change_is_refused(admin_client, officer):
    assert admin_client.post(detail(officer), {"change": "promote"}).status_code == 400


def test_an_administrator_revokes_someone_elses_token(admin_client, officer, make_staff):
    token, _secret = tokens.token_create(actor=officer, name="Old script", scopes=["read"], days=30)
    someone_else, _secret = tokens.token_create(
        actor=make_staff("other", roles.WING), name="Theirs", scopes=["read"], days=30
    )
    # The owner's page offers the revoke as one of its own changes, confirmed first.
    html = admin_client.get(detail(officer)).content.decode()
    assert 'name="change" value="revoke_token"' in html and "Yes, revoke this token" in html
    # A token is revoked on its owner's page only.
    assert admin_client.post(detail(officer), {"change": "revoke_token", "token": someone_else.pk}).status_code == 404
    response = admin_client.post(detail(officer), {"change": "revoke_token", "token": token.pk})
    token.refresh_from_db()
    assert response.status_code == 302 and token.revoked_at is not None
    assert AuditEvent.objects.get(action="token.revoke").reason == "Revoked by a user administrator."


def test_an_account_beyond_ones_prisons_is_not_found(client, sign_in, make_staff, officer):
    local = make_staff("local-admin", roles.ADMINISTRATOR, prisons=[PrisonFactory()])
    sign_in(client, local)
    assert client.get(detail(officer)).status_code == 404
    assert client.post(detail(officer), {"change": "unlock"}).status_code == 404
