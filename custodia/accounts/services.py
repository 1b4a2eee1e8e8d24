"""The user administration's writes: each in one transaction with its audit event.

Accounts are deactivated, never deleted: the audit trail names the people who acted. Who may act
is said by the `*_refusal` predicates below: the services refuse with them, and the pages ask
them to offer an action only to those they allow. Nobody raises their own rights: a user
manager cannot change their own roles, assignment or status, and one who works at some prisons
administers the accounts of those prisons only (rules.assignment_within).

No actor (None) is the installation itself: `manage.py createuser`, run by whoever runs the
server, which the route rights do not concern."""

from collections.abc import Collection

import django_otp
from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile

from . import roles, rules
from .models import Account, StaffAssignment
from .selectors import MANAGE_USERS, prison_scope

# --- who may act ----------------------------------------------------------------------------------


def user_manager_refusal(actor: User | None) -> str | None:
    """Why `actor` may not administer accounts at all (create one), or None."""
    if actor is not None and not actor.has_perm(MANAGE_USERS):
        return _("You do not have the right to manage user accounts.")
    return None


def _assignment_of(user: User) -> tuple[bool, set[int]]:
    """Where `user` works: (nationwide, prison ids); nowhere without an assignment."""
    try:
        assignment = user.assignment
    except StaffAssignment.DoesNotExist:
        return False, set()
    return assignment.nationwide, {prison.pk for prison in assignment.prisons.all()}


def _scope_of(actor: User | None) -> frozenset[int] | None:
    """The prisons whose accounts `actor` administers; None for all of them."""
    return None if actor is None else prison_scope(actor)


def account_refusal(actor: User | None, user: User) -> str | None:
    """Why `actor` may not administer `user`'s account (a password, two factors, a lockout, API
    tokens), or None. A superuser's account is a superuser's business: taking it over would give
    every right everywhere."""
    if actor is None:
        return None
    if refusal := user_manager_refusal(actor):
        return refusal
    if user.is_superuser and not actor.is_superuser:
        return _("Only a superuser can change a superuser's account.")
    scope = _scope_of(actor)
    if scope is not None:
        nationwide, prisons = _assignment_of(user)
        if not rules.assignment_within(scope, nationwide=nationwide, prisons=prisons):
            return _("This account works beyond the prisons you administer: ask a national administrator.")
    return None


def rights_refusal(actor: User | None, user: User) -> str | None:
    """Why `actor` may not change `user`'s roles, assignment or status (active or not), or None.
    Nobody changes their own: another administrator must."""
    if refusal := account_refusal(actor, user):
        return refusal
    if actor is not None and actor.pk == user.pk:
        return _("You cannot change your own roles, assignment or status: another administrator must do it.")
    return None


USERNAME_LENGTH = User._meta.get_field("username").max_length or 150

# --- helpers --------------------------------------------------------------------------------------


def _locked(user: User) -> User:
    """The account as it is now, its row locked to the end of the transaction: two administrators
    acting on one account at once act one after the other, each on what the other left."""
    return User.objects.select_for_update(no_key=True).get(pk=user.pk)


def _account_of(user: User) -> Account:
    account, _created = Account.objects.get_or_create(user=user)
    return account


