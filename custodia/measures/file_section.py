"""The restrictive measures section of the prisoner file page (register/prisoner_detail.html
includes measures/file_section.html with this context): the person's measures, in force and
ended, each with its days, next review and health visits missed, and the button to impose one
for the director of the prison that holds them.

Drawn at a former prison too: it keeps reading the measures it imposed (the selector's scope),
as it keeps the admissions it made."""

from django.utils import timezone

from custodia.register.selectors import PrisonerFile

from . import selectors, services
from .choices import MeasureStatus


def context_for(*, user, file: PrisonerFile) -> dict:
    if not user.has_perm(selectors.VIEW):
        return {}
    prisoner, today = file.prisoner, timezone.localdate()
    measures = selectors.prisoner_measures(user=user, prisoner=prisoner)
    visited = selectors.visits_by_measure(m.pk for m in measures if selectors.visit_due(m))
    rows = [
        {
            "measure": measure,
            "day": selectors.day_of(measure, today),
            "review_due_on": selectors.review_due_on(measure) if measure.status == MeasureStatus.IN_FORCE else None,
            "missed": len(selectors.missed_days(measure, visited=visited.get(measure.pk, set()), today=today)),
        }
        for measure in measures
    ]
    return {
        "measure_rows": rows,
        # For the file's summary at the top of the page.
        "measures_in_force": [m for m in measures if m.status == MeasureStatus.IN_FORCE],
        "may_impose_measure": not file.held_elsewhere and services.impose_refusal(user, prisoner) is None,
    }
