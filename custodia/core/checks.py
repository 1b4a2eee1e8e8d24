"""System checks: what a deployment must provide. `manage.py check` (run before the commands
that migrate or serve) checks the disk; `manage.py check --deploy` adds what serving needs, and
the WSGI and ASGI entry points refuse to build the application without it. The settings create
nothing and refuse nothing themselves, so that `migrate` and `makemigrations` work before the
secret key is set."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

# As Django's own deploy check (security.W009) asks of a key.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5
SECRET_KEY_REFUSAL = (
    f"CUSTODIA_SECRET_KEY must be set to at least {SECRET_KEY_MIN_LENGTH} random characters in production, "
    "the default: sessions, CSRF tokens and password-reset links are signed with it."
)
SECRET_KEY_HINT = (
    'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"; '
    "or set CUSTODIA_ENV=development to work on one machine without one."
)


@register()
def var_directory(**kwargs: Any) -> list[Error]:
    var = Path(settings.VAR_DIR)
    if var.is_dir():
        return []
    return [
        Error(
            f"The data directory {var} does not exist: the SQLite database, backups and audit checkpoints "
            "are kept there.",
            hint=f"Create it (mkdir -p {var}), writable by the user that runs Custodia, or set CUSTODIA_VAR_DIR.",
            id="custodia.E001",
        )
    ]


def secret_key_missing() -> bool:
    """Whether production lacks a key of its own: unset, too short or guessable. Development
    brings a key of its own (config/settings.py)."""
    if not settings.PRODUCTION:
        return False
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django hands out no empty key
        return True
    return len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_DISTINCT


@register(Tags.security, deploy=True)
def secret_key(**kwargs: Any) -> list[Error]:
    if not secret_key_missing():
        return []
    return [Error(SECRET_KEY_REFUSAL, hint=SECRET_KEY_HINT, id="custodia.E002")]


def refuse_to_serve_without_secret_key() -> None:
    """Called by the WSGI and ASGI entry points before they build the application: in production a
    missing or guessable key must stop the service from starting, not let it run open."""
    if secret_key_missing():
        raise ImproperlyConfigured(f"{SECRET_KEY_REFUSAL} {SECRET_KEY_HINT}")
