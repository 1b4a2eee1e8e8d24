"""Personal API tokens: shown once and stored as a hash, scoped (read / write), revocable, and
never more than their owner's rights and prisons."""

import hashlib
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles, tokens
from custodia.accounts.models import ApiToken
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit
from custodia.register.tests.test_api import admission_payload

pytestmark = pytest.mark.django_db

PRISONERS = "/api/v1/prisoners/"
SECRET = re.compile(r"cus_[A-Za-z0-9_-]{43}")


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def api_get(client: Client, url: str, secret: str):
    return client.get(url, headers=bearer(secret))


def api_post(client: Client, url: str, data, secret: str):
    return client.post(url, data, content_type="application/json", headers=bearer(secret))


@pytest.fixture
def two_prisons(db):
    here, there = CellFactory().unit.prison, CellFactory().unit.prison
    return {
        "here": here,
        "there": there,
        "held_here": admit(prison=here, given_names="Here"),
        "held_there": admit(prison=there, given_names="There"),
    }


@pytest.fixture
def reception(make_staff, two_prisons):
    """A reception officer at one of the two prisons: may read files and admit, there only."""
    return make_staff("reception", roles.RECEPTION, prisons=[two_prisons["here"]])


def make_token(user, *scopes: str, days: int | None = 30) -> str:
    _token, secret = tokens.token_create(actor=user, name="Reporting tool", scopes=scopes, days=days)
    return secret


# The page ------------------------------------------------------------------------------------


