"""Personal API tokens: services (create, revoke), selectors (list, get) and authentication.

A program calls the API as a member of staff with `Authorization: Bearer <secret>`. The token
never widens what its owner may do: each call is still checked against the owner's rights
(accounts.access, in RouteAccessMiddleware) and reads are scoped to the owner's prisons; the
token's scopes only narrow it further ("read" for GET and HEAD, "write" for the rest).

While django-axes holds its owner locked out after failed sign-ins, a token is refused wherever
the owner's sign-in would be (bearer): a token is no way round the lockout.

The secret is shown once, when the token is made. Only its SHA-256 is stored: a stolen
database or backup gives no usable token. A plain hash is enough (no salt, no slow hash)
because the secret is 256 random bits, not something a person chose."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.actions import AuditAction

from .models import ApiToken

SECRET_PREFIX = "cus_"
PREFIX_LENGTH = 8
# Longer than any secret we issue: anything longer is refused before it is hashed.
MAX_SECRET_LENGTH = 100
EXPIRY_DAYS = (30, 90, 365)  # or None: never
MAX_NAME_LENGTH = 100
# last_used_at is for people ("is this token still in use?"): a minute is precise enough, and
# saves a write on every call of a busy client.
LAST_USED_PRECISION = timedelta(minutes=1)

READ_METHODS = ("GET", "HEAD")


def scope_for(method: str) -> str:
    """The scope a call with this HTTP method needs."""
    return ApiToken.READ if method.upper() in READ_METHODS else ApiToken.WRITE


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# -- services --------------------------------------------------------------------------------------


def token_create(*, actor, name: str, scopes, days: int | None) -> tuple[ApiToken, str]:
    """A new token of `actor`'s own, and its secret: the only time the secret exists outside
    the caller, so show it and forget it. Refuses bad input naming the field (name, scopes, days)."""
    name = (name or "").strip()
    wanted = set(scopes or ())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the token a name, such as the program that will use it.")
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = _("Enter at most %(count)d characters.") % {"count": MAX_NAME_LENGTH}
    if not wanted:
        errors["scopes"] = _("Choose what the token may do: read, write or both.")
    elif not wanted <= set(ApiToken.SCOPES):
        errors["scopes"] = _("Select a valid choice. That choice is not one of the available choices.")
    if days is not None and days not in EXPIRY_DAYS:
        errors["days"] = _("Select a valid choice. That choice is not one of the available choices.")
    if errors:
        raise ValidationError(errors)

    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            scopes=",".join(scope for scope in ApiToken.SCOPES if scope in wanted),
            key_prefix=secret[:PREFIX_LENGTH],
            key_hash=hash_secret(secret),
            created_at=now,
            expires_at=now + timedelta(days=days) if days is not None else None,
        )
        # The prefix identifies the token in the trail; the secret and its hash stay out of it.
        audit.record(
            actor=actor,
            action=AuditAction.TOKEN_CREATE,
            obj=token,
            changes=audit.changes_of(
                user=(None, token.user_id),
                name=(None, token.name),
                scopes=(None, token.scopes),
                key_prefix=(None, token.key_prefix),
                expires_at=(None, token.expires_at),
            ),
        )
    return token, secret


def may_revoke(actor: User | AnonymousUser, token: ApiToken) -> bool:
    """Owners revoke their tokens; user managers revoke anyone's (someone who left, a leak)."""
    return actor.is_authenticated and (token.user_id == actor.pk or actor.has_perm("accounts.manage_users"))


