"""Rule 89 (and 94's "study of the personality"): individual treatment rests on an assessment of
each person's risks and needs. The assessment worklist says what is due, instrument by instrument
(assessment.selectors.worklist); this check counts the people held who have none at all once the
first one is overdue."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.models import Assessment
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from ..base import Tally
from ..held import admitted_before, held, latest_admission, listed, tally_people
from ..rules import late_if_admitted_before
from ..texts import filled


def _people(prisons: Sequence[Prison]) -> QuerySet[Prisoner]:
    return held(prisons).annotate(admitted_at=latest_admission("admitted_at"))


def _unassessed(today: date) -> Q:
    """No final (countersigned) assessment of any instrument on file, and admitted long enough ago
    for the first to be overdue (assessment.rules.next_due: `first_assessment_days` after
    admission). A file without an admission has no date to count from and is not counted, as the
    worklist counts it from today."""
    days = active_profile().review_intervals.first_assessment_days
    final = Exists(Assessment.objects.filter(prisoner=OuterRef("pk"), status=AssessmentStatus.FINAL))
    return admitted_before(late_if_admitted_before(today, days)) & Q(~final)


class RiskNeedsAssessment:
    key: str = "rule-89-assessment"
    rule: Promise = _("Rule 89")
    title: Promise = _("Risks and needs assessed")
    definition: Promise = filled(
        _(
            "People held with no completed (countersigned) risk and needs assessment on file, more "
            "than {days} days after their admission, the service's time for the first assessment "
            "(Rules 89 and 94). Reassessments that are overdue are on the assessment worklist, not "
            "here."
        ),
        days=lambda: active_profile().review_intervals.first_assessment_days,
    )
    unit: Promise = _("people held")
    not_recorded: Promise | None = None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        return tally_people(_people(prisons), _unassessed(today), prisons)

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        return listed(_people([prison]).filter(_unassessed(today)), user=user)


RISK_NEEDS_ASSESSMENT = RiskNeedsAssessment()
