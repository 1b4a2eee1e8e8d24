"""What classification counts on the home page (core.home), each count the length of the list it
links to: proposals awaiting the user's decision, proposals returned to the case manager who made
them, and reviews overdue. ClassificationConfig.ready() adds them."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link
from custodia.core.rights import right
from custodia.core.workflow import urgency_counts

from . import proposal_filters, selectors

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PROPOSALS = "classification:proposals"


def _proposals(user: User, name: str, label: "StrOrPromise") -> list[Count]:
    decisions = proposal_filters.kept(user, selectors.open_decisions(user=user), [name])
    return [Count(len(decisions), label, link(PROPOSALS, **{name: 1}))]


def _awaiting_my_decision(user: User) -> list[Count]:
    """For the director the proposals of people held there, for the headquarters VEP unit those of
    people linked to violent extremism: services.approve_refusal says which."""
    if not user.has_perm(right("approve_classification")):
        return []
    return _proposals(user, "awaiting_my_decision", _("Classification proposals awaiting my decision"))


def _returned_to_me(user: User) -> list[Count]:
    if not user.has_perm(right("propose_classification")):
        return []
    return _proposals(user, "returned_to_me", _("Classification proposals returned to me"))


def _reviews_overdue(user: User) -> list[Count]:
    overdue = urgency_counts(selectors.reviews_due(user=user))["overdue"]
    return [
        Count(
            overdue, _("Classification reviews overdue"), link("classification:reviews", urgency="overdue"), urgent=True
        )
    ]


ITEMS = [
    Item("classification.awaiting_my_decision", (roles.DIRECTOR, roles.HQ_VEP), 10, _awaiting_my_decision),
    Item("classification.returned_to_me", (roles.CASE_MANAGER,), 14, _returned_to_me),
    Item("classification.reviews_overdue", (roles.DIRECTOR,), 40, _reviews_overdue),
]
