"""Reads of possible duplicates (docs/duplicates.md), scoped to the acting user: a pair is shown
only to a holder of `view_duplicates` who may open both files (selectors.visible_prisoners); a
custody period at a prison the reader does not work at, when the reader's scope is not national,
is left out and a `Withheld` marker stands in its place. Opening a pair is a read of each file
(Rule 9); the list is an index of who is on file, like the list of people: no read logged."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from custodia.accounts.selectors import prison_scope
from custodia.core import audit
from custodia.core.rights import right
from custodia.core.withheld import Why, Withheld

from . import duplicate_rules
from .choices import DuplicateStatus
from .models import CustodyPeriod, DuplicatePair, Prisoner
from .selectors import AnyUser, visible_prisoners

VIEW = right("view_duplicates")


def _both_visible(user: AnyUser) -> Q:
    """Both files of a pair may be opened by the user; a file merged into another through the
    file it was merged into."""
    visible = visible_prisoners(user=user)

    def side(field: str) -> Q:
        return Q(Exists(visible.filter(pk=OuterRef(field)))) | Q(Exists(visible.filter(merged_files=OuterRef(field))))

    return side("first_id") & side("second_id")


def duplicate_pair_list(*, user: AnyUser, status: str = DuplicateStatus.PROPOSED) -> QuerySet[DuplicatePair]:
    """The pairs of `status` whose two files the user may open, highest score first, each with the
    two people and their names (a page of them in three queries)."""
    if not (user.is_authenticated and user.has_perm(VIEW)):
        return DuplicatePair.objects.none()
    return (
        DuplicatePair.objects.filter(status=status)
        .filter(_both_visible(user))
        .select_related("first__current_prison", "second__current_prison", "decided_by", "kept", "merged_by")
        .prefetch_related("first__names", "second__names")
        .order_by("-score", "id")
    )


@dataclass(frozen=True)
class Side:
    """One file of a pair as the evidence shows it."""

    person: Prisoner
    custody_periods: list[CustodyPeriod] | Withheld
    periods_withheld: Withheld | None  # some periods are at prisons the reader does not work at


@dataclass(frozen=True)
class PairEvidence:
    pair: DuplicatePair
    score: duplicate_rules.Score
    first: Side
    second: Side

    @property
    def sides(self) -> tuple[Side, Side]:
        return (self.first, self.second)


def _side(user: AnyUser, person: Prisoner, periods: list[CustodyPeriod]) -> Side:
    scope = prison_scope(user)
    if scope is None:
        return Side(person, periods, None)
    shown = [period for period in periods if period.prison_id in scope]
    hidden = Withheld("custody_periods", Why.HELD_ELSEWHERE) if len(shown) < len(periods) else None
    return Side(person, shown, hidden)


def duplicate_pair_get(*, user: AnyUser, pair_id: int) -> PairEvidence:
    """One pair with the evidence side by side: names in every script, birth, sex, nationality,
    numbers, prisons and custody periods, the score with its parts. Raises DuplicatePair.DoesNotExist
    for a pair the user may not see. Logs the read of both files."""
    if not (user.is_authenticated and user.has_perm(VIEW)):
        raise DuplicatePair.DoesNotExist
    periods = CustodyPeriod.objects.select_related("prison")
    found = (
        DuplicatePair.objects.filter(pk=pair_id)
        .filter(_both_visible(user))
        .select_related("first__current_prison", "second__current_prison", "decided_by", "kept", "merged_by")
        .prefetch_related(
            "first__names",
            "second__names",
            Prefetch("first__custody_periods", periods),
            Prefetch("second__custody_periods", periods),
        )
        .get()
    )
    audit.record_reads(actor=user, objs=[found.first, found.second])
    score = duplicate_rules.Score(found.score, tuple(duplicate_rules.Part.from_json(part) for part in found.parts))
    return PairEvidence(
        found,
        score,
        _side(user, found.first, list(found.first.custody_periods.all())),
        _side(user, found.second, list(found.second.custody_periods.all())),
    )
