"""The API tokens page: a member of staff lists, makes and revokes their own tokens."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from custodia.core.rights import SIGNED_IN, requires

from . import tokens
from .models import ApiToken

NEVER = "never"


class TokenForm(forms.Form):
    name = forms.CharField(
        # A token's name, not a person's: "Name" alone reads as a person's full name in Russian and Kazakh.
        label=pgettext_lazy("API token", "Name"),
        max_length=tokens.MAX_NAME_LENGTH,
        help_text=gettext_lazy("What the token is for, so that you recognise it later (the program that uses it)."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Allowed calls"),
        choices=[
            (ApiToken.READ, gettext_lazy("Read: look up records (GET)")),
            (ApiToken.WRITE, gettext_lazy("Write: record changes (POST, PUT, PATCH, DELETE)")),
        ],
        initial=[ApiToken.READ],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": gettext_lazy("Choose what the token may do: read, write or both.")},
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Expires"),
        choices=[
            ("30", gettext_lazy("In 30 days")),
            ("90", gettext_lazy("In 90 days")),
            ("365", gettext_lazy("In one year")),
            (NEVER, gettext_lazy("Never")),
        ],
        initial="90",
        coerce=lambda value: None if value == NEVER else int(value),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


# Personal API tokens: everyone manages their own (accounts.tokens).
@requires(GET=SIGNED_IN, POST=SIGNED_IN)
@never_cache  # the page may hold a new secret: no copy in any cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """GET lists; POST makes a token and shows its secret in this answer only. The secret is
    never stored, so it cannot be shown again after a redirect or a reload."""
    form = TokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = tokens.token_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens.token_list(user=request.user), "created": created, "secret": secret},
    )


@requires(POST=SIGNED_IN)
@require_POST
def api_token_revoke(request: HttpRequest) -> HttpResponse:
    try:
        token = tokens.token_get(user=request.user, token_id=request.POST.get("token"))
    except ApiToken.DoesNotExist as exc:
        raise Http404(_("No such token.")) from exc
    try:
        tokens.token_revoke(actor=request.user, token=token)
    except PermissionDenied as exc:  # token_get already hides others' tokens; kept as a guard
        raise Http404(_("No such token.")) from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("api_tokens")
