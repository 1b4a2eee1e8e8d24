"""What every check of the Mandela Rules compliance monitor offers (docs/compliance.md).

A check looks at one rule the register can observe, prison by prison. It counts, for each prison,
what it checked (`checked`: people held, women held, measures in force, complaints, cells...) and
how many of them fall short (`short`); the page turns them into a score (rules.score). It names
the people concerned only to a reader who may open their files (`people`), through the register's
need-to-know selectors; the counts carry no names. A check whose records Custodia does not keep
yet says so (`not_recorded`) instead of scoring 100 %.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.functional import Promise

from custodia.estate.models import Prison
from custodia.register.models import Prisoner


@dataclass(frozen=True)
class Tally:
    """One prison's result for one check."""

    checked: int  # what the check looked at (people, records), the score's denominator
    short: int  # of those, how many fall short of the rule


class Check(Protocol):
    key: str  # stable, used in addresses and snapshots: "rule-7-admission"
    rule: Promise  # the rule's number as the page names it: _("Rule 7")
    title: Promise  # what is checked, in a few words
    definition: Promise  # what counts as falling short, shown beside the score
    unit: Promise  # what `checked` counts: _("people held"), _("measures in force")
    not_recorded: Promise | None  # why the check cannot be made yet, or None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        """Each prison's tally (by prison id), for `prisons` (already the reader's scope): counts
        only, in a bounded number of queries whatever the number of prisons."""
        ...

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        """The people concerned at `prison` whom `user` may open (register.selectors.visible_prisoners):
        none for a reader without the right to open files. A check about something other than a
        person (occupancy) returns none."""
        ...
