"""Pure rules of the individual sentence plan: when a plan is due, what an assessment proposes,
and how an objective's status may move. No database: selectors and services feed them.

Mandela Rule 94: a programme of treatment is drawn up soon after a convicted person's admission,
from the assessment of their needs. People on remand are presumed innocent (Rule 111): a plan is
offered to them and covers only what they choose; it is never due.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from custodia.assessment.choices import NeedArea
from custodia.register.choices import LegalStatus
from custodia.register.rules import add_months

from .choices import DueReason, ObjectiveStatus, ReviewEvent

# Sentenced people, whose first plan falls due; an appeal does not suspend the sentence being served.
PLAN_DUE_FOR = frozenset({LegalStatus.CONVICTED, LegalStatus.UNDER_APPEAL})


@dataclass(frozen=True)
class Due:
    on: date
    reason: str  # a DueReason or a ReviewEvent


def first_plan_due(
    *, legal_status: str, admitted_on: date, first_plan_days: int, plans_from: date | None = None
) -> Due | None:
    """The first plan's due date, or None where it is only offered (remand, civil prisoners).

    Counted from admission, or from `plans_from`, the day the service began keeping plans in
    Custodia, for people admitted before it: they are owed a plan too, but a plan cannot have
    been overdue before there was anywhere to write it."""
    if legal_status not in PLAN_DUE_FOR:
        return None
    counted_from = max(admitted_on, plans_from) if plans_from else admitted_on
    return Due(counted_from + timedelta(days=first_plan_days), DueReason.FIRST)


def review_due(
    *,
    agreed_on: date,
    review_months: int,
    events: Iterable[tuple[str, date]] = (),
    event_review_days: int,
    release_on: date | None = None,
    pre_release_months: int,
) -> Due:
    """When an agreed plan is next reviewed: on its schedule, or sooner — `event_review_days`
    after an event that came after the agreement, or when release comes within
    `pre_release_months` (unless the plan was agreed that close to release already)."""
    candidates = [Due(add_months(agreed_on, review_months), DueReason.SCHEDULE)]
    candidates += [Due(on + timedelta(days=event_review_days), event) for event, on in events if on > agreed_on]
    if release_on is not None:
        window = add_months(release_on, -pre_release_months)
        if window > agreed_on:
            candidates.append(Due(window, ReviewEvent.RELEASE))
    return min(candidates, key=lambda due: due.on)


def target_refused(target_on: date | None, *, was: date | None, today: date) -> bool:
    """A target date set in the past is a slip of the pen: the plan is about what is still to do.
    A date already on the objective stays acceptable once it has passed (the objective is then late,
    which the page shows), so only a new or changed date is checked."""
    return target_on is not None and target_on != was and target_on < today


def proposed_needs(need_areas: Iterable[Iterable[str]], *, already: Iterable[str] = ()) -> list[NeedArea]:
    """The need areas to propose as objectives: every area a final assessment rated as a need,
    once, in the order the assessments give them, leaving out those the plan already addresses."""
    seen = set(already)
    proposals = []
    for areas in need_areas:
        for area in areas:
            if area in NeedArea.values and area not in seen:
                seen.add(area)
                proposals.append(NeedArea(area))
    return proposals


S = ObjectiveStatus
# The statuses each status may be reached from. Declining is the person's choice at any stage
# before the end, and a declined objective may be taken up again.
ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    S.NOT_STARTED: frozenset({S.PROPOSED, S.DECLINED}),
    S.SET_ASIDE: frozenset({S.PROPOSED}),
    S.IN_PROGRESS: frozenset({S.NOT_STARTED, S.NOT_ACHIEVED}),
    S.ACHIEVED: frozenset({S.NOT_STARTED, S.IN_PROGRESS}),
    S.NOT_ACHIEVED: frozenset({S.IN_PROGRESS}),
    S.WITHDRAWN: frozenset({S.NOT_STARTED, S.IN_PROGRESS}),
    S.DECLINED: frozenset({S.PROPOSED, S.NOT_STARTED, S.IN_PROGRESS}),
}
# The follow-up chosen in the status form (accepting, setting aside and declining have their own
# step); "not started" there takes a declined objective up again.
FOLLOW_UP = (S.NOT_STARTED, S.IN_PROGRESS, S.ACHIEVED, S.NOT_ACHIEVED, S.WITHDRAWN)


def next_statuses(current: str) -> list[str]:
    return [status for status, previous in ALLOWED_PREVIOUS.items() if current in previous]
