"""Rules 43-45: restrictive measures in force past their limits. The measures services refuse a
prolonged or forbidden solitary confinement when it is imposed; a run that grows through a later
period, a birthday, a record made before Custodia, or a planned end passed without a decision can
still leave one in force, and it is counted here."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.measures import rules as measure_rules
from custodia.measures.choices import MeasureStatus
from custodia.measures.models import Measure
from custodia.register.models import Prisoner
from custodia.register.rules import age_on

from ..base import Tally
from ..held import listed, tally_rows
from ..rules import measure_past_limits


def in_force(prisons: Sequence[Prison]) -> QuerySet[Measure]:
    """The measures in force at `prisons` on people on their roll (a merged file is nobody)."""
    return Measure.objects.filter(
        prison__in=prisons,
        status=MeasureStatus.IN_FORCE,
        prisoner__current_prison__isnull=False,
        prisoner__merged_into__isnull=True,
    )


def _runs(prisoner_ids: set[int], today: date) -> dict[int, int]:
    """Each person's run of solitary confinement to today, every period of theirs counted wherever
    it was (as the measures oversight counts it): one query."""
    periods: dict[int, list[measure_rules.Period]] = defaultdict(list)
    for prisoner_id, first, planned, ended in Measure.objects.filter(
        prisoner_id__in=prisoner_ids, solitary=True, starts_on__lte=today
    ).values_list("prisoner_id", "starts_on", "ends_on", "ended_on"):
        periods[prisoner_id].append(measure_rules.Period(first, min(ended or planned, today)))
    break_days = active_profile().measures.solitary_break_days
    return {person: measure_rules.solitary_run(found, break_days=break_days) for person, found in periods.items()}


def _measures(prisons: Sequence[Prison], today: date) -> list[tuple[int, int, bool]]:
    """(prison, person, past its limits) for each measure in force: two queries."""
    rows = list(
        in_force(prisons).values_list(
            "prison_id",
            "prisoner_id",
            "solitary",
            "worsened",
            "ends_on",
            "prisoner__sex",
            "prisoner__date_of_birth",
            "prisoner__birth_year_estimated",
        )
    )
    runs = _runs({row[1] for row in rows if row[2]}, today)
    juvenile_age = active_profile().juvenile_age
    found = []
    for prison_id, prisoner_id, solitary, worsened, ends_on, sex, born, born_year in rows:
        age = age_on(today, date_of_birth=born, birth_year_estimated=born_year)
        forbidden = measure_rules.solitary_eligibility_problems(
            sex=sex, age=age, juvenile_age=juvenile_age, worsened=worsened
        )
        past = measure_past_limits(
            solitary=solitary,
            run_days=runs.get(prisoner_id, 0),
            may_not_apply=bool(forbidden),
            ends_on=ends_on,
            today=today,
        )
        found.append((prison_id, prisoner_id, past))
    return found


class MeasuresPastLimits:
    key: str = "rules-43-45-measures"
    rule: Promise = _("Rules 43-45")
    title: Promise = _("Restrictive measures within their limits")
    definition: Promise = _(
        "Restrictive measures in force that have passed a limit: solitary confinement (22 hours "
        "or more a day without meaningful human contact) for more than 15 consecutive days, short "
        "breaks included (Rules 43 and 44); solitary confinement of a child, a woman, or a person "
        "whose disability the health service found it would worsen (Rule 45, Bangkok Rule 22); "
        "or any measure still in force after its planned end. Custodia sees only the measures "
        "recorded in it."
    )
    unit: Promise = _("measures in force")
    not_recorded: Promise | None = None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        return tally_rows(((prison_id, past) for prison_id, _person, past in _measures(prisons, today)), prisons)

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        concerned = {person for _prison, person, past in _measures([prison], today) if past}
        return listed(Prisoner.objects.filter(pk__in=concerned), user=user)


MEASURES_PAST_LIMITS = MeasuresPastLimits()
