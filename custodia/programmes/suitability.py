"""Whether a person may be given a place on a programme, with every reason they may not: the
same answer on the programme page (the waiting list's verdicts) and in the allocation service.

Eligibility and the venue's security level are decided by the pure rules; the separation of
categories (Rule 11) and non-associations with the people already on a group activity by the
one placement check (placement.checks.group_problems), so that an activity never brings
together people a cell or a unit would keep apart."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from custodia.classification.queries import approved_level
from custodia.estate.selectors import active_profile
from custodia.placement.checks import group_problems
from custodia.register.models import Prisoner

from . import rules
from .models import Programme


def eligibility_of(programme: Programme) -> rules.Eligibility:
    return rules.Eligibility(
        sexes=tuple(programme.eligible_sexes),
        levels=tuple(programme.eligible_levels),
        legal_statuses=tuple(programme.eligible_legal_statuses),
    )


def _venue(programme: Programme, level: str | None) -> rules.Venue | None:
    venue = programme.venue
    if venue is None:
        return None
    profile = active_profile()
    entry = next((e for e in profile.classification.levels if e.code == level), None)
    return rules.Venue(
        name=venue.name,
        security_level=venue.security_level,
        security_label=profile.security_level_label(venue.security_level),
        suited_levels=tuple(entry.unit_security_levels) if entry else None,
        level_label=str(entry.label) if entry else "",
    )


def refusals(
    *, programme: Programme, prisoner: Prisoner, members: Sequence[Prisoner], allocated: int | None = None
) -> list[str]:
    """Each reason `prisoner` may not be given a place, in the reader's language; empty when they may.
    `members`: the people already allocated; `allocated`, when given, is checked against the capacity."""
    found = []
    if prisoner.current_prison_id != programme.prison_id:
        found.append(_("The person is not held at the prison that runs this programme."))
    if allocated is not None and (full := rules.capacity_refusal(allocated=allocated, capacity=programme.capacity)):
        found.append(full)
    level = approved_level(prisoner.pk)
    candidate = rules.Candidate(sex=prisoner.sex, legal_status=prisoner.legal_status, level=level)
    found += rules.eligibility_refusals(eligibility_of(programme), candidate)
    if venue := rules.venue_refusal(_venue(programme, level)):
        found.append(venue)
    if programme.mixes_people and prisoner.current_prison is not None:
        found += [
            problem.message
            for problem in group_problems(
                prisoner=prisoner, prison=prisoner.current_prison, members=members, unit=programme.venue
            )
            if problem.blocking
        ]
    return found
