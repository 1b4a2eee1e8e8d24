"""Pure rules of programmes and activities, no database: the way of a participation, who is
eligible, the order of the waiting list, what an attendance mark needs and weekly sessions.

The waiting list (decided here, HMPPS-style: need first, then time waited):
1. need: a referral from a sentence plan objective proposed from a final assessment (an assessed
   need) comes before one from an objective the case manager added, which comes before a referral
   with no objective;
2. for a disengagement intervention, people linked to violent extremism come first within the
   same need (the programme exists for them); for any other kind this is never read, so that the
   label never gives or takes a place in education, work or sport;
3. then the longest wait, then the earlier referral (a stable, total order).
A declined place or referral is never read here: declining is the person's choice, not a sanction.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _

from .choices import AttendanceMark, ParticipationStatus, ProgrammeKind

S = ParticipationStatus

# --- the way of a participation --------------------------------------------------------------------

ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    S.ALLOCATED: frozenset({S.REFERRED}),
    S.DECLINED: frozenset({S.REFERRED, S.ALLOCATED}),
    S.COMPLETED: frozenset({S.ALLOCATED}),
    S.DROPPED_OUT: frozenset({S.ALLOCATED}),
    S.REMOVED: frozenset({S.REFERRED, S.ALLOCATED}),
    S.TRANSFERRED: frozenset({S.REFERRED, S.ALLOCATED}),
    S.LEFT_CUSTODY: frozenset({S.REFERRED, S.ALLOCATED}),
}
OPEN = frozenset({S.REFERRED, S.ALLOCATED})
# How a coordinator may end a place (leaving the prison ends it by itself; a decline is its own step).
ENDINGS = (S.COMPLETED, S.DROPPED_OUT, S.REMOVED)
NEEDS_REASON = frozenset({S.DECLINED, S.REMOVED, S.DROPPED_OUT})

# Kinds whose completion is evidence of "a completed programme" for a classification prerequisite.
# Work, sport, family contact and religious or spiritual counselling are never a classification
# input: religiosity is not extremism, and a job or a game is not a rehabilitation programme.
COUNTS_FOR_CLASSIFICATION = frozenset(
    {
        ProgrammeKind.DISENGAGEMENT,
        ProgrammeKind.EDUCATION,
        ProgrammeKind.VOCATIONAL,
        ProgrammeKind.ART_THERAPY,
        ProgrammeKind.PSYCHOLOGICAL,
    }
)


def next_statuses(current: str) -> list[str]:
    return [status for status, previous in ALLOWED_PREVIOUS.items() if current in previous]


# --- eligibility ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """What a programme is open to; an empty tuple is no restriction."""

    sexes: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    legal_statuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    sex: str
    legal_status: str
    level: str | None  # the approved classification level, None before a first decision


@dataclass(frozen=True)
class Venue:
    """The place sessions are held: its security level, and the unit levels the person's approved
    classification suits (None: no approved classification, nothing to compare)."""

    name: str
    security_level: str
    security_label: str
    suited_levels: tuple[str, ...] | None
    level_label: str = ""


def eligibility_refusals(eligibility: Eligibility, candidate: Candidate) -> list[str]:
    """Each reason the person is not eligible, in the reader's language; empty when eligible."""
    refusals = []
    if eligibility.sexes and candidate.sex not in eligibility.sexes:
        refusals.append(_("The programme is not open to people of this sex."))
    if eligibility.levels:
        if candidate.level is None:
            refusals.append(_("The programme is open to some classification levels only: no level is approved yet."))
        elif candidate.level not in eligibility.levels:
            refusals.append(_("The programme is not open to the person's classification level."))
    if eligibility.legal_statuses and candidate.legal_status not in eligibility.legal_statuses:
        refusals.append(_("The programme is not open to people of this legal status."))
    return refusals


def venue_refusal(venue: Venue | None) -> str | None:
    """The venue's security level does not suit the person's approved classification."""
    if venue is None or venue.suited_levels is None or not venue.security_level:
        return None
    if venue.security_level in venue.suited_levels:
        return None
    return _("The venue %(venue)s (%(security)s) does not suit the approved classification (%(level)s).") % {
        "venue": venue.name,
        "security": venue.security_label or venue.security_level,
        "level": venue.level_label,
    }


def capacity_refusal(*, allocated: int, capacity: int) -> str | None:
    if allocated < capacity:
        return None
    return _("The programme is full: %(allocated)s of %(capacity)s places are taken.") % {
        "allocated": allocated,
        "capacity": capacity,
    }


# --- the waiting list -------------------------------------------------------------------------------

ASSESSED_NEED, ADDED_NEED, NO_OBJECTIVE = 0, 1, 2


@dataclass(frozen=True)
class Waiting:
    key: int  # the caller's id of the referral
    need: int  # ASSESSED_NEED, ADDED_NEED or NO_OBJECTIVE
    vep: bool
    referred_at: datetime


def need_of(objective_origin: str | None) -> int:
    """plans.choices.Origin: "proposed" (from an assessment's needs) or "added"; None without one."""
    if objective_origin is None:
        return NO_OBJECTIVE
    return ASSESSED_NEED if objective_origin == "proposed" else ADDED_NEED


def waiting_key(entry: Waiting, *, kind: str) -> tuple[int, int, datetime, int]:
    vep_first = 0 if (kind == ProgrammeKind.DISENGAGEMENT and entry.vep) else 1
    return (entry.need, vep_first, entry.referred_at, entry.key)


def waiting_order(entries: Iterable[Waiting], *, kind: str) -> list[Waiting]:
    """The waiting list, first to be offered a place first (see the module's docstring)."""
    return sorted(entries, key=lambda entry: waiting_key(entry, kind=kind))


def days_waited(referred_on: date, today: date) -> int:
    return max(0, (today - referred_on).days)


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# --- attendance -------------------------------------------------------------------------------------


def mark_problem(mark: str, reason: str) -> str | None:
    """An absence is recorded with its reason; the other marks may have one."""
    if mark not in AttendanceMark.values:
        return _("Choose present, absent, refused or excused.")
    if mark == AttendanceMark.ABSENT and not reason.strip():
        return _("Give the reason for the absence.")
    return None


# --- sessions from a weekly pattern -----------------------------------------------------------------


def weekly_starts(*, first_day: date, weekdays: Iterable[int], at: time, weeks: int) -> list[tuple[date, time]]:
    """The days and time of sessions on the given weekdays (0 Monday … 6 Sunday) for `weeks`
    weeks from `first_day` (included), in order."""
    chosen = set(weekdays)
    days = (first_day + timedelta(days=offset) for offset in range(7 * weeks))
    return [(day, at) for day in days if day.weekday() in chosen]
