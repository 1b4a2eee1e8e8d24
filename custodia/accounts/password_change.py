"""Choosing one's own password, and the password change an administrator requires.

An account made by an administrator, or one whose password an administrator reset, owes a new
password (models.Account.password_change_required). Until it is chosen, the person can only
choose it: every other page sends them to it, and the API refuses their session."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from custodia.core.http import staff_user
from custodia.core.refusals import add_service_errors
from custodia.core.rights import SIGNED_IN, requires

from . import services
from .actor import actor_of
from .forms import PasswordChangeForm

# What a user who owes a new password may still open: the page to choose it, and the way out.
# The second factor comes first (two_factor.TwoFactorMiddleware runs before this).
OPEN_BEFORE_PASSWORD_CHANGE = frozenset(
    {"password_change", "logout", "set_language", "login", "ping", "two_factor_setup", "two_factor_verify"}
)


def owes_password_change(user: Any) -> bool:
    actor = actor_of(user)
    return actor is not None and actor.owes_password_change


class PasswordChangeMiddleware:
    """After the two-factor middleware: sends a user who owes a new password to choose it. The
    question is answered by the query accounts.actor makes for every signed-in request anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not owes_password_change(request.user):
            return None
        if request.resolver_match is not None and request.resolver_match.view_name in OPEN_BEFORE_PASSWORD_CHANGE:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Sign in on the web pages and choose a new password first.")}, status=403)
        # The slashes of the page kept as they are: the address stays readable.
        return redirect(f"{reverse('password_change')}?{urlencode({'next': request.get_full_path()}, safe='/')}")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if allowed else reverse("home")


@requires(GET=SIGNED_IN, POST=SIGNED_IN)
def password_change(request: HttpRequest) -> HttpResponse:
    """The present password, then the new one twice. The session stays signed in afterwards."""
    user = staff_user(request)
    required = owes_password_change(user)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.password_change(actor=user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            update_session_auth_hash(request, changed)
            messages.success(request, _("Your password is changed."))
            return redirect(_next(request))
    return render(
        request, "accounts/password_change.html", {"form": form, "required": required, "next": _next(request)}
    )
