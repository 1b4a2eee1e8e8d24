"""Access-control hardening: Argon2 passwords, sign-in lockout (django-axes), idle sessions,
the Content Security Policy (django-csp), no copies in caches, the Permissions-Policy and the
production settings (`check --deploy`)."""

import os
import secrets
import subprocess
import sys
import time
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpRequest
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodia.accounts import roles, tokens
from custodia.core.http import SESSION_REFRESHED_AT
from custodia.core.tests.browser import PASSWORD
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory
from custodia.register.tests.factories import admit
from custodia.register.tests.wizard import admission_steps, wizard_post

ROOT = Path(__file__).resolve().parents[1]
LOGIN = "/en/accounts/login/"

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


@pytest.fixture
def admin_user(db, django_user_model):
    # A superuser holds every right, so these tests do not depend on the role table.
    return django_user_model.objects.create_superuser("director", password=PASSWORD)


def submit_sign_in_form(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# Passwords ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_passwords_are_hashed_with_argon2(django_user_model):
    user = django_user_model.objects.create_user("reception", password=PASSWORD)
    assert user.password.startswith("argon2$")
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_an_old_pbkdf2_hash_still_signs_in_and_is_upgraded(client, django_user_model):
    user = django_user_model.objects.create_user("reception")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = submit_sign_in_form(client, "reception", PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_password_validators_keep_a_minimum_of_twelve_characters():
    minimum = next(v for v in settings.AUTH_PASSWORD_VALIDATORS if v["NAME"].endswith("MinimumLengthValidator"))
    assert minimum["OPTIONS"]["min_length"] == 12
    assert len(settings.AUTH_PASSWORD_VALIDATORS) == 4


# Lockout --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_user_name_from_that_address(client, admin_user):
    for attempt in range(1, 5):
        response = submit_sign_in_form(client, "director", "wrong-password-123")
        assert response.status_code == 200, attempt
        assert "Please enter a correct" in response.content.decode()
    response = submit_sign_in_form(client, "director", "wrong-password-123")
    assert response.status_code == 429
    assert "accounts/locked.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "contact an administrator" in html
    assert "Try again in 30 minutes, after" in html
    assert response["Retry-After"] == "1800"
    assert response.context["retry_at"] - timezone.now() > timedelta(minutes=29)

    # The right password does not get through the lock either.
    response = submit_sign_in_form(client, "director", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
def test_the_lock_holds_one_user_name_from_one_address(client, admin_user, django_user_model):
    django_user_model.objects.create_user("reception", password=PASSWORD)
    for _ in range(5):
        submit_sign_in_form(client, "director", "wrong-password-123", ip="10.0.0.1")
    assert submit_sign_in_form(client, "director", PASSWORD, ip="10.0.0.1").status_code == 429
    # A colleague at the same computer, and the same user at another one, still sign in.
    assert submit_sign_in_form(client, "reception", PASSWORD, ip="10.0.0.1").status_code == 302
    client.logout()
    assert submit_sign_in_form(client, "director", PASSWORD, ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_the_lock_holds_the_address_the_proxy_saw(client, admin_user, settings):
    settings.AXES_CLIENT_IP_CALLABLE = "custodia.accounts.views.client_ip_behind_proxy"

    def attempt(password: str, forwarded: str):
        return client.post(
            LOGIN,
            {"username": "director", "password": password},
            REMOTE_ADDR="192.168.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    # A forged first entry changes nothing: the proxy appended the real address last.
    for n in range(5):
        attempt("wrong-password-123", f"6.6.6.{n}, 10.0.0.7")
    assert attempt(PASSWORD, "7.7.7.7, 10.0.0.7").status_code == 429
    # Another computer behind the same proxy is not locked.
    assert attempt(PASSWORD, "10.0.0.8").status_code == 302


@pytest.mark.django_db
def test_lockout_page_follows_the_language(client, admin_user):
    for _ in range(5):
        response = client.post(
            "/fr/accounts/login/", {"username": "director", "password": "wrong-password-123"}, REMOTE_ADDR="10.0.0.1"
        )
    assert response.status_code == 429
    assert 'lang="fr"' in response.content.decode()


@pytest.mark.django_db
def test_a_success_clears_earlier_failures(client, admin_user):
    for _ in range(4):
        submit_sign_in_form(client, "director", "wrong-password-123")
    assert submit_sign_in_form(client, "director", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert submit_sign_in_form(client, "director", "wrong-password-123").status_code == 200


def test_test_client_sign_in_still_works(client, make_staff):
    """force_login needs nothing; login() must pass a request, which django-axes requires. (A
    reception officer: their role signs in with a password alone.)"""
    officer = make_staff("reception", roles.RECEPTION, prisons=[CellFactory().unit.prison])
    client.force_login(officer)
    assert client.get(reverse("register:prisoner_list")).status_code == 200
    client.logout()
    assert client.login(request=HttpRequest(), username="reception", password=PASSWORD)
    assert client.get(reverse("register:prisoner_list")).status_code == 200


# Sessions -------------------------------------------------------------------------------------


def test_sessions_end_after_thirty_idle_minutes_and_with_the_browser():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS == 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def _saved_a_while_ago(key: str, seconds: int) -> None:
    """The session `key` as if its last save were `seconds` ago, its expiry a minute away."""
    store = SessionStore(session_key=key)
    store[SESSION_REFRESHED_AT] = int(time.time()) - seconds
    store.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))


@pytest.mark.django_db
def test_the_idle_timeout_moves_on_once_a_minute_not_on_every_page(client, admin_user):
    submit_sign_in_form(client, "director", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    key = cookie.value
    session = Session.objects.get(session_key=key)
    assert timedelta(minutes=29) < session.expire_date - timezone.now() <= timedelta(minutes=30)

    # Saved 30 seconds ago: a page does not write it again.
    _saved_a_while_ago(key, 30)
    with CaptureQueriesContext(connection) as page:
        client.get(reverse("register:prisoner_list"))
    assert not any("django_session" in query["sql"] for query in page.captured_queries)
    assert Session.objects.get(session_key=key).expire_date - timezone.now() < timedelta(minutes=2)

    # Saved a minute ago: the next page moves the expiry 30 minutes on.
    _saved_a_while_ago(key, 60)
    client.get(reverse("register:prisoner_list"))
    assert Session.objects.get(session_key=key).expire_date - timezone.now() > timedelta(minutes=29)


# Content Security Policy -----------------------------------------------------------------------


def parse_policy(header: str) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in (p.strip() for p in header.split(";")) if d}


@pytest.mark.django_db
def test_policy_header_on_pages(client, admin_user, sign_in):
    assert parse_policy(client.get(LOGIN)["Content-Security-Policy"]) == POLICY
    sign_in(client, admin_user)
    response = client.get(reverse("register:prisoner_list"))
    assert parse_policy(response["Content-Security-Policy"]) == POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


class InlineCode(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would refuse."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
            if not attrs.get("src") and attrs.get("type") != "application/json":
                self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.problems.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs.items():
            if name == "style":
                self.problems.append(f'<{tag} style="{value}"> at line {self.getpos()[0]}')
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> at line {self.getpos()[0]}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}> at line {self.getpos()[0]}")


def inline_code(response) -> list[str]:
    assert response.status_code == 200, response
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.scripts, "the page has no script at all: not a full page?"
    return parser.problems


@pytest.mark.django_db
def test_main_pages_have_no_inline_script_or_style(client, admin_user, sign_in):
    PrisonServiceFactory()
    cell = CellFactory()
    prison = cell.unit.prison
    prisoner = admit(actor=admin_user, prison=prison, cell=cell)
    sign_in(client, admin_user)

    pages = {
        "sign-in page (signed in)": client.get(LOGIN),
        "prisoner list": client.get(reverse("register:prisoner_list")),
        "file page": client.get(reverse("register:prisoner_detail", args=[prisoner.pk])),
        "statistics": client.get(reverse("oversight:statistics")),
        "prisons": client.get(reverse("estate:prison_list")),
        "prison": client.get(reverse("estate:prison_detail", args=[prison.pk])),
        "ill-treatment complaints": client.get(reverse("register:flags")),
        "admission step 1": client.get(reverse("register:admit")),
    }
    # Each step's answer renders the next step; the placement's renders the check page.
    for step, data in admission_steps(prison):
        response = wizard_post(client, step, data)
        assert 'class="invalid-feedback' not in response.content.decode(), step
        pages[f"admission after {step}"] = response
    pages["admission check page"] = wizard_post(client, "placement", {"cell": cell.pk})
    assert "Confirm the admission" in pages["admission check page"].content.decode()
    assert 'class="wizard-progress' in pages["admission step 1"].content.decode()

    problems = {name: inline_code(response) for name, response in pages.items()}
    assert not any(problems.values()), problems

    client.logout()
    assert not inline_code(client.get(LOGIN))
    for _ in range(5):
        locked = submit_sign_in_form(client, "director", "wrong-password-123")
    assert locked.status_code == 429
    parser = InlineCode()
    parser.feed(locked.content.decode())
    assert not parser.problems


# Caches ----------------------------------------------------------------------------------------


def validation_upload() -> dict[str, object]:
    """A small CSV export for the validation page, which answers with a CSV file."""
    rows = "".join(f"{score},{int(score > 4)}\n" for score in range(10))
    return {
        "csv_file": SimpleUploadedFile("scores.csv", f"score,incident\n{rows}".encode(), "text/csv"),
        "score_column": "score",
        "outcome_column": "incident",
    }


def kept_out_of_caches(response) -> bool:
    """Neither the browser (its back button, its disk cache) nor a proxy keeps a copy."""
    return "no-store" in response.get("Cache-Control", "") and response.get("Pragma") == "no-cache"


@pytest.mark.django_db
def test_no_answer_to_a_signed_in_user_is_kept_in_a_cache(client, admin_user, sign_in):
    """On a shared wing computer the back button after sign-out, or the browser's cache on disk,
    must not show a file, a list or API data to the next person."""
    prisoner = admit(actor=admin_user, cell=CellFactory())
    sign_in(client, admin_user)
    answers = {
        "file page": client.get(reverse("register:prisoner_detail", args=[prisoner.pk])),
        "list": client.get(reverse("register:prisoner_list")),
        "htmx fragment": client.get(reverse("register:prisoner_list"), headers={"HX-Request": "true"}),
        "API JSON": client.get(f"/api/v1/prisoners/{prisoner.pk}"),
        "API error": client.get("/api/v1/prisoners/?limit=0"),
        "CSV": client.post(reverse("assessment:validation"), {**validation_upload(), "format": "csv"}),
        "redirect": client.get(reverse("home")),
        "not found": client.get(reverse("register:prisoner_detail", args=[prisoner.pk + 1000])),
        "sign-in page": client.get(LOGIN),
    }
    assert answers["CSV"]["Content-Type"].startswith("text/csv")
    _token, secret = tokens.token_create(actor=admin_user, name="Report", scopes=["read"], days=30)
    answers["API with a token"] = client.get("/api/v1/prisoners/", headers={"Authorization": f"Bearer {secret}"})
    cached = {name: (response.status_code, response.get("Cache-Control")) for name, response in answers.items()}
    assert all(kept_out_of_caches(response) for response in answers.values()), cached


@pytest.mark.django_db
def test_sign_in_and_refusals_are_not_cached_either(client):
    assert kept_out_of_caches(client.get(LOGIN))
    assert kept_out_of_caches(client.get(reverse("register:prisoner_list")))  # the redirect to sign in
    assert kept_out_of_caches(client.get("/api/v1/prisoners/"))  # 401


@pytest.mark.django_db
def test_static_files_keep_their_caching(client):
    response = client.get(static("custodia/custodia.css"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "") and "max-age" in response["Cache-Control"]
    assert "Pragma" not in response
    response.close()


# Permissions-Policy -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_permissions_policy_denies_the_browser_features_nobody_needs(client, admin_user, sign_in):
    """Camera, microphone, location, payment, USB and the like: no page uses them, so a script
    that got in somehow cannot either."""
    for response in (client.get(LOGIN), sign_in(client, admin_user).get(reverse("register:prisoner_list"))):
        policy = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "display-capture"):
            assert policy[feature] == "()", feature
        assert set(policy.values()) == {"()"}, "nothing is allowed, not even to this site"


# Production settings ---------------------------------------------------------------------------


def python(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Only the deployment's own variables: not the test run's (CUSTODIA_*, the browser tests' async override).
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CUSTODIA_", "DJANGO_ALLOW_ASYNC"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, env=environment, timeout=120
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return python("manage.py", *args, **env)


KEY_REFUSED = "CUSTODIA_SECRET_KEY must be set to at least 50 random characters"


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CUSTODIA_ENV="production",
        CUSTODIA_SECRET_KEY=secrets.token_urlsafe(64)[:50],
        CUSTODIA_ALLOWED_HOSTS="custodia.example",
        CUSTODIA_CSRF_TRUSTED_ORIGINS="https://custodia.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
@pytest.mark.parametrize("key", [None, "", "too-short-a-key", "ab" * 25])
def test_production_refuses_to_serve_without_a_strong_secret_key(key, entry_point):
    env = {"CUSTODIA_ENV": "production", "CUSTODIA_ALLOWED_HOSTS": "custodia.example"}
    if key is not None:
        env["CUSTODIA_SECRET_KEY"] = key
    result = python("-c", f"import {entry_point}", **env)
    assert result.returncode != 0
    assert KEY_REFUSED in result.stderr


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_production_serves_with_a_strong_secret_key(entry_point):
    result = python(
        "-c",
        f"import {entry_point}; print({entry_point}.application.__class__.__name__)",
        CUSTODIA_ENV="production",
        CUSTODIA_SECRET_KEY=secrets.token_urlsafe(64)[:50],
        CUSTODIA_ALLOWED_HOSTS="custodia.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in ("WSGIHandler", "ASGIHandler")


def test_the_wsgi_entry_point_loads_the_url_patterns_before_freezing_what_start_up_made():
    """Objects made before gc.freeze() are never scanned again by the garbage collector: the URL
    patterns, the API and its schemas are among them, not left for the first request to load."""
    result = python(
        "-c",
        "import gc, sys; import config.wsgi; "
        "print('custodia.register.urls' in sys.modules, 'config.api' in sys.modules, gc.get_freeze_count())",
        CUSTODIA_ENV="production",
        CUSTODIA_SECRET_KEY=secrets.token_urlsafe(64)[:50],
        CUSTODIA_ALLOWED_HOSTS="custodia.example",
    )
    assert result.returncode == 0, result.stderr
    urls_loaded, api_loaded, frozen = result.stdout.split()
    assert urls_loaded == api_loaded == "True"
    assert int(frozen) > 100_000


def test_the_deploy_check_names_a_missing_secret_key():
    result = manage("check", "--deploy", CUSTODIA_ENV="production", CUSTODIA_ALLOWED_HOSTS="custodia.example")
    assert result.returncode != 0
    assert "custodia.E002" in result.stderr and KEY_REFUSED in result.stderr


@pytest.mark.parametrize(
    "command", [("check",), ("makemigrations", "--check", "--dry-run"), ("migrate", "--plan", "--noinput")]
)
def test_production_prepares_and_migrates_without_a_secret_key(command, tmp_path):
    """A deployment checks and migrates its database before its key is set (or by an account
    that is not given the key); only serving needs it."""
    result = manage(*command, CUSTODIA_ENV="production", CUSTODIA_VAR_DIR=str(tmp_path), DATABASE_URL="")
    assert result.returncode == 0, result.stdout + result.stderr


# In a real browser -----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_under_the_policy_in_a_browser(page, django_user_model):
    user = django_user_model.objects.create_superuser("director", password=PASSWORD)
    PrisonServiceFactory()
    cell = CellFactory()
    men = CellFactory(unit__prison=cell.unit.prison)  # another unit: Rule 11(a) keeps men and women apart
    for given_names, sex in (("Grace", "female"), ("Okot", "male"), ("Peter", "male")):
        admit(actor=user, cell=cell if sex == "female" else men, given_names=given_names, sex=sex)

    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))

    # A superuser gives the second factor too: the code of an authenticator already set up.
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(LOGIN)
    page.fill("#id_username", "director")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("main button[type=submit]")  # the menu's sign-out button comes first
    page.wait_for_url("**/en/")  # the home page

    page.goto("/en/statistics/")
    page.wait_for_function("() => typeof Chart !== 'undefined' && Chart.getChart(document.querySelector('canvas'))")
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('canvas[data-chart]')].map((canvas) => ({
            width: canvas.width, chart: !!Chart.getChart(canvas),
            painted: canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data.some((v) => v !== 0),
        }))"""
    )
    assert drawn and all(c["width"] > 0 and c["chart"] and c["painted"] for c in drawn), drawn

    page.goto("/en/prisoners/admit/")
    assert page.locator("progress.wizard-progress").evaluate("(el) => el.value / el.max") > 0
    assert page.evaluate("() => typeof htmx !== 'undefined' && htmx.config.includeIndicatorStyles === false")

    # django-ninja's Swagger page loads its scripts from files: it works under the same policy.
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Custodia API" in page.locator(".swagger-ui .info .title").inner_text()

    # Chromium also reports a Permissions-Policy feature it does not know: the policy names only real ones.
    violations = [
        line
        for line in console
        if "Content Security Policy" in line or "Permissions-Policy" in line or line.startswith("pageerror")
    ]
    assert not violations, console

    # The check above can fail: an inline style attribute is refused, and the refusal is logged.
    page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in line for line in console), console


def test_production_is_the_default_and_importing_the_settings_creates_nothing(tmp_path):
    """A deployment that forgets CUSTODIA_ENV runs hardened: no debug pages, no published key."""
    missing = tmp_path / "not-yet"
    result = python(
        "-c", "import config.wsgi", CUSTODIA_VAR_DIR=str(missing), CUSTODIA_ALLOWED_HOSTS="custodia.example"
    )
    assert result.returncode != 0
    assert KEY_REFUSED in result.stderr
    assert not missing.exists()
    # Nor does anything else sign with a known key meanwhile: the key is empty, which Django refuses.
    signed = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core import signing; signing.dumps(1)",
        CUSTODIA_VAR_DIR=str(missing),
        CUSTODIA_ALLOWED_HOSTS="custodia.example",
    )
    assert "The SECRET_KEY setting must not be empty" in signed.stderr
    assert not missing.exists()

    key = secrets.token_urlsafe(64)[:50]
    shown = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        CUSTODIA_SECRET_KEY=key,
        CUSTODIA_VAR_DIR=str(missing),
        CUSTODIA_ALLOWED_HOSTS="custodia.example",
    )
    assert shown.stdout.split() == ["False", "True"], shown.stderr
    assert not missing.exists()


def test_a_missing_data_directory_is_named_by_the_check(tmp_path):
    missing = tmp_path / "var"
    result = manage("check", CUSTODIA_ENV="development", CUSTODIA_VAR_DIR=str(missing))
    assert result.returncode != 0
    assert f"The data directory {missing} does not exist" in result.stderr


def test_an_unknown_environment_is_refused():
    result = manage("check", CUSTODIA_ENV="staging")
    assert result.returncode != 0
    assert "CUSTODIA_ENV must be one of production, development" in result.stderr
