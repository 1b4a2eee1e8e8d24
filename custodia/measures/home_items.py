"""What restrictive measures count on the home page (core.home): for the director, the measures
in force, the reviews due, the appeals awaiting a decision and the daily health-care visits missed
(a missed day is the director's alert the same day, Mandela Rule 46) or not yet made today; for
health-care staff, the visits due today and the days missed. Each count is the length of the list it opens, at each
prison where the user works. MeasuresConfig.ready() adds them."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link

from . import selectors

LIST = "measures:list"


def _per_prison(user: User) -> list[tuple[int, str, selectors.Counts]]:
    """The counts at each prison where the user works, the prison named when there are several."""
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    return [
        (prison.pk, prison.name if len(prisons) > 1 else "", selectors.counts(user=user, prison_id=prison.pk))
        for prison in prisons
    ]


def _director(user: User) -> list[Count]:
    if not user.has_perm(selectors.IMPOSE):
        return []
    found = []
    for prison_id, where, counts in _per_prison(user):
        found += [
            Count(counts.in_force, _("Restrictive measures in force"), link(LIST, prison=prison_id), where),
            Count(
                counts.review_due,
                _("Reviews of measures due today or overdue"),
                link(LIST, prison=prison_id, show=selectors.SHOW_REVIEW_DUE),
                where,
                urgent=True,
            ),
            Count(
                counts.appeals,
                _("Measures with an appeal awaiting a decision"),
                link(LIST, prison=prison_id, show=selectors.SHOW_APPEALS),
                where,
                urgent=True,
            ),
            Count(
                counts.missed,
                _("Measures with a health-care visit missed"),
                link(LIST, prison=prison_id, show=selectors.SHOW_MISSED),
                where,
                urgent=True,
            ),
            Count(
                counts.to_visit,
                _("People held apart not yet visited today"),
                link(LIST, prison=prison_id, show=selectors.SHOW_TO_VISIT),
                where,
            ),
        ]
    return found


def _health(user: User) -> list[Count]:
    if not user.has_perm(selectors.VISIT):
        return []
    found = []
    for prison_id, where, counts in _per_prison(user):
        found += [
            Count(
                counts.to_visit,
                _("People to visit today (held apart)"),
                link(LIST, prison=prison_id, show=selectors.SHOW_TO_VISIT),
                where,
            ),
            Count(
                counts.missed,
                _("Measures with a health-care visit missed"),
                link(LIST, prison=prison_id, show=selectors.SHOW_MISSED),
                where,
                urgent=True,
            ),
        ]
    return found


ITEMS = [
    Item("measures.director", (roles.DIRECTOR,), 55, _director),
    Item("measures.health", (roles.HEALTH,), 10, _health),
]
