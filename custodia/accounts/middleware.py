import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.rights import PUBLIC, SIGNED_IN

from .access import NO_ASSIGNMENT, NO_ROLE, OPEN_WITHOUT_ROLE, account_gap, rule_for
from .tokens import bearer, bearer_secret, locked_out_message

log = logging.getLogger("custodia.access")


class SecurityHeadersMiddleware:
    """Keeps every answer out of caches and turns off the browser features the service never uses.

    Placed just after WhiteNoise, which answers static files itself, with their long caching
    (the same files for everyone), before this runs. Everything else comes through here: pages,
    htmx fragments, API JSON, CSV exports, redirects, refusals, the sign-in page. Officers share
    computers on the wings: the back button after signing out, or the browser's cache on disk,
    must not show the next person a file. No dynamic answer is meant to be cached, so all are
    marked, signed in or not: nothing to get wrong, and no need to look the user up.

    The Permissions-Policy (settings.PERMISSIONS_POLICY) refuses camera, microphone, location,
    payment, USB and the like to every page, so that a script that got in anyway cannot use them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # no-store is what forbids keeping a copy; the rest of Django's never-cache set (no-cache,
        # must-revalidate, private, max-age=0, Expires) covers older browsers and proxies.
        add_never_cache_headers(response)
        response.setdefault("Pragma", "no-cache")  # HTTP/1.0 proxies know only this
        if self.permissions_policy:
            response.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class RouteAccessMiddleware:
    """Checks every request against the rights its view declares (core.rights.requires) before
    the view runs: a method without a declared right is refused to everyone.

    Signed-out requests are left to the login redirect (web) or the API's 401; a signed-in
    user without the right gets 403, and the attempt is recorded. An account that is not set up
    (no role, or no staff assignment: access.account_gap) gets 403 everywhere but the public
    routes and signing out, with a page saying what to ask the system administrator.

    An API call with `Authorization: Bearer <secret>` is checked as the token's owner
    (accounts.tokens): the token is authenticated here, before the rights, so that it never
    reaches a route its owner may not use. A bad token leaves the call signed out, even beside
    a session cookie; a good one whose owner is locked out after failed sign-ins gets 403.
    Web pages ignore the header: they work with sessions only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.path.startswith("/api/") and bearer_secret(request) is not None:
            found = bearer(request)
            request.user = found.user or AnonymousUser()
            if found.locked_out_owner is not None:
                return self._deny(request, locked_out_message(), actor=found.locked_out_owner)
        rule = rule_for(view_func, request.method or "")
        if rule == PUBLIC:
            return None
        if not request.user.is_authenticated:
            return None if rule else self._deny(request)
        gap = account_gap(request.user)
        # Django resolves the URL before any process_view; were it not, the account is refused.
        resolved = request.resolver_match
        if gap is not None and (resolved is None or resolved.view_name not in OPEN_WITHOUT_ROLE):
            return self._deny(request, _not_set_up_message(gap))
        if rule == SIGNED_IN or (rule and request.user.has_perm(rule)):
            return None
        return self._deny(request)

    @staticmethod
    def _deny(request: HttpRequest, message: str | None = None, actor: User | None = None) -> HttpResponse:
        audit.record_refusal(actor=actor or request.user, path=request.path, method=request.method or "")
        if message is None:
            message = _("You do not have the right to open this page. Ask your supervisor if you need it.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return HttpResponseForbidden(render_to_string("accounts/denied.html", {"message": message}, request))


def _not_set_up_message(gap: str) -> str:
    return {
        NO_ROLE: _(
            "Your account has no role yet, so it opens no page. Ask the system administrator to give you "
            "the role your work needs."
        ),
        NO_ASSIGNMENT: _(
            "Your account is not assigned to a prison yet, so it opens no page. Ask the system administrator "
            "to assign you to the prisons where you work."
        ),
    }[gap]
