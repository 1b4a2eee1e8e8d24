"""What intelligence counts on the home page (core.home): for the security officer, the reports
awaiting grading at each prison where they work (urgent: a report is graded before anyone may act
on it); for the director and headquarters, the sharings awaiting their approval. Each count is of
what the user may read (intelligence.selectors), so a count tells nothing the list withholds."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prison_scope, prisons_in_scope
from custodia.core.home import Count, Item, link

from . import selectors

LIST = "intelligence:list"


def _grade(user: User) -> list[Count]:
    if not user.has_perm(selectors.GRADE):
        return []
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    return [
        Count(
            selectors.counts(user=user, prison_id=prison.pk).to_grade,
            _("Intelligence reports to grade"),
            link(LIST, prison=prison.pk, show=selectors.SHOW_UNGRADED),
            prison.name if len(prisons) > 1 else "",
            urgent=True,
        )
        for prison in prisons
    ]


def _approve(user: User) -> list[Count]:
    if not user.has_perm(selectors.APPROVE):
        return []
    # Headquarters see the requests of every prison at once; a director, those of their prison.
    if prison_scope(user) is None:
        return [
            Count(
                selectors.counts(user=user, prison_id=None).sharing_to_decide,
                _("Sharing requests awaiting approval"),
                link(LIST, show=selectors.SHOW_SHARING),
                "",
                urgent=True,
            )
        ]
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    return [
        Count(
            selectors.counts(user=user, prison_id=prison.pk).sharing_to_decide,
            _("Sharing requests awaiting approval"),
            link(LIST, prison=prison.pk, show=selectors.SHOW_SHARING),
            prison.name if len(prisons) > 1 else "",
            urgent=True,
        )
        for prison in prisons
    ]


ITEMS = [
    Item("intelligence.grade", (roles.SECURITY,), 18, _grade),
    Item("intelligence.approve", (roles.DIRECTOR, roles.HQ_VEP), 22, _approve),
]