def token_revoke(*, actor, token: ApiToken, reason: str = "") -> ApiToken:
    """Stop a token at once; it stays listed (and in the audit trail) as revoked."""
    if not may_revoke(actor, token):
        raise PermissionDenied(_("Only the owner of a token or a user manager can revoke it."))
    with transaction.atomic():
        # Locked so that two revocations at once record one event, not two.
        locked = ApiToken.objects.select_for_update(no_key=True).get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ValidationError(_("This token was already revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            actor=actor,
            action=AuditAction.TOKEN_REVOKE,
            obj=locked,
            changes=audit.changes_of(revoked_at=(None, locked.revoked_at), revoked_by=(None, actor.pk)),
            reason=reason,
        )
    token.revoked_at, token.revoked_by = locked.revoked_at, locked.revoked_by
    return token


# -- selectors -------------------------------------------------------------------------------------


def token_list(*, user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user).select_related("revoked_by").order_by("-created_at", "-pk")


def token_get(*, user, token_id) -> ApiToken:
    """A token `user` may act on: their own, or anyone's for a user manager. Raises
    ApiToken.DoesNotExist otherwise, so that others' tokens are not revealed."""
    try:
        token_id = int(token_id)
    except (TypeError, ValueError):
        raise ApiToken.DoesNotExist from None
    tokens = ApiToken.objects.select_related("user")
    if not user.has_perm("accounts.manage_users"):
        tokens = tokens.filter(user=user)
    return tokens.get(pk=token_id)


# -- authentication --------------------------------------------------------------------------------


def token_authenticate(secret: str) -> ApiToken | None:
    """The usable token a secret belongs to, its owner (`token.user`) active; None for an unknown,
    revoked or expired token or an inactive owner.

    The secret is looked up by its hash: a guess that shares a prefix with a real secret does
    not share a prefix of its hash, so the lookup's timing tells nothing about the secret."""
    if not secret or not secret.startswith(SECRET_PREFIX) or len(secret) > MAX_SECRET_LENGTH:
        return None
    digest = hash_secret(secret)
    token = ApiToken.objects.select_related("user").filter(key_hash=digest).first()
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    now = timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # Conditional, so that concurrent calls write once; not audited: it is bookkeeping,
        # and the calls themselves are recorded by the services they reach.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token


def bearer_secret(request: HttpRequest) -> str | None:
    """The secret of an `Authorization: Bearer <secret>` header, or None without one. Parsed as
    django-ninja's HttpBearer parses it, so that the middleware and the API agree."""
    value = request.headers.get("Authorization")
    if not value:
        return None
    scheme, _space, secret = value.partition(" ")
    return secret if scheme.lower() == "bearer" else None


def owner_locked_out(request: HttpRequest, user: AbstractBaseUser) -> bool:
    """Whether django-axes refuses `user`'s sign-in from where this request comes: the same
    question its authentication backend asks, so the lockout's parameters (user name and
    address here, settings.AXES_LOCKOUT_PARAMETERS), its whitelists and its cool-off apply to
    tokens as they do to passwords. It ends when axes' does: the cool-off passes, or an
    administrator resets the lockout (axes_reset_username)."""
    if not settings.AXES_ENABLED:
        return False
    return not AxesProxyHandler.is_allowed(request, get_credentials(user.get_username()))


@dataclass(frozen=True)
class Bearer:
    """What the bearer token of a request comes to."""

    secret: str | None
    token: ApiToken | None  # usable, its owner active and not locked out
    locked_out_owner: User | None  # the owner of an otherwise usable token, while axes locks them out

    @property
    def user(self) -> User | None:
        return self.token.user if self.token is not None else None


# The one attribute Custodia keeps on a request: the access middleware and the API's
# authentication both ask for the bearer, and the lookup writes last_used_at.
_KEPT_AS = "_custodia_bearer"


def bearer(request: HttpRequest, secret: str | None = None) -> Bearer:
    """The request's bearer token (see token_authenticate), looked up once per request. While its
    owner is locked out the token is refused and `locked_out_owner` names the owner, so that the
    refusal can say why and be recorded."""
    secret = bearer_secret(request) if secret is None else secret
    kept = request.__dict__.get(_KEPT_AS)
    if isinstance(kept, Bearer) and kept.secret == secret:
        return kept
    token = token_authenticate(secret) if secret is not None else None
    if token is not None and owner_locked_out(request, token.user):
        found = Bearer(secret, None, token.user)
    else:
        found = Bearer(secret, token, None)
    request.__dict__[_KEPT_AS] = found
    return found


def locked_out_message() -> str:
    return _(
        "The owner of this API token is locked out after too many failed sign-ins: the token works again "
        "when the lockout ends or an administrator lifts it."
    )
