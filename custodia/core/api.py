"""The REST API under /api/v1. Each app contributes a router from its api.py.

Conventions every router follows, so that clients see one API:
- bad input answers 422 with {"errors": {field: [messages]}}, where `field` is the dotted path of
  the value in the request ("identity.names.0.given_names", "legal_status"), or "__all__";
- an unknown id in the URL answers 404 with {"detail": "Not found."};
- a request without a signed-in user answers 401 with {"detail": ...}; a call is signed in by the
  session (a POST needs the CSRF token) or by a personal API token (`Authorization: Bearer
  <secret>`, see accounts.tokens), which acts as its owner within the token's scopes;
- messages are in the user's language (Accept-Language, through Django's LocaleMiddleware);
- a request body parameter is always called `payload`, so that it does not appear in field paths.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib import import_module
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, django_auth
from pydantic import ConfigDict

from custodia.accounts import tokens
from custodia.accounts.services import access_denied_record

# Where a router is mounted, imported only when the URLs are built so that an app's api.py can
# import this module (for the shared schemas below) without an import cycle.
ROUTERS: dict[str, str] = {
    "/prisons": "custodia.estate.api",
    "/prisoners": "custodia.register.api",
    "/assessments": "custodia.assessment.api",
    "/placement": "custodia.placement.api",
    "/non-associations": "custodia.security.api",
    "/classification": "custodia.classification.api",
}

MAX_PAGE_SIZE = 200


class ErrorsOut(Schema):
    """Bad input: each field path with its messages, in the user's language."""

    errors: dict[str, list[str]] = Field(
        ..., examples=[{"errors": {"identity.date_of_birth": ["The date of birth cannot be in the future."]}}]
    )


class In(Schema):
    """Request bodies and filters: unknown fields are refused, so that a misspelt field is not
    silently dropped."""

    model_config = ConfigDict(extra="forbid")


class PrisonRef(Schema):
    id: int
    name: str


class PrisonerRef(Schema):
    id: int
    number: str
    display_name: str


class PersonRef(Schema):
    """Another person, who may be held elsewhere: the number only, no name."""

    id: int
    number: str


class DetailOut(Schema):
    """Unknown record (404) or no signed-in user (401)."""

    detail: str


# Every operation may answer these; each router adds them to its own responses.
ERROR_RESPONSES: dict[int, type[Schema]] = {401: DetailOut, 422: ErrorsOut}
NOT_FOUND_RESPONSES: dict[int, type[Schema]] = {**ERROR_RESPONSES, 404: DetailOut}
# Writes may also be refused by a service's own rules (the prison, a second assessor, an approver).
WRITE_RESPONSES: dict[int, type[Schema]] = {**NOT_FOUND_RESPONSES, 403: DetailOut}


@contextmanager
def refusals(request: HttpRequest, paths: Mapping[str, str] | None = None) -> Iterator[None]:
    """A service's refusals as every router answers them: PermissionDenied as 403 with its message
    (recorded, like a refused route), field errors under the paths the request used."""
    try:
        yield
    except PermissionDenied as exc:
        access_denied_record(actor=request.user, path=request.path, method=request.method or "")
        raise HttpError(403, str(exc)) from exc
    except DjangoValidationError as exc:
        if not paths or not hasattr(exc, "error_dict"):
            raise
        raise DjangoValidationError(
            {paths.get(field, field): messages for field, messages in exc.message_dict.items()}
        ) from exc


