"""Pure rules of release planning and after-care: when planning opens, when follow-ups fall due,
whether a new offence or recall came within the outcome window, and how a pathway's status may
move. No database: selectors and services feed them.

Mandela Rules 87-90 and 107-108: preparation for release begins before the end of the sentence
and after-care follows it. People on remand are presumed innocent (Rule 111): they have no release
date, so their planning opens only on request.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from custodia.register.choices import LegalStatus
from custodia.register.rules import add_months

from .choices import PathwayStatus, ShareSection

# Sentenced people, whose release date is computed from their sentence.
PLANNING_DUE_FOR = frozenset({LegalStatus.CONVICTED, LegalStatus.UNDER_APPEAL})


def planning_opens_on(*, release_on: date, planning_months: int) -> date:
    return add_months(release_on, -planning_months)


# Calendar months clamp to the end of a shorter month (31 March less one month is 28 February), so
# a release up to three days after the month-wise bound may still open by then.
MONTH_END_SLACK = timedelta(days=3)


def latest_release_opening_by(*, until: date, planning_months: int) -> date:
    """A release date beyond which planning cannot open by `until`: the lists ask the database for
    the releases up to it and keep, with planning_opens_on, those whose planning opens by then."""
    return add_months(until, planning_months) + MONTH_END_SLACK


def planning_due(*, legal_status: str, release_on: date | None, planning_months: int, today: date) -> bool:
    """Whether a sentenced person's release planning should be open by `today`."""
    if legal_status not in PLANNING_DUE_FOR or release_on is None:
        return False
    return planning_opens_on(release_on=release_on, planning_months=planning_months) <= today


@dataclass(frozen=True)
class FollowUpDue:
    months: int
    on: date


def follow_ups(*, released_on: date, follow_up_months: Iterable[int]) -> list[FollowUpDue]:
    """The follow-ups after a release, in order: one `months` after it for each interval."""
    return [FollowUpDue(months, add_months(released_on, months)) for months in sorted(set(follow_up_months))]


def follow_ups_due(
    *, released_on: date, follow_up_months: Iterable[int], recorded: Iterable[int], until: date
) -> list[FollowUpDue]:
    """The follow-ups not yet recorded that fall due by `until`."""
    done = set(recorded)
    return [
        due
        for due in follow_ups(released_on=released_on, follow_up_months=follow_up_months)
        if due.months not in done and due.on <= until
    ]


@dataclass(frozen=True)
class Observation:
    """What one follow-up found: None where it could not say (no contact, not asked)."""

    months: int
    new_offence: bool | None
    recalled: bool | None


def reoffended_within(observations: Iterable[Observation], *, window_months: int) -> bool | None:
    """Whether a new offence or a recall was recorded within `window_months` of release: True when
    a follow-up within the window found one; False when none did and the follow-up at the end of
    the window answered both questions; None (unknown) otherwise — never taken as "no"."""
    within = [o for o in observations if o.months <= window_months]
    if any(o.new_offence or o.recalled for o in within):
        return True
    closing = [o for o in within if o.months == window_months]
    if closing and all(o.new_offence is False and o.recalled is False for o in closing):
        return False
    return None


def months_between(earlier: date, later: date) -> float:
    """Months from `earlier` to `later` (negative when `later` is before), as a mean month of
    30.44 days: for the oversight's median, never for a due date."""
    return round((later - earlier).days / 30.44, 1)


def median_or_none(values: Sequence[float]) -> float | None:
    return round(median(values), 1) if values else None


def shared_sections(consented: Iterable[str]) -> list[ShareSection]:
    """The sections a summary holds beyond what the law requires: those consented to, in the
    order of ShareSection, unknown codes left out."""
    chosen = set(consented)
    return [section for section in ShareSection if section.value in chosen]


S = PathwayStatus
# The statuses each status may be reached from: work starts, is resolved or found not needed, and
# may be taken up again when circumstances change.
ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    S.IN_PROGRESS: frozenset({S.NOT_STARTED, S.RESOLVED, S.NOT_NEEDED}),
    S.RESOLVED: frozenset({S.NOT_STARTED, S.IN_PROGRESS}),
    S.NOT_NEEDED: frozenset({S.NOT_STARTED, S.IN_PROGRESS}),
}


def next_statuses(current: str) -> list[str]:
    return [status for status, previous in ALLOWED_PREVIOUS.items() if current in previous]
