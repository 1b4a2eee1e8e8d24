"""Pure rules of the prison security audit: how ratings make a score, what an audit needs before
it is final, when a recommended action is overdue. No database here."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from custodia.core.workflow import urgency

from .choices import ActionStatus, AuditStatus, Rating

# What each rating is worth towards the area's score; "not applicable" counts for nothing either
# way: it is left out of the items the score is taken over.
WORTH = {Rating.MET: 1.0, Rating.PARTLY_MET: 0.5, Rating.NOT_MET: 0.0}
# Ratings that say something is wrong: the evidence must say what was seen.
NEED_EVIDENCE = {Rating.PARTLY_MET, Rating.NOT_MET}

ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {AuditStatus.FINAL: frozenset({AuditStatus.IN_PROGRESS})}
ACTION_ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {ActionStatus.DONE: frozenset({ActionStatus.OPEN})}


@dataclass(frozen=True)
class Rated:
    area: str
    item: str
    rating: str
    evidence: str = ""


def score(ratings: Iterable[Rated]) -> int | None:
    """The percentage of what applies that is met (partly met counts half), rounded half up to a
    whole number (62.5 is 63, as a reader expects; Python's round() would give 62); None when
    nothing applies."""
    worth = [WORTH[Rating(r.rating)] for r in ratings if r.rating in WORTH]
    return int(100 * sum(worth) / len(worth) + 0.5) if worth else None


def scores_by_area(areas: Iterable[str], ratings: Iterable[Rated]) -> dict[str, int | None]:
    ratings = list(ratings)
    return {area: score(r for r in ratings if r.area == area) for area in areas}


def finalise_problems(
    items: Mapping[str, str], ratings: Iterable[Rated], actions_for: Iterable[str]
) -> dict[str, list[str]]:
    """What stops an audit being made final, item codes by problem: items not rated, an item
    partly or not met without the evidence seen, an item not met without a recommended action.
    `items` maps each item of the checklist to its area."""
    rated = {r.item: r for r in ratings}
    with_action = set(actions_for)
    problems = {
        "unrated": [item for item in items if item not in rated],
        "no_evidence": [item for item, r in rated.items() if r.rating in NEED_EVIDENCE and not r.evidence.strip()],
        "no_action": [item for item, r in rated.items() if r.rating == Rating.NOT_MET and item not in with_action],
    }
    return {problem: found for problem, found in problems.items() if found}


def action_urgency(status: str, due_on: date, today: date) -> str:
    """An open action is overdue, due soon or scheduled; a done one is done."""
    return "done" if status == ActionStatus.DONE else urgency(due_on, today)


def change(now: float | None, before: float | None) -> float | None:
    """The change of a score since the earlier audit, in points; None where either is missing."""
    return None if now is None or before is None else now - before
