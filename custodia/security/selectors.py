"""Reads of non-associations. Pages and the API read through the scoped selectors (the right to
see non-associations, and a person held where the user works); the placement check reads every
open record of a person through `open_non_associations_of`, whoever acts."""

from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from custodia.accounts.selectors import prison_scope
from custodia.core.rights import right
from custodia.register.models import Prisoner
from custodia.register.selectors import held_where_user_works, in_custody_by_number

from . import rules
from .models import NonAssociation

VIEW = right("view_non_associations")
MANAGE = right("manage_non_associations")


def _related(qs: QuerySet[NonAssociation]) -> QuerySet[NonAssociation]:
    return qs.select_related("prisoner_a", "prisoner_b", "authorised_by", "closed_by")


def _involving_someone_held_where_user_works(*, user: User) -> QuerySet[NonAssociation]:
    """Deny by default: nothing without the right; with it, the records of a person held where the
    user works (both sides of the pair are read from such a record, as the other person's number)."""
    if not (user and user.is_authenticated and user.is_active and user.has_perm(VIEW)):
        return NonAssociation.objects.none()
    held = held_where_user_works(user=user)
    return NonAssociation.objects.filter(
        Q(Exists(held.filter(pk=OuterRef("prisoner_a")))) | Q(Exists(held.filter(pk=OuterRef("prisoner_b"))))
    )


def non_associations_for(*, user: User, prisoner: Prisoner) -> QuerySet[NonAssociation]:
    """A person's records, open ones first, newest first; empty unless the user may see
    non-associations and the person is held where the user works. One query."""
    qs = _involving_someone_held_where_user_works(user=user).filter(Q(prisoner_a=prisoner) | Q(prisoner_b=prisoner))
    return _related(qs).order_by(F("closed_at").desc(nulls_first=True), "-opened_at", "-id")


def non_association_get(*, user: User, non_association_id: int) -> NonAssociation:
    return _related(_involving_someone_held_where_user_works(user=user)).get(pk=non_association_id)


def open_non_associations(*, user: User) -> QuerySet[NonAssociation]:
    """The open records of the people held where the user works (everywhere for headquarters),
    newest first, with the unit each person is in. One query."""
    qs = _involving_someone_held_where_user_works(user=user).filter(closed_at=None)
    return qs.select_related(
        "prisoner_a__current_cell__unit", "prisoner_b__current_cell__unit", "authorised_by"
    ).order_by("-opened_at", "-id")


def non_associations_changed_since(*, user: User, since: datetime) -> QuerySet[NonAssociation]:
    """Opened or closed since a time, for oversight: a director's prisons, or everywhere for
    headquarters. Newest first."""
    qs = _involving_someone_held_where_user_works(user=user).filter(Q(opened_at__gte=since) | Q(closed_at__gte=since))
    return _related(qs).order_by("-opened_at", "-id")


def whereabouts(prisoner: Prisoner) -> rules.Whereabouts:
    """Where a person is held now, for the rules (the cell comes with the record that holds it)."""
    cell = prisoner.current_cell
    return rules.Whereabouts(prisoner.current_prison_id, cell.unit_id if cell else None, prisoner.current_cell_id)


def open_non_associations_of(prisoner_id: int | None) -> list[NonAssociation]:
    """Every open record of a person, with both people and where they are now. Unscoped: only for
    the placement check (placement.checks), which must see them all whoever places the person."""
    if prisoner_id is None:
        return []
    return list(
        NonAssociation.objects.filter(Q(prisoner_a_id=prisoner_id) | Q(prisoner_b_id=prisoner_id), closed_at=None)
        .select_related("prisoner_a__current_cell", "prisoner_b__current_cell")
        .order_by("id")
    )


def open_non_association_between(a_id: int, b_id: int) -> NonAssociation | None:
    low, high = sorted((a_id, b_id))
    return NonAssociation.objects.filter(prisoner_a_id=low, prisoner_b_id=high, closed_at=None).first()


def other_person_by_number(*, user: User, number: str) -> Prisoner | None:
    """The other person of a new record, in custody in any prison, for someone who may manage
    non-associations (see register.selectors.in_custody_by_number)."""
    return in_custody_by_number(number) if user_may_manage(user) else None


def user_may_manage(user: User) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(MANAGE))


def works_where_held(user: User, *people: Prisoner) -> bool:
    """The user works at the prison holding at least one of the people (headquarters everywhere)."""
    scope = prison_scope(user)
    held = [p.current_prison_id for p in people if p.current_prison_id is not None]
    return bool(held) and (scope is None or any(prison_id in scope for prison_id in held))
