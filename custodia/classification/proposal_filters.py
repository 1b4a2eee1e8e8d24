"""The filters of the list of open proposals, for its page and the home page alike: those the
user may decide now (services.approve_refusal decides, as it does for the buttons), those
returned to the case manager who proposed them, or one status."""

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from django.contrib.auth.models import User

from . import services
from .choices import DecisionStatus

if TYPE_CHECKING:
    from .selectors import DecisionWithVep


def awaiting_decision_by(user: User, decision: "DecisionWithVep") -> bool:
    return (
        decision.status == DecisionStatus.PROPOSED
        and services.approve_refusal(user, decision, is_vep=decision.is_vep) is None
    )


def returned_to(user: User, decision: "DecisionWithVep") -> bool:
    return decision.status == DecisionStatus.RETURNED and decision.proposed_by_id == user.pk


# {query parameter: the filter it asks for with "1"}
FILTERS: dict[str, Callable[[User, "DecisionWithVep"], bool]] = {
    "awaiting_my_decision": awaiting_decision_by,
    "returned_to_me": returned_to,
}


def chosen(query: Mapping[str, str]) -> list[str]:
    """The filters a query asks for."""
    return [name for name in FILTERS if query.get(name) == "1"]


def kept(user: User, decisions: list["DecisionWithVep"], names: list[str], status: str = "") -> list["DecisionWithVep"]:
    """The decisions of the status (any open one when none) that every filter named keeps."""
    return [
        decision
        for decision in decisions
        if (not status or decision.status == status) and all(FILTERS[name](user, decision) for name in names)
    ]
