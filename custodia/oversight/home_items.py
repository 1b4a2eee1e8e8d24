"""What oversight counts on the home page (core.home): for headquarters, the national figures of
the statistics page, and for the analyst the proposals awaiting a decision, as the classification
oversight counts them. OversightConfig.ready() adds them."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link
from custodia.core.rights import right

from . import selectors

STATISTICS = "oversight:statistics"


def _national_figures(user: User) -> list[Count]:
    if not user.has_perm(right("view_statistics")):
        return []
    stats = selectors.statistics_get(user=user)
    national = stats.national
    return [
        Count(
            national.population,
            national.held_for(),
            link(STATISTICS),
            urgent=national.over_capacity,
        ),
        Count(stats.vep_total, _("People held linked to terrorism or violent extremism"), link(STATISTICS) + "#h-vep"),
    ]


def _awaiting_decision(user: User) -> list[Count]:
    if not user.has_perm(right("view_classification_oversight")):
        return []
    count = selectors.awaiting_decision_count(user=user)
    return [Count(count, _("Classification proposals awaiting a decision"), link("oversight:classification"))]


ITEMS = [
    Item("oversight.national_figures", (roles.HQ_VEP, roles.HQ_STATISTICS), 80, _national_figures),
    Item("oversight.awaiting_decision", (roles.HQ_STATISTICS,), 82, _awaiting_decision),
]
