"""What alerts count on the home page (core.home): for those who may set an alert from a proposal
(health-care staff and case managers, for self-harm), the proposed alerts to decide, urgent since
the referral is due the same day; for security officers and directors, the alerts in force. Each
count is the length of the list it opens, at each prison where the user works, with the codes the
user may not see left out. AlertsConfig.ready() adds them."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link

from . import selectors


def _prisons(user: User) -> list[tuple[int, str]]:
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    return [(prison.pk, prison.name if len(prisons) > 1 else "") for prison in prisons]


def _proposals(user: User) -> list[Count]:
    if not user.has_perm(selectors.MANAGE):
        return []
    return [
        Count(
            len(selectors.proposals(user=user, prison_id=prison_id)),
            _("Proposed alerts to decide"),
            link("alerts:proposals", prison=prison_id),
            where,
            urgent=True,
        )
        for prison_id, where in _prisons(user)
    ]


def _in_force(user: User) -> list[Count]:
    if not user.has_perm(selectors.VIEW):
        return []
    return [
        Count(
            selectors.in_force_count(user=user, prison_id=prison_id),
            _("Alerts in force"),
            link("alerts:list", prison=prison_id),
            where,
        )
        for prison_id, where in _prisons(user)
    ]


ITEMS = [
    Item("alerts.proposals", (roles.HEALTH, roles.CASE_MANAGER), 5, _proposals),
    Item("alerts.in_force", (roles.SECURITY, roles.DIRECTOR), 60, _in_force),
]
