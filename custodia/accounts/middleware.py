import logging

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseForbidden, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .access import PUBLIC, SIGNED_IN, rule_for
from .tokens import bearer_secret, bearer_user

log = logging.getLogger("custodia.access")


class RouteAccessMiddleware:
    """Checks every request against accounts.access.ROUTES before the view runs.

    Signed-out requests are left to the login redirect (web) or the API's 401; a signed-in
    user without the right gets 403, and the attempt is recorded.

    An API call with `Authorization: Bearer <secret>` is checked as the token's owner
    (accounts.tokens): the token is authenticated here, before the rights, so that it never
    reaches a route its owner may not use. A bad token leaves the call signed out, even beside
    a session cookie. Web pages ignore the header: they work with sessions only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/") and bearer_secret(request) is not None:
            request.user = bearer_user(request) or AnonymousUser()
        rule = rule_for(request.resolver_match.view_name, request.method)
        if rule == PUBLIC:
            return None
        if not request.user.is_authenticated:
            return None if rule else self._deny(request)
        if rule == SIGNED_IN or (rule and request.user.has_perm(rule)):
            return None
        return self._deny(request)

    @staticmethod
    def _deny(request):
        from .services import access_denied_record

        access_denied_record(actor=request.user, path=request.path, method=request.method)
        message = _("You do not have the right to open this page. Ask your supervisor if you need it.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return HttpResponseForbidden(render_to_string("accounts/denied.html", {"message": message}, request))
