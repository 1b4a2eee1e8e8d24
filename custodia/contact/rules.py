"""Pure rules of contact with the outside world: who may be restricted, for what reason and for
how long, and whether a contact may visit or call on a given day. No database here.

Mandela Rule 43(3): disciplinary sanctions or restrictive measures shall not include the
prohibition of family contact; Rule 61: a legal adviser's visits are never restricted as a
sanction; Rule 62: a foreign national's consular officer likewise. A restriction is for a reason
that concerns the contact itself (security, safety, a court order), for a set period, and one on a
family member is reviewed within REVIEW_DAYS."""

from dataclasses import dataclass
from datetime import date, timedelta

from .choices import ContactKind, RestrictionReason

# Contacts that are never restricted as a sanction (Rules 43(3), 61, 62).
NEVER_AS_SANCTION = {ContactKind.FAMILY, ContactKind.LEGAL_ADVISER, ContactKind.CONSULAR}
# Contacts whose restriction only the director decides, and reviews.
DIRECTOR_ONLY = {ContactKind.FAMILY}
# The longest a restriction runs before it ends or is renewed, and how soon one on a family member
# is reviewed.
LONGEST_DAYS = 90
REVIEW_DAYS = 30


def restriction_problems(kind: str, reason: str, starts_on: date, ends_on: date) -> dict[str, str]:
    """What is wrong with restricting a contact of `kind`, problem codes by field."""
    problems = {}
    if reason == RestrictionReason.SANCTION and kind in NEVER_AS_SANCTION:
        problems["reason"] = "never_as_sanction"
    if ends_on < starts_on:
        problems["ends_on"] = "ends_before_start"
    elif (ends_on - starts_on).days > LONGEST_DAYS:
        problems["ends_on"] = "too_long"
    return problems


def first_review(kind: str, starts_on: date) -> date | None:
    """When a new restriction is first reviewed: a family member's within REVIEW_DAYS."""
    return starts_on + timedelta(days=REVIEW_DAYS) if kind in DIRECTOR_ONLY else None


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date
    lifted_on: date | None = None

    def in_force(self, day: date) -> bool:
        last = min(self.ends_on, self.lifted_on - timedelta(days=1)) if self.lifted_on else self.ends_on
        return self.starts_on <= day <= last


def may_contact(approved: bool, restrictions: list[Period], day: date) -> bool:
    """A way of contact (a visit, a call, a video call) is open on `day` when the contact is
    approved for it and no restriction is in force that day."""
    return approved and not any(period.in_force(day) for period in restrictions)
