"""Sign-in, the lockout page and the client's address for django-axes (sign-out is Django's own view)."""

from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils import timezone

from .models import Account


class SignInView(auth_views.LoginView):
    """Django's sign-in, which then opens Custodia in the language the person prefers
    (models.Account.language), wherever the sign-in page was opened."""

    template_name = "accounts/login.html"

    def form_valid(self, form):
        language = Account.objects.filter(user=form.get_user()).values_list("language", flat=True).first()
        response = super().form_valid(form)
        if language and response.has_header("Location"):
            response["Location"] = translate_url(response["Location"], language)
        return response


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """django-axes' lockout response (settings.AXES_LOCKOUT_CALLABLE): the lockout page, in the
    user's language, saying when to try again.

    Every refused attempt during a lockout counts as a failure and starts the cool-off again
    (axes' AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the lock ends one cool-off after
    this attempt."""
    cool_off = get_cool_off(request)
    attempted_at = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "retry_at": attempted_at + cool_off if cool_off else None,
    }
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def client_ip_behind_proxy(request: HttpRequest) -> str | None:
    """The client's address for django-axes (settings.AXES_CLIENT_IP_CALLABLE) when one reverse
    proxy stands in front (CUSTODIA_BEHIND_PROXY=1): the last X-Forwarded-For entry, the one the
    proxy itself appended. Earlier entries come from the client and could be forged to dodge the
    lockout."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    return forwarded or request.META.get("REMOTE_ADDR")