def test_the_secret_is_shown_once_and_only_its_hash_is_kept(client, reception):
    client.force_login(reception)
    url = reverse("api_tokens")
    assert url == "/en/accounts/tokens/"
    assert "You have no API token." in client.get(url).content.decode()

    response = client.post(url, {"name": "Nightly report", "scopes": ["read"], "days": "90"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secret = SECRET.search(html).group()
    assert "it will not be shown again" in html
    token = ApiToken.objects.get()
    assert token.user == reception and token.name == "Nightly report" and token.scopes == "read"
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.key_prefix == secret[:8]
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(secret in value or secret[8:16] in value for value in stored), "the secret is never stored"

    listing = client.get(url).content.decode()
    assert secret not in listing and not SECRET.search(listing)
    assert f"{token.key_prefix}…" in listing and "Nightly report" in listing and "Active" in listing

    event = AuditEvent.objects.get(action="token.create")
    assert event.actor == reception and event.object_id == str(token.pk)
    assert event.changes["scopes"] == [None, "read"] and event.changes["key_prefix"] == [None, token.key_prefix]
    assert secret not in str(event.changes) and token.key_hash not in str(event.changes)


def test_the_form_names_what_is_missing(client, reception):
    client.force_login(reception)
    response = client.post(reverse("api_tokens"), {"name": " ", "days": "7"})
    html = response.content.decode()
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "Choose what the token may do" in html and "Select a valid choice" in html
    assert not SECRET.search(html)


def test_a_token_that_never_expires(client, reception):
    client.force_login(reception)
    client.post(reverse("api_tokens"), {"name": "Kiosk", "scopes": ["read", "write"], "days": "never"})
    token = ApiToken.objects.get()
    assert token.expires_at is None and token.scopes == "read,write"


def test_revoke_from_the_page(client, reception):
    secret = make_token(reception, "read")
    token = ApiToken.objects.get()
    client.force_login(reception)
    assert "Yes, revoke this token" in client.get(reverse("api_tokens")).content.decode()

    response = client.post(reverse("api_token_revoke"), {"token": token.pk}, follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == reception
    html = response.content.decode()
    assert "is revoked" in html and "Revoked" in html and "Yes, revoke this token" not in html
    assert api_get(Client(), PRISONERS, secret).status_code == 401
    assert ApiToken.objects.count() == 1, "tokens are revoked, never deleted"


def test_another_user_cannot_revoke_my_token(client, reception, make_staff, two_prisons):
    make_token(reception, "read")
    token = ApiToken.objects.get()
    colleague = make_staff("colleague", roles.RECEPTION, prisons=[two_prisons["here"]])

    with pytest.raises(PermissionDenied):
        tokens.token_revoke(actor=colleague, token=token)
    client.force_login(colleague)
    assert client.post(reverse("api_token_revoke"), {"token": token.pk}).status_code == 404
    assert str(token.key_prefix) not in client.get(reverse("api_tokens")).content.decode()

    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(action="token.revoke").exists()


def test_a_user_manager_can_revoke_anyones_token(reception, make_staff):
    make_token(reception, "read")
    token = ApiToken.objects.get()
    administrator = make_staff("admin", roles.ADMINISTRATOR, nationwide=True)

    tokens.token_revoke(actor=administrator, token=token, reason="Left the service")

    event = AuditEvent.objects.get(action="token.revoke")
    assert (event.actor, event.object_id, event.reason) == (administrator, str(token.pk), "Left the service")
    with pytest.raises(ValidationError):
        tokens.token_revoke(actor=reception, token=token)  # already revoked: nothing to record twice
    assert AuditEvent.objects.filter(action="token.revoke").count() == 1


def test_the_service_refuses_bad_input_naming_the_field(reception):
    with pytest.raises(ValidationError) as exc:
        tokens.token_create(actor=reception, name="", scopes=["admin"], days=12)
    assert set(exc.value.message_dict) == {"name", "scopes", "days"}
    assert not ApiToken.objects.exists() and not AuditEvent.objects.filter(action="token.create").exists()


def test_web_pages_ignore_bearer_tokens(reception):
    secret = make_token(reception, "read", "write")
    response = Client().get(reverse("api_tokens"), headers=bearer(secret))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# The API -------------------------------------------------------------------------------------


def test_a_read_token_reads_only_its_owners_prisons(reception, two_prisons):
    secret = make_token(reception, "read")

    response = api_get(Client(), PRISONERS, secret)

    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["items"]] == [two_prisons["held_here"].pk]
    assert api_get(Client(), f"{PRISONERS}{two_prisons['held_there'].pk}", secret).status_code == 404
    assert ApiToken.objects.get().last_used_at is not None


def test_a_read_token_cannot_write(reception, two_prisons):
    secret = make_token(reception, "read")

    response = api_post(Client(), PRISONERS, admission_payload(two_prisons["here"].pk), secret)

    assert response.status_code == 403
    assert "scope" in response.json()["detail"]
    assert Prisoner.objects.count() == 2
    denied = AuditEvent.objects.get(action="access.denied")
    assert denied.actor == reception and denied.changes["method"] == [None, "POST"]


def test_a_write_token_admits_without_csrf(reception, two_prisons):
    secret = make_token(reception, "write")
    client = Client(enforce_csrf_checks=True)

    response = api_post(client, PRISONERS, admission_payload(two_prisons["here"].pk), secret)

    assert response.status_code == 201, response.content
    prisoner = Prisoner.objects.get(pk=response.json()["id"])
    assert prisoner.admissions.get().admitted_by == reception
    assert AuditEvent.objects.filter(actor=reception, object_id=str(prisoner.pk)).exists()
    # Writing does not include reading: a write-only token cannot list.
    assert api_get(client, PRISONERS, secret).status_code == 403


def test_the_session_still_needs_csrf(reception, two_prisons):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reception)
    assert client.get(PRISONERS).status_code == 200
    response = client.post(PRISONERS, admission_payload(two_prisons["here"].pk), content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_a_token_never_exceeds_its_owners_rights(make_staff, two_prisons):
    wing = make_staff("wing", roles.WING, prisons=[two_prisons["here"]])
    secret = make_token(wing, "read", "write")

    response = api_post(Client(), PRISONERS, admission_payload(two_prisons["here"].pk), secret)

    assert response.status_code == 403
    assert Prisoner.objects.count() == 2
    assert AuditEvent.objects.get(action="access.denied").actor == wing
    # Routes the owner may use still work with the same token.
    assert api_get(Client(), PRISONERS, secret).status_code == 200
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    assert api_get(Client(), PRISONERS, make_token(analyst, "read")).status_code == 403


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cus_not-a-real-token-at-all-aaaaaaaaaaaaaaaaaaaaaa",
        "Bearer ",
        "Bearer",
        "bearer x",
        "Bearer " + "cus_" + "a" * 5000,
    ],
)
def test_a_wrong_secret_is_refused(reception, header):
    make_token(reception, "read")
    response = Client().get(PRISONERS, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_wrong_secret_does_not_fall_back_to_the_session(reception):
    client = Client()
    client.force_login(reception)
    assert client.get(PRISONERS).status_code == 200
    assert client.get(PRISONERS, headers=bearer("cus_wrong")).status_code == 401


def test_revoked_and_expired_tokens_are_refused(reception):
    revoked, expired, active = (make_token(reception, "read") for _ in range(3))
    tokens.token_revoke(actor=reception, token=ApiToken.objects.get(key_prefix=revoked[:8]))
    long_ago = timezone.now() - timedelta(days=40)
    ApiToken.objects.filter(key_prefix=expired[:8]).update(
        created_at=long_ago, expires_at=long_ago + timedelta(days=30)
    )

    assert api_get(Client(), PRISONERS, revoked).status_code == 401
    assert api_get(Client(), PRISONERS, expired).status_code == 401
    assert api_get(Client(), PRISONERS, active).status_code == 200
    assert ApiToken.objects.get(key_prefix=expired[:8]).status == "expired"


def test_an_inactive_users_tokens_stop_working(reception):
    secret = make_token(reception, "read")
    reception.is_active = False
    reception.save(update_fields=["is_active"])
    assert api_get(Client(), PRISONERS, secret).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(reception, django_assert_num_queries):
    secret = make_token(reception, "read")
    token = tokens.token_authenticate(secret)
    assert token is not None and token.user == reception and token.scope_set == {"read"}
    first = ApiToken.objects.get().last_used_at
    assert first is not None

    with django_assert_num_queries(1):  # the lookup alone, no write
        tokens.token_authenticate(secret)
    assert ApiToken.objects.get().last_used_at == first

    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    tokens.token_authenticate(secret)
    assert ApiToken.objects.get().last_used_at > first


def test_the_api_describes_both_ways_to_sign_in(staff_client):
    schemes = staff_client.get("/api/v1/openapi.json").json()["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}


def lock_out(username: str, ip: str) -> None:
    """Five wrong passwords for a user name from one address: django-axes locks that pair."""
    for _ in range(5):
        Client().post("/en/accounts/login/", {"username": username, "password": "wrong-password-123"}, REMOTE_ADDR=ip)


def test_a_locked_out_owners_token_is_refused_while_the_lockout_lasts(reception):
    """The token is refused wherever the sign-in is: for the owner's user name from that address
    (settings.AXES_LOCKOUT_PARAMETERS), so that nobody elsewhere can stop a colleague's token."""
    secret = make_token(reception, "read")
    lock_out("reception", "10.0.0.1")

    response = Client().get(PRISONERS, headers=bearer(secret), REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 403, response.content
    assert "locked out" in response.json()["detail"]
    assert Client().get(PRISONERS, headers=bearer(secret), REMOTE_ADDR="10.0.0.2").status_code == 200
    denied = AuditEvent.objects.get(action="access.denied")
    assert denied.actor == reception and denied.changes["path"] == [None, PRISONERS]

    # An administrator lifts the lockout (axes_reset_username): the token works again at once.
    axes_reset(username="reception")
    assert Client().get(PRISONERS, headers=bearer(secret), REMOTE_ADDR="10.0.0.1").status_code == 200


def test_the_token_works_again_when_the_lockout_ends(reception, settings):
    secret = make_token(reception, "read")
    lock_out("reception", "10.0.0.1")
    assert Client().get(PRISONERS, headers=bearer(secret), REMOTE_ADDR="10.0.0.1").status_code == 403

    # The cool-off counts from the last failure.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert Client().get(PRISONERS, headers=bearer(secret), REMOTE_ADDR="10.0.0.1").status_code == 200
