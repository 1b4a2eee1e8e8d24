"""The user administration's pages: the list of accounts, a new account, and one account's page,
where each change is a form posted back to it. Thin: parse, call one service or selector, render."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.core.http import staff_user
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors, ensure_allowed
from custodia.core.rights import requires, right
from custodia.estate.selectors import active_profile

from . import forms, roles, selectors, services, tokens
from .models import ApiToken

MANAGE_USERS = right("manage_users")
PAGE_SIZE = 50


def _filters(form: forms.UserFilterForm) -> selectors.UserFilters:
    """The filters the form asks for; none while it is invalid."""
    if not form.is_valid():
        return selectors.UserFilters()
    return selectors.UserFilters(**form.cleaned_data)


@requires(GET=MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    form = forms.UserFilterForm(request.GET or None)
    people = selectors.user_list(user=staff_user(request), filters=_filters(form))
    return render(request, "accounts/user_list.html", {"form": form, **page_of(request, people, PAGE_SIZE)})


@requires(GET=MANAGE_USERS, POST=MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    form = forms.UserCreateForm(request.POST or None, languages=active_profile().languages)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=staff_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The account of %(name)s is made. Give it roles and the prisons where the person works.")
                % {"name": user.get_full_name()},
            )
            return redirect("user_detail", user_id=user.pk)
    return render(request, "accounts/user_create.html", {"form": form})


# --- one account ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One form of an account's page: how its form is made, what it does, what it says when done."""

    make_form: Callable[[HttpRequest, User, dict[str, Any] | None], django_forms.Form]
    apply: Callable[[User, User, dict[str, Any]], object]  # (actor, account, cleaned data)
    done: Any  # the message, a lazy text


def _details_form(request: HttpRequest, user: User, data: dict[str, Any] | None) -> django_forms.Form:
    account = getattr(user, "account", None)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": account.language if account else "",
    }
    return forms.UserDetailsForm(data, initial=initial, languages=active_profile().languages, prefix="details")


def _roles_form(request: HttpRequest, user: User, data: dict[str, Any] | None) -> django_forms.Form:
    held = [group.name for group in user.groups.all() if group.name in roles.LABELS]
    return forms.RolesForm(data, initial={"roles": held}, prefix="roles")


def _assignment_form(request: HttpRequest, user: User, data: dict[str, Any] | None) -> django_forms.Form:
    assignment = getattr(user, "assignment", None)
    initial = {"nationwide": assignment.nationwide, "prisons": list(assignment.prisons.all())} if assignment else {}
    prisons = selectors.prisons_in_scope(user=staff_user(request)).order_by("name")
    return forms.AssignmentForm(data, initial=initial, prisons=prisons, prefix="assignment")


def _reason_form(request: HttpRequest, user: User, data: dict[str, Any] | None) -> django_forms.Form:
    return forms.ReasonForm(data, prefix="status")


def _password_form(request: HttpRequest, user: User, data: dict[str, Any] | None) -> django_forms.Form:
    return forms.PasswordResetForm(data, prefix="password")


def _confirm_form(request: HttpRequest, user: User, data: dict[str, Any] | None) -> django_forms.Form:
    return forms.ConfirmForm(data)


def _token_form(request: HttpRequest, user: User, data: dict[str, Any] | None) -> django_forms.Form:
    return forms.TokenRevokeForm(data)


def _revoke_token(actor: User, user: User, data: dict[str, Any]) -> object:
    ensure_allowed(services.account_refusal(actor, user))
    try:
        token = tokens.token_list(user=user).get(pk=data["token"])
    except ApiToken.DoesNotExist as exc:
        raise Http404(_("No such token.")) from exc
    return tokens.token_revoke(actor=actor, token=token, reason=_("Revoked by a user administrator."))


CHANGES: dict[str, Change] = {
    "details": Change(
        _details_form,
        lambda actor, user, data: services.user_details_change(actor=actor, user=user, **data),
        gettext_lazy("The details are saved."),
    ),
    "roles": Change(
        _roles_form,
        lambda actor, user, data: services.user_roles_set(actor=actor, user=user, wanted=data["roles"]),
        gettext_lazy("The roles are saved."),
    ),
    "assignment": Change(
        _assignment_form,
        lambda actor, user, data: services.user_assignment_set(actor=actor, user=user, **data),
        gettext_lazy("The assignment is saved."),
    ),
    "deactivate": Change(
        _reason_form,
        lambda actor, user, data: services.user_deactivate(actor=actor, user=user, reason=data["reason"]),
        gettext_lazy("The account is deactivated: it can no longer sign in or use its API tokens."),
    ),
    "reactivate": Change(
        _reason_form,
        lambda actor, user, data: services.user_reactivate(actor=actor, user=user, reason=data["reason"]),
        gettext_lazy("The account is active again."),
    ),
    "password": Change(
        _password_form,
        lambda actor, user, data: services.user_password_reset_require(actor=actor, user=user, **data),
        gettext_lazy("The person must choose a new password at the next sign-in."),
    ),
    "two_factor": Change(
        _confirm_form,
        lambda actor, user, data: services.user_two_factor_reset(actor=actor, user=user),
        gettext_lazy("Two-factor sign-in is reset: the person sets it up again at the next sign-in."),
    ),
    "unlock": Change(
        _confirm_form,
        lambda actor, user, data: services.user_unlock(actor=actor, user=user),
        gettext_lazy("The lockout is lifted: the person can sign in again."),
    ),
    "revoke_token": Change(_token_form, _revoke_token, gettext_lazy("The token is revoked: it no longer works.")),
}


def _add_errors(form: django_forms.Form, exc: ValidationError) -> None:
    """A service's refusal on the field it names, or on top of the form."""
    if hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
    else:
        form.add_error(None, exc)


def _account_or_404(request: HttpRequest, user_id: int) -> User:
    try:
        return selectors.user_get(user=staff_user(request), user_id=user_id)
    except User.DoesNotExist as exc:
        raise Http404(_("No such account.")) from exc


def _page(request: HttpRequest, user: User, bound: dict[str, django_forms.Form], status: int = 200) -> HttpResponse:
    """The account's page; `bound` holds the form of a refused change, shown as it was posted, with
    what was refused summed up on top."""
    actor = staff_user(request)
    forms_by_change = {
        name: bound.get(name) or change.make_form(request, user, None) for name, change in CHANGES.items()
    }
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": user,
            "forms": forms_by_change,
            "rights_refusal": services.rights_refusal(actor, user),
            "account_refusal": services.account_refusal(actor, user),
            "tokens": tokens.token_list(user=user),
            "history": selectors.user_history(user=actor, account=user),
            "failed": next(iter(bound.values()), None),
        },
        status=status,
    )


@requires(GET=MANAGE_USERS, POST=MANAGE_USERS)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    """GET shows the account; POST makes the change its `change` field names, then shows the
    account again, or the form with what the service refused."""
    user = _account_or_404(request, user_id)
    if request.method != "POST":
        return _page(request, user, {})
    name = request.POST.get("change", "")
    change = CHANGES.get(name)
    if change is None:
        messages.error(request, _("Choose a change on this page."))
        return _page(request, user, {}, status=400)
    form = change.make_form(request, user, request.POST)
    if form.is_valid():
        try:
            change.apply(staff_user(request), user, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, str(change.done))
            return redirect("user_detail", user_id=user.pk)
    return _page(request, user, {name: form})
