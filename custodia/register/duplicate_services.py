"""Writes of possible duplicates (docs/duplicates.md): the pairs find_duplicates proposes, and
headquarters' decision on each. A pair is kept whatever is decided, and a decided pair is never
proposed again: find_duplicates refreshes the score of the pairs still proposed only."""

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, IntegerField
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.profiles import DuplicateWeights
from custodia.core.refusals import ensure_allowed
from custodia.core.rights import right

from . import duplicate_rules, name_keys
from .choices import DuplicateStatus
from .models import DuplicatePair, Prisoner, PrisonerName, PrisonerNameKey

DECIDE = right("decide_duplicates")

# A key held by more people than this in a year is too common to tell anyone apart (a given name
# like John or Mohamed): its block is skipped, and a pair that shares it is still compared
# through the keys of their other names.
BLOCK_LIMIT = 200


@dataclass(frozen=True)
class Found:
    """What a run of find_duplicates did, for the command to print."""

    people: int
    compared: int
    proposed: int
    refreshed: int
    seconds: float


def _skeleton_keys(rows: Iterable[tuple[int, str]]) -> dict[int, set[str]]:
    """Each person's consonant-skeleton keys, one per word of their names: the key without a first
    "a" (name_keys.token_keys adds it for Ismail and Smail) is dropped when the whole one is there,
    so that one word counts once."""
    keys: dict[int, set[str]] = defaultdict(set)
    for pk, key in rows:
        keys[pk].add(key)
    for held in keys.values():
        for key in list(held):
            if name_keys.SKELETON + "a" + key[1:] in held:
                held.discard(key)
    return keys


def candidate_pairs(weights: DuplicateWeights) -> tuple[int, set[tuple[int, int]]]:
    """The pairs worth scoring (blocking): files that share the consonant skeletons of two words of
    their names (of one, for a name of one word) and were born in years that could reach the
    threshold (duplicate_rules.could_reach: within a year with the profiles' weights). Returns the
    number of people read and the pairs, each ordered (lower id first)."""
    years = dict(
        Prisoner.objects.annotate(
            year=Coalesce(ExtractYear("date_of_birth"), F("birth_year_estimated"), output_field=IntegerField())
        ).values_list("pk", "year")
    )
    keys = _skeleton_keys(
        PrisonerNameKey.objects.filter(key__startswith=name_keys.SKELETON).values_list("prisoner_id", "key")
    )
    blocks: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for pk, held in keys.items():
        for key in held:
            blocks[(key, years.get(pk))].append(pk)
    shared: Counter[tuple[int, int]] = Counter()
    for (key, year), members in blocks.items():
        if len(members) > BLOCK_LIMIT:
            continue
        neighbours = blocks.get((key, year + 1), []) if year is not None else []
        if len(neighbours) > BLOCK_LIMIT:
            neighbours = []
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                shared[duplicate_rules.ordered(first, second)] += 1
            for second in neighbours:
                shared[duplicate_rules.ordered(first, second)] += 1
    pairs = {
        pair
        for pair, count in shared.items()
        if count >= min(2, len(keys[pair[0]]), len(keys[pair[1]]))
        and duplicate_rules.could_reach((years.get(pair[0]), years.get(pair[1])), weights)
    }
    return len(years), pairs


def _facts(ids: set[int]) -> dict[int, duplicate_rules.Facts]:
    names: dict[int, list[str]] = defaultdict(list)
    for pk, given, family in PrisonerName.objects.filter(prisoner__in=ids).values_list(
        "prisoner_id", "given_names", "family_name"
    ):
        names[pk].append(" ".join(part for part in (given, family) if part))
    return {
        pk: duplicate_rules.Facts(tuple(names[pk]), sex, born, year, nationality)
        for pk, sex, born, year, nationality in Prisoner.objects.filter(pk__in=ids).values_list(
            "pk", "sex", "date_of_birth", "birth_year_estimated", "nationality"
        )
    }


def duplicates_find(*, weights: DuplicateWeights, now: datetime | None = None) -> Found:
    """Score the candidate pairs of the whole register and keep those that reach the threshold:
    new pairs are proposed, pairs still proposed get their score again; a decided pair is left as
    it was decided. Run by `manage.py find_duplicates` (nightly, or after a bulk import)."""
    started = time.monotonic()
    now = now or timezone.now()
    people, pairs = candidate_pairs(weights)
    facts = _facts({pk for pair in pairs for pk in pair})
    known = {(p.first_id, p.second_id): p for p in DuplicatePair.objects.filter(status=DuplicateStatus.PROPOSED)}
    decided = set(DuplicatePair.objects.exclude(status=DuplicateStatus.PROPOSED).values_list("first_id", "second_id"))
    new, refreshed = [], []
    for first, second in sorted(pairs - decided):
        scored = duplicate_rules.score(facts[first], facts[second], weights)
        pair = known.get((first, second))
        if pair is not None:
            pair.score, pair.parts, pair.scored_at = scored.total, scored.parts_json(), now
            refreshed.append(pair)
        elif scored.reaches(weights):
            new.append(
                DuplicatePair(
                    first_id=first,
                    second_id=second,
                    score=scored.total,
                    parts=scored.parts_json(),
                    proposed_at=now,
                    scored_at=now,
                )
            )
    with transaction.atomic():
        DuplicatePair.objects.bulk_create(new, batch_size=500)
        DuplicatePair.objects.bulk_update(refreshed, ["score", "parts", "scored_at"], batch_size=500)
    return Found(people, len(pairs), len(new), len(refreshed), round(time.monotonic() - started, 2))


def duplicate_decision_refusal(actor: User, pair: DuplicatePair) -> str | None:
    """Why this actor may not decide this pair now, or None."""
    if not actor.has_perm(DECIDE):
        return _("Only headquarters decides whether two files are of the same person.")
    if pair.status != DuplicateStatus.PROPOSED:
        return _("This pair was already decided: %(status)s.") % {"status": pair.get_status_display()}
    return None


def duplicate_decide(*, actor: User, pair: DuplicatePair, status: str, reason: str) -> DuplicatePair:
    """Headquarters' decision on a proposed pair: not the same person (never proposed again), or
    the same person (the two files linked). Recorded, with the reason, in the history of each of
    the two files. A pair decided meanwhile by someone else is refused, naming the decision."""
    if status not in (DuplicateStatus.NOT_SAME, DuplicateStatus.SAME):
        raise ValueError(status)
    with transaction.atomic():
        pair = DuplicatePair.objects.select_for_update(no_key=True).select_related("first", "second").get(pk=pair.pk)
        ensure_allowed(duplicate_decision_refusal(actor, pair))
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": _("Say why.")})
        pair.status, pair.reason = status, reason
        pair.decided_by, pair.decided_at = actor, timezone.now()
        pair.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        action = AuditAction.DUPLICATE_SAME if status == DuplicateStatus.SAME else AuditAction.DUPLICATE_NOT_SAME
        for person, other in ((pair.first, pair.second), (pair.second, pair.first)):
            audit.record(
                actor=actor,
                action=action,
                obj=person,
                changes=audit.changes_of(duplicate_pair=(None, pair.pk), other_file=(None, other.number)),
                reason=reason,
            )
    return pair
