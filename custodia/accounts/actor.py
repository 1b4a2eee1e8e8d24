"""Who is acting: a user's groups, staff assignment and the prisons they work at, read once per
request. The route check, the two-factor check and every scoped selector ask on each request;
this is where the answers are read and kept."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth import get_user_model

from . import roles

# The one attribute Custodia keeps on a user object. Django loads the user anew for each request
# (and a test builds its own), so what is kept lives exactly as long as one request.
_KEPT_AS = "_custodia_actor"


@dataclass(frozen=True, eq=False)
class Actor:
    user: Any  # a User; AnonymousUser never gets this far (see actor_of)

    @cached_property
    def _standing(self) -> tuple[frozenset[str], bool, bool]:
        """Groups, whether a staff assignment exists and whether a password change is owed, in one query."""
        rows = (
            get_user_model()
            .objects.filter(pk=self.user.pk)
            .values_list("groups__name", "assignment__pk", "account__password_change_required")
        )
        return (
            frozenset(name for name, _assignment, _owed in rows if name is not None),
            any(assignment is not None for _name, assignment, _owed in rows),
            any(owed for _name, _assignment, owed in rows),
        )

    @property
    def groups(self) -> frozenset[str]:
        """Every group of rights, roles and groups an administrator made for a post alike."""
        return self._standing[0]

    @property
    def roles(self) -> frozenset[str]:
        """The roles of accounts.roles among the groups."""
        return self.groups & frozenset(roles.LABELS)

    @property
    def assigned(self) -> bool:
        return self._standing[1]

    @property
    def owes_password_change(self) -> bool:
        """An administrator asked for a new password at the next sign-in (accounts.password_change)."""
        return self._standing[2]

    @cached_property
    def prisons(self) -> frozenset[int] | None:
        """The ids of the prisons the user works at; None for nationwide; empty without an
        assignment."""
        if self.user.is_superuser:
            return None
        assignment = getattr(self.user, "assignment", None)
        if assignment is None:
            return frozenset()
        if assignment.nationwide:
            return None
        return frozenset(assignment.prisons.values_list("pk", flat=True))


def actor_of(user: Any) -> Actor | None:
    """The Actor of a signed-in, active user; None for anyone else."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    actor: Actor | None = user.__dict__.get(_KEPT_AS)
    if actor is None:
        actor = Actor(user)
        user.__dict__[_KEPT_AS] = actor
    return actor
