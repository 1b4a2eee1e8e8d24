"""Where the acting user may work: the basis of every scoped read."""

from django.db.models import QuerySet

from custodia.estate.models import Prison


def prison_scope(user) -> frozenset[int] | None:
    """The ids of the prisons a user works at, or None for nationwide; empty without an assignment.

    Kept on the user object for the rest of the request: every selector asks."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if not hasattr(user, "_custodia_scope"):
        if user.is_superuser:
            user._custodia_scope = None
        else:
            assignment = getattr(user, "assignment", None)
            if assignment is None:
                user._custodia_scope = frozenset()
            elif assignment.nationwide:
                user._custodia_scope = None
            else:
                user._custodia_scope = frozenset(assignment.prisons.values_list("pk", flat=True))
    return user._custodia_scope


def prisons_in_scope(*, user) -> QuerySet[Prison]:
    scope = prison_scope(user)
    prisons = Prison.objects.filter(is_active=True).select_related("region")
    return prisons if scope is None else prisons.filter(pk__in=scope)


def works_at(user, prison: Prison) -> bool:
    scope = prison_scope(user)
    return scope is None or prison.pk in scope
