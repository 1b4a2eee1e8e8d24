"""What security audits count on the home page (core.home): for the auditor, the audits still in
progress; for the prison's security officer and director, the recommended actions overdue and
those still open."""

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link

from . import selectors

ACTIONS = "securityaudits:actions"


def _in_progress(user: User) -> list[Count]:
    if not user.has_perm(selectors.CONDUCT):
        return []
    return [
        Count(selectors.in_progress(user=user).count(), _("Security audits in progress"), link("securityaudits:list"))
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
    Item("securityaudits.in_progress", (roles.AUDITOR,), 10, _in_progress),
    Item("securityaudits.actions", (roles.SECURITY, roles.DIRECTOR), 70, _actions),
]