class Pagination(LimitOffsetPagination):
    """`limit` (1 to 200, default 50) and `offset` (from 0) in the query; answers {"items": [...],
    "count": total}."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 200).")
        offset: int = Field(0, ge=0, description="Items to skip from the start of the list.")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <secret>`: a personal API token, acting as its owner.

    RouteAccessMiddleware has already authenticated the token and checked the owner's rights for
    the route (the lookup is cached on the request); here the token's scope is checked against
    the method: "read" for GET and HEAD, "write" for the rest. No CSRF token is needed: a
    browser never sends this header by itself. An unknown, revoked or expired token answers
    401, a missing scope 403."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.bearer_user(request, token)
        if user is None:
            return None
        needed = tokens.scope_for(request.method or "GET")
        if needed not in user.api_token.scope_set:
            access_denied_record(actor=user, path=request.path, method=request.method or "")
            raise HttpError(
                403,
                gettext("This API token does not allow this call: it needs the “%(scope)s” scope.") % {"scope": needed},
            )
        # Selectors scope every read to request.user: the token's owner.
        request.user = user
        return user


class CustodiaAPI(NinjaAPI):
    _routers_mounted = False

    def mount_routers(self) -> None:
        if self._routers_mounted:
            return
        self._routers_mounted = True
        for prefix, module in ROUTERS.items():
            self.add_router(prefix, import_module(module).router)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        self.mount_routers()
        urls = super()._get_urls()
        for pattern in urls:
            # Operations authenticate themselves and answer 401 in JSON; without this Django's
            # LoginRequiredMiddleware would redirect API clients to the HTML login page. The
            # schema and docs pages (and the API root) stay behind the login page.
            if isinstance(pattern, URLPattern) and pattern.name not in _LOGIN_PAGE_URLS:
                login_not_required(pattern.callback)
        return urls

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        self.mount_routers()
        return super().get_openapi_schema(**kwargs)


_LOGIN_PAGE_URLS = {"openapi-json", "openapi-view", "api-root"}

api = CustodiaAPI(
    title="Custodia API",
    version="1",
    description=(
        "Prisoner file, estate and custody movements. Every call acts as the signed-in user: either "
        "the Django session (a POST needs the CSRF token in the X-CSRFToken header) or a personal API "
        "token made on the API tokens page, sent as `Authorization: Bearer <secret>` (scope `read` for "
        "GET, `write` for the other methods; a missing scope answers 403). Bad input answers "
        '422 with `{"errors": {field: [messages]}}`, the field being the path of the value in the '
        "request; unknown ids answer 404; messages follow Accept-Language."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


# Pydantic error types with a message of our own (or Django's, already translated in Django's
# catalogues) so that the user reads it in their language; other types keep pydantic's English text.
_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda ctx: gettext("This field is required."),
    "string_too_short": lambda ctx: (
        gettext("This field cannot be blank.")
        if ctx.get("min_length", 1) <= 1
        else gettext("Enter at least %(count)d characters.") % {"count": ctx["min_length"]}
    ),
    "string_too_long": lambda ctx: gettext("Enter at most %(count)d characters.") % {"count": ctx["max_length"]},
    "string_pattern_mismatch": lambda ctx: gettext("Enter a valid value."),
    "string_type": lambda ctx: gettext("Enter text."),
    "too_short": lambda ctx: gettext("Enter at least %(count)d.") % {"count": ctx.get("min_length", 1)},
    "too_long": lambda ctx: gettext("Enter at most %(count)d.") % {"count": ctx.get("max_length", 0)},
    "list_type": lambda ctx: gettext("Enter a list of values."),
    "model_type": lambda ctx: gettext("Enter an object."),
    "model_attributes_type": lambda ctx: gettext("Enter an object."),
    "dict_type": lambda ctx: gettext("Enter an object."),
    "int_parsing": lambda ctx: gettext("Enter a whole number."),
    "int_type": lambda ctx: gettext("Enter a whole number."),
    "int_from_float": lambda ctx: gettext("Enter a whole number."),
    "float_parsing": lambda ctx: gettext("Enter a number."),
    "float_type": lambda ctx: gettext("Enter a number."),
    "bool_parsing": lambda ctx: gettext("Enter true or false."),
    "bool_type": lambda ctx: gettext("Enter true or false."),
    "greater_than_equal": lambda ctx: (
        gettext("Ensure this value is greater than or equal to %(limit_value)s.") % {"limit_value": ctx["ge"]}
    ),
    "greater_than": lambda ctx: (
        gettext("Ensure this value is greater than %(limit_value)s.") % {"limit_value": ctx["gt"]}
    ),
    "less_than_equal": lambda ctx: (
        gettext("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": ctx["le"]}
    ),
    "less_than": lambda ctx: gettext("Ensure this value is less than %(limit_value)s.") % {"limit_value": ctx["lt"]},
    "date_parsing": lambda ctx: gettext("Enter a valid date."),
    "date_type": lambda ctx: gettext("Enter a valid date."),
    "date_from_datetime_parsing": lambda ctx: gettext("Enter a valid date."),
    "date_from_datetime_inexact": lambda ctx: gettext("Enter a valid date."),
    "datetime_parsing": lambda ctx: gettext("Enter a valid date/time."),
    "datetime_type": lambda ctx: gettext("Enter a valid date/time."),
    "datetime_from_date_parsing": lambda ctx: gettext("Enter a valid date/time."),
    "enum": lambda ctx: gettext("Select a valid choice. That choice is not one of the available choices."),
    "literal_error": lambda ctx: gettext("Select a valid choice. That choice is not one of the available choices."),
    "extra_forbidden": lambda ctx: gettext("This field is not expected here."),
    "json_invalid": lambda ctx: gettext("The request body is not valid JSON."),
    # Raised by our own validators with an already translated message.
    "value_error": lambda ctx: str(ctx.get("error", "")),
}

# The first part of a location is where the value came from; the body parameter is always `payload`.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def field_path(location: tuple[Any, ...] | list[Any]) -> str:
    parts = list(location)
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
        if parts and parts[0] == "payload":
            parts = parts[1:]
    return ".".join(str(part) for part in parts) or "__all__"


def message_of(error: dict[str, Any]) -> str:
    build = _MESSAGES.get(error.get("type", ""))
    if build is not None:
        try:
            return build(error.get("ctx") or {})
        except (KeyError, TypeError):
            pass
    return str(error.get("msg", ""))


@api.exception_handler(NinjaValidationError)
def _schema_errors(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Bad input as {"errors": {field: [messages]}}, like the forms."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(field_path(error.get("loc", ())), []).append(message_of(error))
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def _rule_errors(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service refused the change; its messages name the field (see each router for the paths)."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"errors": errors}, status=422)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": gettext("Authentication credentials were not provided.")}, status=401
    )


# django-ninja's own refusals, in the user's language.
_HTTP_ERRORS: dict[str, Callable[[], str]] = {
    "Cannot parse request body": lambda: gettext("The request body is not valid JSON."),
    "CSRF check Failed": lambda: gettext("CSRF check failed: send the CSRF token in the X-CSRFToken header."),
}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = _HTTP_ERRORS.get(exc.message)
    return api.create_response(request, {"detail": message() if message else exc.message}, status=exc.status_code)


def _register_not_found() -> None:
    # Selectors raise the model's DoesNotExist for an id the user may not see or that does not
    # exist; both answer the same 404, so that the answer does not reveal which.
    from custodia.estate.models import Cell, Prison, Unit
    from custodia.register.models import Prisoner

    api.add_exception_handler(Http404, _not_found)
    for model in (Prison, Unit, Cell, Prisoner):
        api.add_exception_handler(model.DoesNotExist, _not_found)


_register_not_found()
