"""What programmes count on the home page (core.home): for the coordinator, the waiting list at
each prison where they work; for a facilitator, today's sessions that still need attendance.
ProgrammesConfig.ready() adds them."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link

from . import selectors

CATALOGUE = "programmes:catalogue"


def _waiting(user: User) -> list[Count]:
    if not user.has_perm(selectors.MANAGE):
        return []
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    return [
        Count(
            selectors.waiting_count(user=user, prison_id=prison.pk),
            _("People on programme waiting lists"),
            link(CATALOGUE, prison=prison.pk),
            prison.name if len(prisons) > 1 else "",
        )
        for prison in prisons
    ]


def _to_mark(user: User) -> list[Count]:
    if not user.has_perm(selectors.VIEW):
        return []
    sessions = list(selectors.sessions_today_to_mark(user=user).values_list("programme_id", flat=True))
    url = link("programmes:detail", sessions[0]) if len(set(sessions)) == 1 else link(CATALOGUE)
    return [Count(len(sessions), _("Sessions today needing attendance"), url, urgent=bool(sessions))]


ITEMS = [
    Item("programmes.waiting", (roles.PROGRAMME_COORDINATOR,), 20, _waiting),
    Item("programmes.attendance", (roles.FACILITATOR, roles.PROGRAMME_COORDINATOR), 21, _to_mark),
]
