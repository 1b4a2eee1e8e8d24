"""Forms of the user administration. They check types and required fields; who may act and the
rules of an account (a free user name, a strong password, a prison within reach) are checked
once, in services, and their messages come back to the field they name."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.db.models import QuerySet
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin
from custodia.estate.models import Prison

from . import roles


def _checkboxes(form: forms.BaseForm, *names: str) -> None:
    # BootstrapMixin styles one widget per field; a group of checkboxes is styled per box.
    for name in names:
        form.fields[name].widget.attrs["class"] = "form-check-input"


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Name or user name"), required=False, max_length=100)
    locked = forms.BooleanField(label=_("Locked after failed sign-ins"), required=False)
    unassigned = forms.BooleanField(label=_("Without a staff assignment"), required=False)
    inactive = forms.BooleanField(label=_("Deactivated accounts"), required=False)


class UserDetailsForm(BootstrapMixin, forms.Form):
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        help_text=_("Custodia opens in this language after signing in."),
    )

    def __init__(self, *args: Any, languages: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("The prison service's language")),
            *((code, get_language_info(code)["name_local"]) for code in languages),
        ]


class UserCreateForm(UserDetailsForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("What the person types to sign in. It cannot be changed later."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("First password"),
        strip=False,
        help_text=_(
            "Give it to the person in private. They must choose their own at the first sign-in. At least 12 "
            "characters, not a common password."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["first_name", "last_name", "username", "email", "language", "password"]


class RolesForm(BootstrapMixin, forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        choices=list(roles.LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _checkboxes(self, "roles")


class AssignmentForm(BootstrapMixin, forms.Form):
    nationwide = forms.BooleanField(
        label=_("Nationwide: every prison"),
        required=False,
        help_text=_("For headquarters staff. Otherwise choose the prisons where the person works."),
    )
    prisons = forms.ModelMultipleChoiceField(
        label=_("Prisons"),
        required=False,
        queryset=Prison.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, prisons: "QuerySet[Prison]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prisons"].queryset = prisons  # type: ignore[attr-defined]
        _checkboxes(self, "prisons")


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PasswordResetForm(BootstrapMixin, forms.Form):
    temporary_password = forms.CharField(
        label=_("Temporary password (optional)"),
        required=False,
        strip=False,
        help_text=_(
            "For someone who forgot their password: they sign in with this one and choose their own at once. "
            "Leave it empty to keep their password and only ask for a new one."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class TokenRevokeForm(forms.Form):
    token = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    """An action that needs nothing but the button that confirms it."""


class PasswordChangeForm(BootstrapMixin, DjangoPasswordChangeForm):
    """Django's: the present password, the new one twice."""
