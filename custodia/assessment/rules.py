"""Pure rules of risk and needs assessment: the workflow, who an instrument applies to, when it is
due, what a submission must contain and the profile per domain. No database: easy to test."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from custodia.core.levels import RiskLevel

from .choices import AssessmentStatus
from .instruments import Instrument

S = AssessmentStatus

# Each status with the statuses it may be reached from. An assessment starts as a draft; a
# submitted one is countersigned by a second assessor (final) or returned with comments, then
# corrected and submitted again. A final assessment never changes: a new one is made instead. A
# draft started by mistake is discarded by its author, kept with its ratings and never continued;
# one submitted has been read by a second assessor and is not discarded.
ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset(),
    S.SUBMITTED: frozenset({S.DRAFT, S.RETURNED}),
    S.RETURNED: frozenset({S.SUBMITTED}),
    S.FINAL: frozenset({S.SUBMITTED}),
    S.DISCARDED: frozenset({S.DRAFT}),
}
EDITABLE = frozenset({S.DRAFT, S.RETURNED})


def applies_to(population: str, *, sex: str, age: int | None, juvenile_age: int, is_vep: bool) -> bool:
    """Whether an instrument's population includes the person. The VEP module complements the
    general screening for people linked to terrorism or violent extremism; it never replaces it."""
    if population == "vep":
        return is_vep
    if population == "women":
        return sex == "female"
    if population == "juveniles":
        return age is not None and age < juvenile_age
    return True


@dataclass(frozen=True)
class Due:
    on: date
    # "first" (after admission, Mandela Rule 94), "interval" (reassessment) or a trigger event.
    reason: str
    trigger_on: date | None = None


def next_due(
    *,
    admitted_on: date,
    first_days: int,
    interval_days: int,
    last_final_on: date | None,
    trigger_days: dict[str, int],
    triggers: Iterable[tuple[str, date]],
) -> Due:
    """When an instrument is next due for a person: the first assessment within `first_days` of
    admission; then every `interval_days` after the last final one; sooner after a trigger event
    that the instrument lists and that came after the last final assessment."""
    if last_final_on is None:
        due = Due(admitted_on + timedelta(days=first_days), "first")
    else:
        due = Due(last_final_on + timedelta(days=interval_days), "interval")
    for event, occurred_on in triggers:
        if event not in trigger_days or (last_final_on is not None and occurred_on <= last_final_on):
            continue
        if last_final_on is None and occurred_on < admitted_on:
            continue  # an event before this stay is covered by the first assessment
        candidate = occurred_on + timedelta(days=trigger_days[event])
        if candidate < due.on:
            due = Due(candidate, event, occurred_on)
    return due


@dataclass(frozen=True)
class Rating:
    value: int
    evidence: str = ""


def submission_problems(
    instrument: Instrument, ratings: dict[str, Rating], *, rationale: str, final_judgement: str
) -> dict[str, str]:
    """What stops an assessment from being submitted, by field: every item rated, evidence where
    the instrument asks for it and, for structured professional judgement, the rater's rationale
    and final judgement (the system never chooses it)."""
    problems: dict[str, str] = {}
    for _domain, item in instrument.items():
        rating = ratings.get(item.code)
        if rating is None:
            problems[item.code] = _("Rate this item.")
        elif item.evidence_required and not rating.evidence.strip():
            problems[f"{item.code}_evidence"] = _("This item needs the evidence behind the rating.")
    if instrument.kind == "spj":
        if not rationale.strip():
            problems["rationale"] = _("Explain the final judgement from the item profile.")
        if final_judgement not in RiskLevel.values:
            problems["final_judgement"] = _("Choose the final judgement.")
    return problems


def value_problem(instrument: Instrument, item_code: str, value: int) -> str | None:
    try:
        item = instrument.item(item_code)
    except KeyError:
        return _("This instrument has no item %(code)s.") % {"code": item_code}
    if value not in {level.value for level in item.scale}:
        return _("Choose one of the levels of the scale (0 to %(top)s).") % {"top": item.scale[-1].value}
    return None


def domain_profile(instrument: Instrument, ratings: dict[str, int]) -> dict[str, dict[str, int]]:
    """Per domain: the sum of its rated items and the most it could be. Protective domains are
    kept apart from risk: they are read side by side, never subtracted."""
    profile: dict[str, dict[str, int]] = {}
    for domain, item in instrument.items():
        entry = profile.setdefault(domain.code, {"score": 0, "max": 0})
        entry["max"] += item.scale[-1].value
        entry["score"] += ratings.get(item.code, 0)
    return profile
