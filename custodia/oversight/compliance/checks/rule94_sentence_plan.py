"""Rule 94: a programme of treatment drawn up for each sentenced person soon after admission. The
sentence plans worklist says when each first plan falls due (plans.rules.first_plan_due: counted
from admission, or from the day the service began keeping plans in Custodia); this check counts
the sentenced people held with no agreed plan once it is overdue. People on remand are only
offered a plan (Rule 111) and are not counted."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile, sentence_plans_from
from custodia.plans.choices import PlanStatus
from custodia.plans.models import SentencePlan
from custodia.plans.rules import PLAN_DUE_FOR
from custodia.register.models import Prisoner

from ..base import Tally
from ..held import admitted_before, held, latest_admission, listed, tally_people
from ..rules import late_if_admitted_before
from ..texts import filled


def _sentenced(prisons: Sequence[Prison]) -> QuerySet[Prisoner]:
    return held(prisons).filter(legal_status__in=PLAN_DUE_FOR).annotate(admitted_at=latest_admission("admitted_at"))


def _without_plan(today: date) -> Q:
    """No agreed plan (one under review keeps its agreed version in force), and the first plan
    overdue: admitted, and the service keeping plans, before the day it would be late."""
    late_before = late_if_admitted_before(today, active_profile().sentence_plan.first_plan_days)
    started = sentence_plans_from()
    if started is not None and started >= late_before:
        return Q(pk__in=[])  # plans are kept too recently for any first plan to be overdue
    agreed = Exists(SentencePlan.objects.filter(prisoner=OuterRef("pk"), status=PlanStatus.AGREED))
    return admitted_before(late_before) & Q(~agreed)


class SentencePlanMade:
    key: str = "rule-94-sentence-plan"
    rule: Promise = _("Rule 94")
    title: Promise = _("Sentence plans for sentenced people")
    definition: Promise = filled(
        _(
            "Sentenced people held with no agreed sentence plan more than {days} days after their "
            "admission (or after the day the service began keeping plans in Custodia, for people "
            "admitted before it), the service's time for a first plan (Rule 94). A draft not yet "
            "agreed with the person does not count as a plan. People on remand are offered a plan, "
            "never owed one, and are not counted."
        ),
        days=lambda: active_profile().sentence_plan.first_plan_days,
    )
    unit: Promise = _("sentenced people held")
    not_recorded: Promise | None = None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        return tally_people(_sentenced(prisons), _without_plan(today), prisons)

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        return listed(_sentenced([prison]).filter(_without_plan(today)), user=user)


SENTENCE_PLAN_MADE = SentencePlanMade()
