"""Pure rules of restrictive measures (Mandela Rules 36-46): no database, easy to test.

Rule 44: confinement for 22 hours or more a day without meaningful human contact is solitary
confinement; for more than 15 consecutive days it is prolonged, and Rule 43 prohibits it. Periods
separated by a short break count as one run, so that a day's break cannot restart the count: the
break that resets it is the profile's, and never shorter than the period before it. Rule 45: never
for a child, nor (Bangkok Rule 22) for a woman, nor for a person whose mental or physical
disability it would worsen. Rule 46: health-care staff visit every day everyone held apart
against their will."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .choices import MeasureKind

SOLITARY_HOURS = 22
PROLONGED_DAYS = 15
# The kinds that hold a person apart against their will: each needs a daily health visit.
HELD_APART = frozenset({MeasureKind.SEPARATION, MeasureKind.SEGREGATION, MeasureKind.DISCIPLINARY_CONFINEMENT})


def is_solitary(hours_without_contact: int) -> bool:
    return hours_without_contact >= SOLITARY_HOURS


@dataclass(frozen=True)
class Period:
    """Days of solitary confinement, first and last included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def solitary_runs(periods: list[Period], *, break_days: int) -> list[tuple[date, int]]:
    """Each run of solitary confinement, in order: its last day and its days. A break resets the
    count only when it lasts at least `break_days` and at least as long as the stretch of
    confinement before it; a shorter break does not restart the count (its days are not counted
    either). Overlapping periods count each day once."""
    runs: list[tuple[date, int]] = []
    run = 0
    counted_to: date | None = None  # the last day counted
    stretch_first: date | None = None  # the first day of the unbroken stretch that ends there
    for period in sorted(periods, key=lambda p: (p.first, p.last)):
        if counted_to is not None and period.last <= counted_to:
            continue
        first = period.first if counted_to is None else max(period.first, counted_to + timedelta(days=1))
        if counted_to is None or stretch_first is None:
            stretch_first = first
        else:
            gap = (first - counted_to).days - 1
            if gap > 0:
                if gap >= max(break_days, (counted_to - stretch_first).days + 1):
                    runs.append((counted_to, run))
                    run = 0
                stretch_first = first
        run += (period.last - first).days + 1
        counted_to = period.last
    if counted_to is not None:
        runs.append((counted_to, run))
    return runs


def solitary_run(periods: list[Period], *, break_days: int) -> int:
    """The days of solitary confinement in the latest run (solitary_runs)."""
    runs = solitary_runs(periods, break_days=break_days)
    return runs[-1][1] if runs else 0


def prolonged_problem(periods: list[Period], proposed: Period, *, break_days: int) -> str | None:
    """Why `proposed` (a new or extended period of solitary confinement) may not be imposed: it
    would make a run longer than 15 consecutive days. Not only the latest run: a period recorded
    late, before a later run, lengthens the run it falls in (and may join it to the next)."""
    runs = solitary_runs([*periods, proposed], break_days=break_days)
    days = max((days for last, days in runs if last >= proposed.first), default=0)
    if days > PROLONGED_DAYS:
        return _(
            "Refused: this would make %(days)s consecutive days of solitary confinement. Solitary "
            "confinement for more than 15 consecutive days is prolonged and prohibited (Mandela "
            "Rules 43 and 44); short breaks do not restart the count."
        ) % {"days": days}
    return None


def solitary_eligibility_problems(*, sex: str, age: int | None, juvenile_age: int, worsened: bool) -> list[str]:
    """Who may never be held in solitary confinement (Mandela Rule 45, Bangkok Rule 22)."""
    problems = []
    if sex == "female":
        problems.append(_("Refused: a woman may not be held in solitary confinement (Bangkok Rule 22)."))
    if age is not None and age < juvenile_age:
        problems.append(_("Refused: a child may not be held in solitary confinement (Mandela Rule 45)."))
    if worsened:
        problems.append(
            _(
                "Refused: the health service records that the person's mental or physical disability "
                "would be worsened by it (Mandela Rule 45)."
            )
        )
    return problems


def measure_problems(
    *, starts_on: date, ends_on: date | None, today: date, legal_basis: str, reason: str, hours: int
) -> dict[str, str]:
    """What is wrong with a measure as entered, by field."""
    problems: dict[str, str] = {}
    if not legal_basis.strip():
        problems["legal_basis"] = _("Name the legal basis: the law, regulation or decision that allows it.")
    if not reason.strip():
        problems["reason"] = _("Give the reason, as the person will be told it.")
    if not 0 <= hours <= 24:
        problems["hours_without_contact"] = _("Enter the hours a day without meaningful human contact, 0 to 24.")
    if starts_on > today:
        problems["starts_on"] = _("A measure is recorded when it begins, not before.")
    if ends_on is None:
        problems["ends_on"] = _("Every measure has a planned end.")
    elif ends_on < starts_on:
        problems["ends_on"] = _("The planned end must come on or after the start.")
    return problems


def review_due_on(*, starts_on: date, last_review_on: date | None, interval_days: int) -> date:
    return (last_review_on or starts_on) + timedelta(days=interval_days)


def days_without_visit(*, first: date, last: date, visited: set[date]) -> list[date]:
    """The days from `first` to `last` (included) without a health-care visit (Mandela Rule 46)."""
    return [
        first + timedelta(days=n) for n in range((last - first).days + 1) if first + timedelta(days=n) not in visited
    ]