def _details_problems(*, first_name: str, last_name: str, email: str, language: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not first_name:
        problems["first_name"] = _("Enter the given name.")
    if not last_name:
        problems["last_name"] = _("Enter the family name.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = _("Enter a valid e-mail address.")
    if language and language not in active_profile().languages:
        problems["language"] = _("Choose one of the languages of this prison service.")
    return problems


def _password_problems(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


# --- services -------------------------------------------------------------------------------------


def _username_problem(username: str) -> str | None:
    if not username:
        return _("Enter a user name.")
    if len(username) > USERNAME_LENGTH:
        return _("Enter at most %(count)d characters.") % {"count": USERNAME_LENGTH}
    try:
        User.username_validator(username)
    except ValidationError as exc:
        return " ".join(exc.messages)
    if User.objects.filter(username__iexact=username).exists():
        return _("This user name is taken (perhaps by a deactivated account): choose another.")
    return None


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    language: str,
    password: str,
    must_change_password: bool = True,
) -> User:
    """A new account, active, with no role and no assignment yet: it opens no page until it is
    given both. The first password is one an administrator gives the person, who must then choose
    their own at the first sign-in; `must_change_password=False` is for a person who chose it
    (manage.py createuser)."""
    ensure_allowed(user_manager_refusal(actor))
    username, first_name, last_name, email = username.strip(), first_name.strip(), last_name.strip(), email.strip()
    problems = _details_problems(first_name=first_name, last_name=last_name, email=email, language=language)
    if username_problem := _username_problem(username):
        problems["username"] = username_problem
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password_problems := _password_problems(password, user):
        problems["password"] = " ".join(password_problems)
    if problems:
        raise ValidationError(problems)
    user.set_password(password)
    user.save()
    Account.objects.create(user=user, language=language, password_change_required=must_change_password)
    audit.record(
        actor=actor,
        action=AuditAction.USER_CREATE,
        obj=user,
        changes=audit.changes_of(
            username=(None, username),
            first_name=(None, first_name),
            last_name=(None, last_name),
            email=(None, email or None),
            language=(None, language or None),
        ),
    )
    return user


@transaction.atomic
def user_details_change(
    *, actor: User | None, user: User, first_name: str, last_name: str, email: str, language: str
) -> User:
    """A corrected name, e-mail or preferred language. The user name stays: the trail and the
    person's colleagues know the account by it."""
    ensure_allowed(account_refusal(actor, user))
    first_name, last_name, email = first_name.strip(), last_name.strip(), email.strip()
    if problems := _details_problems(first_name=first_name, last_name=last_name, email=email, language=language):
        raise ValidationError(problems)
    user = _locked(user)
    account = _account_of(user)
    changes = audit.changes_of(
        first_name=(user.first_name, first_name),
        last_name=(user.last_name, last_name),
        email=(user.email, email),
        language=(account.language, language),
    )
    if not changes:
        return user
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save(update_fields=["first_name", "last_name", "email"])
    account.language = language
    account.save(update_fields=["language"])
    audit.record(actor=actor, action=AuditAction.USER_DETAILS, obj=user, changes=changes)
    return user


@transaction.atomic
def user_roles_set(*, actor: User | None, user: User, wanted: Collection[str]) -> User:
    """Gives and takes roles (accounts.roles) so that `user` holds exactly `wanted`. Groups an
    administrator made for a post, not roles of Custodia's, are left as they are."""
    ensure_allowed(rights_refusal(actor, user))
    unknown = set(wanted) - set(roles.LABELS)
    if unknown:
        raise ValidationError({"roles": _("Choose roles from the list.")})
    user = _locked(user)
    before = sorted(user.groups.filter(name__in=roles.LABELS).values_list("name", flat=True))
    after = sorted(set(wanted))
    if before == after:
        return user
    user.groups.remove(*Group.objects.filter(name__in=set(before) - set(after)))
    user.groups.add(*Group.objects.filter(name__in=set(after) - set(before)))
    audit.record(actor=actor, action=AuditAction.USER_ROLES, obj=user, changes={"roles": [before, after]})
    return user


@transaction.atomic
def user_assignment_set(*, actor: User | None, user: User, nationwide: bool, prisons: Collection[Prison]) -> User:
    """Where `user` works: nationwide, or at `prisons` (at least one)."""
    ensure_allowed(rights_refusal(actor, user))
    prison_ids = set() if nationwide else {prison.pk for prison in prisons}
    if not nationwide and not prison_ids:
        raise ValidationError({"prisons": _("Choose the prisons where the person works, or nationwide.")})
    if not rules.assignment_within(_scope_of(actor), nationwide=nationwide, prisons=prison_ids):
        raise ValidationError({"prisons": _("You can assign people only to the prisons you administer.")})
    user = _locked(user)
    assignment, created = StaffAssignment.objects.get_or_create(user=user)
    before_prisons = sorted(assignment.prisons.values_list("pk", flat=True))
    changes = audit.changes_of(
        nationwide=(None if created else assignment.nationwide, nationwide),
        prisons=(before_prisons, sorted(prison_ids)),
    )
    if not changes:
        return user
    assignment.nationwide = nationwide
    assignment.save(update_fields=["nationwide"])
    assignment.prisons.set(prison_ids)
    audit.record(actor=actor, action=AuditAction.USER_ASSIGNMENT, obj=user, changes=changes)
    return user


def _set_active(*, actor: User | None, user: User, active: bool, reason: str) -> User:
    ensure_allowed(rights_refusal(actor, user))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why: the reason is kept in the audit trail.")})
    user = _locked(user)
    if user.is_active == active:
        raise ValidationError(
            _("This account is already active.") if active else _("This account is already deactivated.")
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action=AuditAction.USER_REACTIVATE if active else AuditAction.USER_DEACTIVATE,
        obj=user,
        changes={"is_active": [not active, active]},
        reason=reason.strip(),
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, reason: str) -> User:
    """The account stops working at once: its sessions end at their next request (Django signs in
    active users only) and its API tokens are refused (tokens.token_authenticate). It is kept,
    with everything it did."""
    return _set_active(actor=actor, user=user, active=False, reason=reason)


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User, reason: str) -> User:
    """The account works again, with the roles, assignment and unrevoked tokens it had."""
    return _set_active(actor=actor, user=user, active=True, reason=reason)


@transaction.atomic
def user_password_reset_require(*, actor: User | None, user: User, temporary_password: str = "") -> User:
    """At the next sign-in (or the next page, if signed in now) `user` must choose a new password
    before anything else. With `temporary_password`, for someone who forgot theirs, that is the
    password to sign in with: the administrator tells it to the person, who replaces it at once."""
    ensure_allowed(account_refusal(actor, user))
    if temporary_password and (problems := _password_problems(temporary_password, user)):
        raise ValidationError({"temporary_password": " ".join(problems)})
    user = _locked(user)
    account = _account_of(user)
    if temporary_password:
        user.set_password(temporary_password)
        user.save(update_fields=["password"])
    account.password_change_required = True
    account.save(update_fields=["password_change_required"])
    # Whether a password was given, never the password.
    audit.record(
        actor=actor,
        action=AuditAction.USER_PASSWORD_RESET_REQUIRED,
        obj=user,
        changes={"password_change_required": [None, True], "temporary_password": [None, bool(temporary_password)]},
    )
    return user


@transaction.atomic
def user_two_factor_reset(*, actor: User | None, user: User) -> User:
    """Removes `user`'s second factors (a lost or replaced telephone): at the next sign-in, or the
    next page if signed in now, they set up an authenticator application again."""
    ensure_allowed(account_refusal(actor, user))
    user = _locked(user)
    devices = list(django_otp.devices_for_user(user, confirmed=None))
    if not devices:
        raise ValidationError(_("This account has no second factor to reset."))
    names = sorted(device.name for device in devices)
    for device in devices:
        device.delete()
    audit.record(actor=actor, action=AuditAction.USER_TWO_FACTOR_RESET, obj=user, changes={"devices": [names, []]})
    return user


@transaction.atomic
def user_unlock(*, actor: User | None, user: User) -> User:
    """Lifts django-axes' lockout of `user` after failed sign-ins, from every address, before its
    cool-off ends."""
    ensure_allowed(account_refusal(actor, user))
    user = _locked(user)
    cleared = axes_reset(username=user.get_username())
    if not cleared:
        raise ValidationError(_("No failed sign-in is held against this account."))
    audit.record(actor=actor, action=AuditAction.USER_UNLOCK, obj=user, changes={"failed_sign_ins": [cleared, 0]})
    return user


@transaction.atomic
def password_change(*, actor: User, password: str) -> User:
    """`actor` chooses a new password of their own; a change an administrator required is then done.
    The caller has checked the present password (a walk-away session must not change it)."""
    if problems := _password_problems(password, actor):
        raise ValidationError({"new_password1": " ".join(problems)})
    if actor.check_password(password):
        raise ValidationError({"new_password1": _("Choose a password different from the present one.")})
    user = _locked(actor)
    user.set_password(password)
    user.save(update_fields=["password"])
    required = Account.objects.filter(user=user, password_change_required=True).update(password_change_required=False)
    audit.record(
        actor=user,
        action=AuditAction.PASSWORD_CHANGE,
        obj=user,
        changes={"password_change_required": [True, False]} if required else {},
    )
    return user
