"""Route access: the right a request needs, read from the view it resolved to (each view declares
its own, beside it: core.rights.requires). Deny by default: a view that declares no right for
the method is refused to everyone (and the role-by-route test fails until it declares one).

Beyond the declared rights, a signed-in account must be set up to open anything but the public
routes and signing out: a role and a staff assignment, or being a superuser (account_gap)."""

from collections.abc import Callable
from typing import Any

from custodia.core.rights import declared, right

from .actor import actor_of

FILE = right("view_prisoner_file")  # the right to open prisoner files, that most reads need
READ = ("GET", "HEAD")


def rule_for(view: Callable[..., Any], method: str) -> str | None:
    """The right a request to the view needs, or None when nothing allows it."""
    rights = declared(view) or {}
    return rights.get("GET" if method in READ else method)


# Why a signed-in account cannot work yet (account_gap), and what it may still open besides the
# public routes: signing out, so that nobody is stuck signed in on a shared computer.
NO_ROLE = "no_role"
NO_ASSIGNMENT = "no_assignment"
OPEN_WITHOUT_ROLE = frozenset({"logout"})


def account_gap(user) -> str | None:
    """NO_ROLE for a signed-in user without any role, NO_ASSIGNMENT for one whose staff assignment
    (where they work) is missing, None for an account that is set up. Without this, the routes
    that need no particular right (SIGNED_IN: home, API tokens, the API schema, instrument
    definitions) would be open to any account created but not yet given a role. A superuser
    holds every right nationwide and needs neither."""
    if user.is_superuser:
        return None
    actor = actor_of(user)
    if actor is None or not actor.groups:  # a group an administrator made for a post counts as a role too
        return NO_ROLE
    return None if actor.assigned else NO_ASSIGNMENT


def roles_held(user) -> frozenset[str]:
    """The roles (accounts.roles) a signed-in user holds."""
    actor = actor_of(user)
    return frozenset() if actor is None else actor.roles
