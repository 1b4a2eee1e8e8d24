"""Pure rules of requests and complaints (Mandela Rules 56-57): deadlines, which answers fit which
kind, who may answer, appeal, refer and close, and when an allegation of ill-treatment is referred
on time. No database here: services and selectors give these functions plain facts.

Decisions (docs/complaints.md):
- a request is granted or not; a complaint is upheld, partly upheld or not upheld;
- what is addressed to the director is answered by the director of the prison it concerns, what
  is addressed to headquarters and every appeal by headquarters (a nationwide holder of
  answer_complaints), what goes through the confidential route by the inspection body only;
- an appeal goes to headquarters, against a director's answer;
- an allegation of torture or ill-treatment (Rules 57(3), 71) is referred to an independent
  authority within the profile's referral_days, and is closed only once referred, and never by
  the prison it concerns: by headquarters or the inspection body;
- any other complaint is closed once answered, by whoever answers it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .choices import Addressee, Kind, Outcome, Status

OUTCOMES: dict[str, frozenset[str]] = {
    Kind.REQUEST: frozenset({Outcome.GRANTED, Outcome.NOT_GRANTED}),
    Kind.COMPLAINT: frozenset({Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD}),
}


def answer_due(made_on: date, answer_days: int) -> date:
    """When the answer is due: answer_days after it was made (an appeal: appeal_answer_days after)."""
    return made_on + timedelta(days=answer_days)


def referral_due(made_on: date, referral_days: int) -> date:
    return made_on + timedelta(days=referral_days)


def outcome_fits(kind: str, outcome: str) -> bool:
    return outcome in OUTCOMES.get(kind, frozenset())


def is_overdue(status: str, due_on: date, appeal_due_on: date | None, today: date) -> bool:
    """Awaiting an answer (or the answer on appeal) past the day it was due."""
    if status == Status.OPEN:
        return today > due_on
    if status == Status.APPEALED and appeal_due_on is not None:
        return today > appeal_due_on
    return False


# The referral of an allegation, as the figures count it.
ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"


def referral_state(made_on: date, referred_on: date | None, referral_days: int, today: date) -> str:
    """on_time or late once referred; before that pending while still within the time, then missing."""
    due = referral_due(made_on, referral_days)
    if referred_on is None:
        return PENDING if today <= due else MISSING
    return ON_TIME if referred_on <= due else LATE


@dataclass(frozen=True)
class Actor:
    """What the rules need to know of the acting user."""

    answers: bool = False  # holds answer_complaints
    confidential: bool = False  # holds handle_confidential_complaints (the inspection body)
    refers: bool = False  # holds refer_ill_treatment_allegations
    records: bool = False  # holds record_complaints
    nationwide: bool = False  # works nationwide (headquarters)
    at_prison: bool = False  # works at the prison the complaint concerns


@dataclass(frozen=True)
class Facts:
    """What the rules need to know of the complaint."""

    addressee: str
    status: str
    allegation: bool = False
    referred: bool = False


def answerer_refusal(actor: Actor, facts: Facts) -> str | None:
    """Whether `actor` answers what is addressed where `facts` say (not the appeal)."""
    if facts.addressee == Addressee.INSPECTION:
        return None if actor.confidential else "not_inspection_body"
    if facts.addressee == Addressee.DIRECTOR:
        return None if actor.answers and actor.at_prison and not actor.nationwide else "not_director"
    return None if actor.answers and actor.nationwide else "not_headquarters"


def answer_refusal(actor: Actor, facts: Facts) -> str | None:
    if facts.status != Status.OPEN:
        return "not_open"
    return answerer_refusal(actor, facts)


def appeal_refusal(actor: Actor, facts: Facts) -> str | None:
    """An appeal to headquarters against the director's answer, recorded by staff of the prison."""
    if facts.addressee != Addressee.DIRECTOR:
        return "not_appealable"
    if facts.status != Status.ANSWERED:
        return "not_answered"
    return None if actor.records and actor.at_prison else "not_recorder"


def appeal_answer_refusal(actor: Actor, facts: Facts) -> str | None:
    if facts.status != Status.APPEALED:
        return "not_appealed"
    return None if actor.answers and actor.nationwide else "not_headquarters"


def refer_refusal(actor: Actor, facts: Facts) -> str | None:
    if not facts.allegation:
        return "not_allegation"
    if facts.referred:
        return "already_referred"
    if facts.status == Status.CLOSED:
        return "closed"
    if facts.addressee == Addressee.INSPECTION:
        return None if actor.confidential else "not_inspection_body"
    return None if actor.refers and (actor.at_prison or actor.nationwide) else "not_referrer"


def close_refusal(actor: Actor, facts: Facts) -> str | None:
    """Who may close, and when: see the module's decisions."""
    if facts.status == Status.CLOSED:
        return "closed"
    if facts.allegation:
        independent = actor.confidential or (actor.answers and actor.nationwide)
        if facts.addressee == Addressee.INSPECTION and not actor.confidential:
            return "not_inspection_body"
        if not independent:
            return "not_by_prison"
        return None if facts.referred else "no_referral"
    if facts.status != Status.ANSWERED:
        return "not_answered"
    return answerer_refusal(actor, facts)
