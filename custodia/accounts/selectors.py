"""Where the acting user may work: the basis of every scoped read; and the accounts a user
manager administers."""

from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodia.core import audit
from custodia.core.models import AuditEvent
from custodia.core.rights import right
from custodia.estate.models import Prison

from .actor import actor_of
from .models import StaffAssignment


def prison_scope(user: Any) -> frozenset[int] | None:
    """The ids of the prisons a user works at, or None for nationwide; empty without an assignment
    and for anyone not signed in."""
    actor = actor_of(user)
    return frozenset() if actor is None else actor.prisons


def prisons_in_scope(*, user: Any) -> QuerySet[Prison]:
    scope = prison_scope(user)
    prisons = Prison.objects.filter(is_active=True).select_related("region")
    return prisons if scope is None else prisons.filter(pk__in=scope)


def prison_chosen(*, user: Any, chosen: str | None) -> tuple[list[Prison], Prison | None, bool]:
    """For a page with a prison chooser: the prisons of the user's scope by name, the one chosen
    (`chosen`, the `?prison=` of the address; the only one when the user works at one prison; None
    for all of them or a choice outside the scope) and whether there are several to choose from."""
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    several = prison_scope(user) is None or len(prisons) > 1
    prison = next((p for p in prisons if str(p.pk) == (chosen or "")), None)
    if prison is None and not several and prisons:
        prison = prisons[0]
    return prisons, prison, several


def works_at(user: Any, prison: Prison) -> bool:
    scope = prison_scope(user)
    return scope is None or prison.pk in scope


# -- user administration (accounts.services) ---------------------------------------------------------

MANAGE_USERS = right("manage_users")


@dataclass(frozen=True)
class UserFilters:
    """What the list of users is narrowed to. Active accounts unless `inactive`, which lists the
    deactivated ones; the home page's counts link here with the same filters (`?locked=1`,
    `?unassigned=1`, `?inactive=1`)."""

    q: str = ""  # words each found in the user name, the given name, the family name or the e-mail
    locked: bool = False  # locked out by django-axes after failed sign-ins, now
    unassigned: bool = False  # no staff assignment, or one to no prison: they see no prisoner
    inactive: bool = False


def locked_out() -> Exists:
    """For a query of users: django-axes refuses their sign-in now. Its lockout counts failures
    per user name and address (settings.AXES_LOCKOUT_PARAMETERS), so an account is locked as soon
    as one address reached the limit within the cool-off."""
    return Exists(
        AccessAttempt.objects.filter(
            username=OuterRef("username"),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
        )
    )


def unassigned() -> Q:
    """For a query of users: accounts that see no prisoner for want of an assignment (a superuser
    needs none). access.account_gap refuses them every page while they have no assignment at all."""
    assigned = StaffAssignment.objects.filter(user=OuterRef("pk")).filter(Q(nationwide=True) | Q(prisons__isnull=False))
    return Q(is_superuser=False) & ~Q(Exists(assigned))


def _manageable(user: Any) -> QuerySet[User]:
    """The accounts `user` administers: every account for a nationwide user manager; for one who
    works at some prisons, the accounts assigned within them (rules.assignment_within), those
    without a prison included, so that a new colleague can be given one. None without the right."""
    accounts = User.objects.all()
    if not user.has_perm(MANAGE_USERS):
        return accounts.none()
    scope = prison_scope(user)
    if scope is None:
        return accounts
    return accounts.exclude(assignment__nationwide=True).exclude(
        assignment__prisons__in=Prison.objects.exclude(pk__in=scope)
    )


def _with_standing(accounts: QuerySet[User]) -> QuerySet[User]:
    """Accounts with what the list and the page show: roles, assignment, lockout, two factors."""
    return (
        accounts.select_related("assignment", "account")
        .prefetch_related(
            Prefetch("groups", queryset=Group.objects.order_by("name")),
            Prefetch("assignment__prisons", queryset=Prison.objects.order_by("name")),
        )
        .annotate(
            locked=locked_out(),
            two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        )
    )


def user_list(*, user: Any, filters: UserFilters = UserFilters()) -> QuerySet[User]:
    """The accounts `user` administers that match the filters, by family name, given name, user name."""
    accounts = _manageable(user).filter(is_active=not filters.inactive)
    for word in filters.q.split():
        accounts = accounts.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    if filters.locked:
        accounts = accounts.filter(locked_out())
    if filters.unassigned:
        accounts = accounts.filter(unassigned())
    return _with_standing(accounts).order_by("last_name", "first_name", "username")


def user_get(*, user: Any, user_id: int) -> User:
    """One account `user` administers, with its standing; User.DoesNotExist for any other, so that
    accounts beyond their prisons are not revealed."""
    return _with_standing(_manageable(user)).get(pk=user_id)


def user_history(*, user: Any, account: User, limit: int = 30) -> list[AuditEvent]:
    """The newest events about an account: its administration, its own password changes and the
    pages it was refused."""
    return audit.events_for(account._meta.label_lower, account.pk, user=user, limit=limit)
