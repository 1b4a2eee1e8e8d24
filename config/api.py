"""The REST API under /api/v1: the routers of the apps mounted on one NinjaAPI, authentication
(session or personal API token) and the error answers. The conventions every router follows are
in custodia/core/api.py, with the schemas they share; this module sits above every app, so that
no app imports the API's assembly."""

import json
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver
from django.utils.translation import get_language, gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from custodia.accounts import tokens
from custodia.core import audit
from custodia.core.api import field_path, message_of
from custodia.core.rights import SIGNED_IN, declare, declared

# Where each app's router is mounted, as (prefix, module) pairs: two apps may share a prefix
# (the register's and reintegration's under /prisoners). Imported when the URLs are built.
ROUTERS: list[tuple[str, str]] = [
    ("/prisons", "custodia.estate.api"),
    ("/prisoners", "custodia.register.api"),
    ("/prisoners", "custodia.reintegration.api"),
    ("/planned-moves", "custodia.register.api_planned_moves"),
    ("/assessments", "custodia.assessment.api"),
    ("/placement", "custodia.placement.api"),
    ("/non-associations", "custodia.security.api"),
    ("/measures", "custodia.measures.api"),
    ("/incidents", "custodia.incidents.api"),
    ("/alerts", "custodia.alerts.api"),
    ("/intelligence", "custodia.intelligence.api"),
    ("/networks", "custodia.networks.api"),
    ("/security-audits", "custodia.securityaudits.api"),
    ("/contacts", "custodia.contact.api"),
    ("/induction", "custodia.induction.api"),
    ("/visits", "custodia.visits.api"),
    ("/complaints", "custodia.complaints.api"),
    ("/training", "custodia.training.api"),
    ("/classification", "custodia.classification.api"),
    ("/sentence-plans", "custodia.plans.api"),
    ("/programmes", "custodia.programmes.api"),
    ("/users", "custodia.accounts.api"),
]


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <secret>`: a personal API token, acting as its owner.

    RouteAccessMiddleware has already authenticated the token and checked the owner's rights for
    the route (the lookup is cached on the request); here the token's scope is checked against
    the method: "read" for GET and HEAD, "write" for the rest. No CSRF token is needed: a
    browser never sends this header by itself. An unknown, revoked or expired token answers
    401, a missing scope 403."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.bearer(request, token).token
        if found is None:
            return None
        user = found.user
        needed = tokens.scope_for(request.method or "GET")
        if needed not in found.scope_set:
            audit.record_refusal(actor=user, path=request.path, method=request.method or "")
            raise HttpError(
                403,
                gettext("This API token does not allow this call: it needs the “%(scope)s” scope.") % {"scope": needed},
            )
        # Selectors scope every read to request.user: the token's owner.
        request.user = user
        return user


class CustodiaAPI(NinjaAPI):
    _routers_mounted = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._schemas: dict[tuple[object, ...], Any] = {}

    def mount_routers(self) -> None:
        if self._routers_mounted:
            return
        self._routers_mounted = True
        for prefix, module in ROUTERS:
            self.add_router(prefix, import_module(module).router)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        self.mount_routers()
        urls = super()._get_urls()
        rights = self._rights_by_url_name()
        for pattern in urls:
            if not isinstance(pattern, URLPattern):
                continue
            if pattern.name in rights:
                declare(pattern.callback, rights[pattern.name])
            # Operations authenticate themselves and answer 401 in JSON; without this Django's
            # LoginRequiredMiddleware would redirect API clients to the HTML login page. The
            # schema and docs pages (and the API root) stay behind the login page.
            if pattern.name not in _SCHEMA_PAGES:
                login_not_required(pattern.callback)
        return urls

    def _rights_by_url_name(self) -> dict[str, dict[str, str | None]]:
        """The rights each URL pattern's view declares to route access, from the handlers' own
        declarations (core.rights.requires). django-ninja makes one URL pattern per operation, all
        of a path's patterns serving every method of the path, and a request resolves to the first
        of them: so each carries the rights of every operation of its path. A method whose handler
        declares no right is kept with None: served (no 405) but refused to everyone."""
        by_name: dict[str, dict[str, str | None]] = dict(_SCHEMA_PAGES)
        for bound in self._get_bound_routers():
            for path_view in bound.path_operations.values():
                rights = {
                    method: (declared(operation.view_func) or {}).get(method)
                    for operation in path_view.operations
                    for method in operation.methods
                }
                for operation in path_view.operations:
                    name = getattr(operation, "url_name", None) or self.get_operation_url_name(
                        operation, router=bound.template
                    )
                    by_name[name] = rights
        return by_name

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        """The OpenAPI document, made once per prefix and language and kept: it describes code,
        which does not change while the process runs, and making it costs a tenth of a second at
        every call of the schema page."""
        self.mount_routers()
        key = (path_prefix, tuple(sorted((path_params or {}).items())), get_language())
        if key not in self._schemas:
            self._schemas[key] = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return self._schemas[key]


# django-ninja's own pages, the schema and its docs and the API root: for any member of staff.
_SCHEMA_PAGES: dict[str, dict[str, str | None]] = {
    name: {"GET": SIGNED_IN} for name in ("openapi-json", "openapi-view", "api-root")
}

api = CustodiaAPI(
    title="Custodia API",
    version="1",
    description=(
        "Prisoner file, estate and custody movements. Every call acts as the signed-in user: either "
        "the Django session (a POST needs the CSRF token in the X-CSRFToken header) or a personal API "
        "token made on the API tokens page, sent as `Authorization: Bearer <secret>` (scope `read` for "
        "GET, `write` for the other methods; a missing scope answers 403). Every answer is JSON. Bad input "
        '(a body that is not JSON, a number out of its bounds included) answers 422 with `{"errors": {field: '
        "[messages]}}`, the field being the path of the value in the request or `__all__`; no signed-in user "
        "answers 401, a refusal 403, an unknown id or address 404, a method the address does not serve 405, "
        'each with `{"detail": message}`; messages follow Accept-Language.'
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


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


# Selectors raise the model's DoesNotExist for an id the user may not see or that does not exist;
# both answer the same 404, so that the answer does not reveal which. One handler serves every
# model: django-ninja finds a handler through the exception's classes.
@api.exception_handler(ObjectDoesNotExist)
@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": gettext("Authentication credentials were not provided.")}, status=401
    )


# django-ninja's own refusals, in the user's language.
_HTTP_ERRORS: dict[str, Callable[[], str]] = {
    "CSRF check Failed": lambda: gettext("CSRF check failed: send the CSRF token in the X-CSRFToken header."),
}
# django-ninja answers a body it cannot parse with 400 (adding the parser's error under DEBUG).
_UNPARSABLE_BODY = "Cannot parse request body"


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and exc.message.startswith(_UNPARSABLE_BODY):
        # Bad input like any other, in the same form, so that a client handles one kind of answer.
        errors = {"__all__": [gettext("The request body is not valid JSON.")]}
        return api.create_response(request, {"errors": errors}, status=422)
    message = _HTTP_ERRORS.get(exc.message)
    return api.create_response(request, {"detail": message() if message else exc.message}, status=exc.status_code)


# -- answers Django makes before or instead of an operation -----------------------------------------

API_PREFIX = "/api/"

# Django's own error answers under /api/, as JSON like the operations' (see ApiAnswersMiddleware).
_STATUS_MESSAGES: dict[int, Callable[[HttpRequest], str]] = {
    400: lambda request: gettext("The request could not be understood."),
    404: lambda request: gettext("Not found."),
    405: lambda request: gettext("This address does not accept the %(method)s method.") % {"method": request.method},
    500: lambda request: gettext("The server failed to answer. The error is recorded; try again later."),
}


def _detail_answer(request: HttpRequest, response: HttpResponse) -> None:
    """Turns an error answer into {"detail": message} in place, keeping its status and headers."""
    message = _STATUS_MESSAGES.get(response.status_code)
    detail = message(request) if message else response.reason_phrase
    response.content = json.dumps({"detail": detail}).encode()
    response["Content-Type"] = "application/json; charset=utf-8"


class ApiAnswersMiddleware:
    """Every answer under /api/ is JSON, as the OpenAPI document says, even those Django makes
    before any operation runs.

    - An address that is no route (an unknown path, or an id in a path that is not a whole number:
      the routes take `{int:...}`) gets Django's HTML 404 page; here it becomes {"detail": ...}.
    - A method the route does not serve would be refused by RouteAccessMiddleware (403: no right
      declared for it) or by django-ninja (405, in plain text); here it answers 405 with the
      Allow header, before the access check, whoever asks: which methods a route serves is no secret.
    - Any other error answer that is not JSON (a 500 in production) becomes {"detail": ...}; under
      DEBUG a 500 keeps Django's debugging page.

    Placed after LocaleMiddleware (the messages are in the user's language) and before the access
    checks; the answer is changed in place, so the headers other middleware set are kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not getattr(response, "streaming", False)
            and not response.get("Content-Type", "").startswith("application/json")
            and not (response.status_code >= 500 and settings.DEBUG)
        ):
            _detail_answer(request, response)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.namespace != api.urls_namespace:
            return None
        methods = declared(match.func)
        if methods is None or request.method in methods:
            return None  # a route without a declaration is the access middleware's to refuse
        response = HttpResponseNotAllowed(sorted(methods))
        _detail_answer(request, response)
        return response
