"""Pure rules of the compliance monitor: no database. The checks read the rows and hand plain
values here, so that what counts as falling short of a rule is written once and tested alone."""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import combinations

from custodia.measures.rules import PROLONGED_DAYS
from custodia.placement.rules import Categories, rules_between

from .base import Tally


def score(tally: Tally) -> float | None:
    """The share of what was checked that does not fall short, in percent (one decimal); None when
    nothing was checked: a prison with no one to check has no score, not 100 %."""
    if tally.short < 0 or tally.short > tally.checked:
        # A check that finds more short than it checked is wrong: fail loudly, never show -20 %.
        raise ValueError(f"short {tally.short} outside 0..{tally.checked}")
    if tally.checked == 0:
        return None
    return round(100 * (tally.checked - tally.short) / tally.checked, 1)


def beyond_capacity(*, held: int, capacity: int) -> int:
    """How many of the people held a prison has no official place for."""
    return max(0, held - capacity)


def late_if_admitted_before(today: date, days: int) -> date:
    """What is due `days` after admission is late today (its due day is past) for a person admitted
    before the day returned: the same dates as induction.rules.late, the assessment worklist's
    first due date (assessment.rules.next_due) and plans.rules.first_plan_due."""
    return today - timedelta(days=days)


class AdmissionGap(StrEnum):
    """What Rule 7 asks of an admission record and the register can see missing."""

    PHOTOGRAPH = "photograph"  # 7(a) identity: no photograph on file
    COMMITMENT = "commitment"  # 7(b) the committing authority, order, its date or reasons blank
    ARREST = "arrest"  # 7(b) the date, time and place of arrest
    PROPERTY = "property"  # 7(e) no item in the inventory of property
    CONTACT = "contact"  # 7(f)-(g) no family member nor emergency contact recorded


@dataclass(frozen=True)
class AdmissionFacts:
    """What the register holds of one person's latest admission, as plain values."""

    has_photograph: bool
    commitment: tuple[str, str, str]  # authority, order reference, reasons (the date is required)
    arrested_at_known: bool
    arrest_place: str
    property_items: int
    family_members: int


def admission_gaps(facts: AdmissionFacts) -> tuple[AdmissionGap, ...]:
    """Which Rule 7 data the admission lacks. The date of birth or estimated year (7(a)) is not
    here: the database refuses a file without one. Injuries and complaints (7(d)) are not either:
    an empty answer means "none" as much as "not asked", so the register cannot see it missing."""
    gaps = []
    if not facts.has_photograph:
        gaps.append(AdmissionGap.PHOTOGRAPH)
    if not all(text.strip() for text in facts.commitment):
        gaps.append(AdmissionGap.COMMITMENT)
    if not facts.arrested_at_known or not facts.arrest_place.strip():
        gaps.append(AdmissionGap.ARREST)
    if facts.property_items == 0:
        gaps.append(AdmissionGap.PROPERTY)
    if facts.family_members == 0:
        gaps.append(AdmissionGap.CONTACT)
    return tuple(gaps)


def child_whereabouts_missing(whereabouts: Iterable[str]) -> bool:
    """Bangkok Rule 3: a mother falls short when any child recorded has no "where they are" (the
    admission form asks there where the child is and who looks after them)."""
    return any(not text.strip() for text in whereabouts)


def separated_in_breach(
    occupants: Iterable[tuple[int, int, Categories]], excepted: Collection[tuple[int, int, str]]
) -> set[int]:
    """Rule 11: the people (from (person, unit, categories)) held in a unit with someone the rule
    keeps them apart from, for a part of the rule (placement.rules.rules_between) for which neither
    holds an exception in force in that unit ((person, unit, part) in `excepted`). As in the
    placement check, one person's exception covers the pair, so a person whose every such
    neighbour is excepted is not counted."""
    by_unit: dict[int, dict[Categories, list[int]]] = defaultdict(lambda: defaultdict(list))
    for person, unit, kind in occupants:
        by_unit[unit][kind].append(person)
    found: set[int] = set()
    for unit, kinds in by_unit.items():
        for a, b in combinations(kinds, 2):
            for part in rules_between(a, b):
                open_a = [p for p in kinds[a] if (p, unit, part) not in excepted]
                open_b = [p for p in kinds[b] if (p, unit, part) not in excepted]
                if open_a and open_b:
                    found.update(open_a, open_b)
    return found


def measure_past_limits(*, solitary: bool, run_days: int, may_not_apply: bool, ends_on: date, today: date) -> bool:
    """Rules 43-45: a measure in force that has passed a limit: solitary confinement in a run of
    more than 15 consecutive days (measures.rules.solitary_run), or on a person it may never be
    applied to (measures.rules.solitary_eligibility_problems); or any measure still in force after
    its planned end, which nobody decided to extend."""
    if solitary and (run_days > PROLONGED_DAYS or may_not_apply):
        return True
    return ends_on < today
