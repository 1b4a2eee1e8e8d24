"""Rule 46: health-care staff visit every day each person held apart against their will. The
measures module records the visits and names the days missed (measures.selectors.missed_days);
this check counts the measures in force with a day missed."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.measures import rules as measure_rules
from custodia.measures.selectors import missed_days, visits_by_measure
from custodia.register.models import Prisoner

from ..base import Tally
from ..held import listed, tally_rows
from .rule43_measures import in_force


def _measures(prisons: Sequence[Prison], today: date) -> list[tuple[int, int, bool]]:
    """(prison, person, a day missed) for each measure in force that holds the person apart: two
    queries, the measures and the days visited of them all."""
    measures = list(
        in_force(prisons)
        .filter(kind__in=measure_rules.HELD_APART)
        .only("pk", "prison_id", "prisoner_id", "kind", "starts_on", "ends_on", "ended_on")
    )
    visited = visits_by_measure(measure.pk for measure in measures)
    return [(m.prison_id, m.prisoner_id, bool(missed_days(m, visited=visited[m.pk], today=today))) for m in measures]


class HealthVisits:
    key: str = "rule-46-health-visits"
    rule: Promise = _("Rule 46")
    title: Promise = _("Daily health-care visits to people held apart")
    definition: Promise = _(
        "Measures in force that hold a person apart (separation, segregation, disciplinary cell "
        "confinement) with at least one past day, since the measure began, without a visit by "
        "health-care staff recorded (Rule 46). Today is not missed yet. Restraint holds nobody "
        "apart and is not counted. A visit made but not recorded counts as missed."
    )
    unit: Promise = _("measures holding people apart")
    not_recorded: Promise | None = None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        return tally_rows(((prison_id, missed) for prison_id, _person, missed in _measures(prisons, today)), prisons)

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        concerned = {person for _prison, person, missed in _measures([prison], today) if missed}
        return listed(Prisoner.objects.filter(pk__in=concerned), user=user)


HEALTH_VISITS = HealthVisits()
