"""Reads of classification decisions."""

from .models import ClassificationDecision, DecisionStatus


def approved_level(prisoner_id: int) -> str | None:
    """The level of the decision in force for a person, or None before a first approval.

    Unscoped: for the placement checks that every placement, move and transfer goes through;
    pages and the API read decisions through scoped selectors."""
    return (
        ClassificationDecision.objects.filter(prisoner_id=prisoner_id, status=DecisionStatus.APPROVED)
        .values_list("approved_level", flat=True)
        .first()
    )
