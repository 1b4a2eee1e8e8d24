"""Two-factor sign-in (TOTP, django-otp) for the roles that reach beyond one prison or into
intelligence (roles.TWO_FACTOR_ROLES), and for superusers, who hold every right nationwide.

Until the second factor is given in this session, such a user can only enrol or verify; the
first time, they scan a QR code with an authenticator application on a telephone."""

import base64
import io

import django_otp
from django import forms
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.rights import SIGNED_IN, requires

from .access import roles_held
from .roles import TWO_FACTOR_ROLES

# What a user who still owes the second factor may open.
OPEN_BEFORE_SECOND_FACTOR = {"two_factor_setup", "two_factor_verify", "logout", "set_language", "login", "ping"}


def needs_two_factor(user) -> bool:
    """A superuser holds no role yet can do everything, everywhere: a stolen password must not
    be enough for that any more than for the roles of TWO_FACTOR_ROLES."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(roles_held(user) & TWO_FACTOR_ROLES)


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: sends a user who owes the second factor to enrol or verify."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not needs_two_factor(user) or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Sign in with your second factor first.")}, status=401)
        target = "two_factor_verify" if django_otp.user_has_device(user) else "two_factor_setup"
        return redirect(f"{_url(target)}?next={request.get_full_path()}")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Six-digit code from your authenticator application"),
        regex=r"^\d{6}$",
        error_messages={"invalid": gettext_lazy("Enter the six digits shown by the application.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-control"}
        ),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if allowed else _url("home")


def _qr_data_uri(url: str) -> str:
    buffer = io.BytesIO()
    write_qrcode_image(url, buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@requires(GET=SIGNED_IN, POST=SIGNED_IN)
def setup(request):
    """First sign-in of a user who needs two factors: show the key, confirm it with a code."""
    if django_otp.user_has_device(request.user):
        return redirect(f"{_url('two_factor_verify')}?next={_next(request)}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": _("Authenticator application")}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.record(actor=request.user, action=AuditAction.TWO_FACTOR_ENROL, obj=request.user)
            django_otp.login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("This code is not right. Check the time on the telephone and try the next code."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": secret,
            "next": _next(request),
        },
    )


@requires(GET=SIGNED_IN, POST=SIGNED_IN)
def verify(request):
    if not django_otp.user_has_device(request.user):
        return redirect(f"{_url('two_factor_setup')}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = next(
            (d for d in django_otp.devices_for_user(request.user) if d.verify_token(form.cleaned_data["token"])), None
        )
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("This code is not right, or too many codes were tried: wait and try the next one."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})
