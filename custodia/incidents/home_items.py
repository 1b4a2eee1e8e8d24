"""What incidents count on the home page (core.home): for the reviewers (security officer,
director), the reports awaiting review; for the director, the medical examinations still owed
after force or an injury (Mandela Rules 34, 71); for health-care staff, the examinations to make;
for whoever writes reports, their drafts and the reports returned to them."""

from collections.abc import Callable

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link

from . import selectors

LIST = "incidents:list"


def _per_prison(user: User, by_prison: Callable[..., dict[int, int]]) -> list[tuple[int, str, int]]:
    """The count at each prison where the user works, the prison named when there are several."""
    prisons = list(prisons_in_scope(user=user).order_by("name").values_list("pk", "name"))
    found = by_prison(user=user)
    return [(pk, name if len(prisons) > 1 else "", found.get(pk, 0)) for pk, name in prisons]


def _review(user: User) -> list[Count]:
    if not user.has_perm(selectors.REVIEW):
        return []
    return [
        Count(
            number,
            _("Incident reports awaiting review"),
            link(LIST, prison=prison_id, show=selectors.SHOW_AWAITING),
            where,
            urgent=True,
        )
        for prison_id, where, number in _per_prison(user, selectors.awaiting_review_by_prison)
    ]


def _director(user: User) -> list[Count]:
    if not user.has_perm(selectors.VIEW):
        return []
    return [
        Count(
            number,
            _("Medical examinations owed after force or an injury"),
            link(LIST, prison=prison_id, show=selectors.SHOW_EXAMINATIONS),
            where,
            urgent=True,
        )
        for prison_id, where, number in _per_prison(user, selectors.examinations_owed_by_prison)
    ]


def _mine(user: User) -> list[Count]:
    if not user.has_perm(selectors.REPORT):
        return []
    return [
        Count(
            number,
            _("My incident reports: drafts and returned"),
            link(LIST, prison=prison_id, show=selectors.SHOW_MINE),
            where,
        )
        for prison_id, where, number in _per_prison(user, selectors.mine_by_prison)
    ]


def _health(user: User) -> list[Count]:
    if not user.has_perm(selectors.EXAMINE):
        return []
    return [
        Count(
            selectors.examinations_owed(user=user).count(),
            _("Medical examinations owed after force or an injury"),
            link("incidents:examinations"),
            "",
            urgent=True,
        )
    ]


ITEMS = [
    Item("incidents.review", (roles.SECURITY, roles.DIRECTOR), 20, _review),
    Item("incidents.examinations", (roles.DIRECTOR,), 56, _director),
    Item(
        "incidents.mine", (roles.RECEPTION, roles.WING, roles.CASE_MANAGER, roles.SECURITY, roles.DIRECTOR), 60, _mine
    ),
    Item("incidents.health", (roles.HEALTH,), 11, _health),
]
