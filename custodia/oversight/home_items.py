"""What oversight counts on the home page (core.home): for headquarters, the national figures of
the statistics page, and for the analyst the proposals awaiting a decision, as the classification
oversight counts them. OversightConfig.ready() adds them."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link
from custodia.core.rights import right

from . import compliance_figures, selectors

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


def _compliance(user: User) -> list[Count]:
    """The checks of the compliance monitor with anyone or anything falling short in the user's
    prisons, as the last daily snapshot found them (one query; the page counts live)."""
    if not user.has_perm(right("view_compliance")):
        return []
    falling_short = compliance_figures.checks_falling_short(user=user)
    if falling_short is None:
        return []  # no snapshot yet
    return [
        Count(
            falling_short,
            _("Mandela Rules checks falling short, at the last daily snapshot"),
            link("oversight:compliance"),
            urgent=falling_short > 0,
        )
    ]


ITEMS = [
    Item("oversight.national_figures", (roles.HQ_VEP, roles.HQ_STATISTICS), 80, _national_figures),
    Item("oversight.awaiting_decision", (roles.HQ_STATISTICS,), 82, _awaiting_decision),
    Item("oversight.compliance", (roles.DIRECTOR, roles.HQ_VEP, roles.HQ_STATISTICS), 84, _compliance),
]
