"""The home page's parts (core.home): one per role, and what accounts itself counts there, the
system administrator's users. AccountsConfig.ready() adds them; the other apps add their counts
to these parts."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from custodia.core.home import Count, Item, Part, link
from custodia.core.rights import right

from . import roles
from .access import roles_held
from .selectors import UserFilters, user_list

USERS = "user_list"


def _holder_of(role: str) -> Callable[[Any], bool]:
    # A superuser holds every right nationwide, but the page shows the work of the roles held: every
    # part would count the worklists of every prison of the country at each visit (more than 30 s
    # at national scale). The administrator's part is theirs.
    return lambda user: role in roles_held(user) or (user.is_superuser and role == roles.ADMINISTRATOR)


# The trainer's part: training counts their sessions and certificates (training.home_items); the note
# links the training centre's pages.
NOTES = {roles.TRAINER: "accounts/home_trainer.html"}

PARTS = [
    Part(role, order, title, _holder_of(role), NOTES.get(role, ""))
    for order, (role, title) in enumerate(roles.LABELS.items())
]


def _users(user: Any) -> list[Count]:
    """The accounts the user administers: all active ones, those locked out after failed sign-ins
    now, and those without an assignment (they see no prisoner), each the length of its list."""
    if not user.has_perm(right("manage_users")):
        return []
    return [
        Count(user_list(user=user).count(), _("Active user accounts"), link(USERS)),
        Count(
            user_list(user=user, filters=UserFilters(locked=True)).count(),
            _("Accounts locked after failed sign-ins"),
            link(USERS, locked=1),
            urgent=True,
        ),
        Count(
            user_list(user=user, filters=UserFilters(unassigned=True)).count(),
            _("Accounts without a staff assignment"),
            link(USERS, unassigned=1),
        ),
    ]


ITEMS = [Item("accounts.users", (roles.ADMINISTRATOR,), 10, _users)]
