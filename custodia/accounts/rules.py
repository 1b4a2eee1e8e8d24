"""Pure rules of the user administration: no database, easy to test."""

from collections.abc import Collection


def assignment_within(scope: Collection[int] | None, *, nationwide: bool, prisons: Collection[int]) -> bool:
    """Whether an assignment (nationwide, or to `prisons`) lies within `scope`, the prisons a user
    manager works at (None: nationwide). An administrator of some prisons manages the accounts
    of those prisons only: giving someone a prison of their own choosing, or nationwide reach,
    would be reaching past their own."""
    if scope is None:
        return True
    return not nationwide and set(prisons) <= set(scope)
