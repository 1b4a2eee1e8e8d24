"""What security audits count on the home page (core.home): for the auditor, the audits still in
progress and the recommended actions overdue everywhere; for the prison's security officer and
director, the actions overdue and those still open at their prisons."""

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link

from . import selectors

ACTIONS = "securityaudits:actions"


def _auditor(user: User) -> list[Count]:
    """The audits still to finish, and the actions overdue at every prison the auditor covers."""
    if not user.has_perm(selectors.CONDUCT):
        return []
    overdue = sum(
        late for _open, late in selectors.open_actions_by_prison(user=user, today=timezone.localdate()).values()
    )
    return [
        Count(selectors.in_progress(user=user).count(), _("Security audits in progress"), link("securityaudits:list")),
        Count(overdue, _("Audit actions overdue"), link(ACTIONS, show="overdue"), urgent=True),
    ]


def _actions(user: User) -> list[Count]:
    if not user.has_perm(selectors.FOLLOW_UP):
        return []
    prisons = list(prisons_in_scope(user=user).order_by("name").values_list("pk", "name"))
    found = selectors.open_actions_by_prison(user=user, today=timezone.localdate())
    counts = []
    for pk, name in prisons:
        still_open, overdue = found.get(pk, (0, 0))
        where = name if len(prisons) > 1 else ""
        counts.append(Count(overdue, _("Audit actions overdue"), link(ACTIONS, prison=pk, show="overdue"), where, True))
        counts.append(Count(still_open, _("Audit actions still open"), link(ACTIONS, prison=pk), where))
    return counts


ITEMS = [
    Item("securityaudits.auditor", (roles.AUDITOR,), 10, _auditor),
    Item("securityaudits.actions", (roles.SECURITY, roles.DIRECTOR), 70, _actions),
]
