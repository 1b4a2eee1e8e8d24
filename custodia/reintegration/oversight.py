"""Release planning in figures, for the rehabilitation oversight page (which renders any list of
core.figures.FigureTable): aggregates only, never names, scoped to the prisons the user oversees
or to one of them."""

from collections import Counter

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.core.figures import FigureTable
from custodia.core.rights import right
from custodia.estate.selectors import active_profile

from . import rules, selectors
from .choices import Answer, Pathway, PathwayStatus
from .models import FollowUp, PathwayRecord, Referral, ReleasePlan

OVERSEE = right("view_rehabilitation_oversight")


def _plans(user: User, prison_id: int | None) -> QuerySet[ReleasePlan]:
    if not user.has_perm(OVERSEE):
        return ReleasePlan.objects.none()
    plans = ReleasePlan.objects.all()
    scope = prison_scope(user)
    if scope is not None:
        plans = plans.filter(prison__in=scope)
    return plans.filter(prison_id=prison_id) if prison_id is not None else plans


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _opened_before_release(plans: QuerySet[ReleasePlan]) -> FigureTable:
    released = selectors.released_on(plans)
    opened = dict(plans.filter(pk__in=list(released)).values_list("pk", "opened_at"))
    before = [rules.months_between(timezone.localdate(opened[pk]), on) for pk, on in released.items()]
    early = [months for months in before if months > 0]
    return FigureTable(
        slug="release-plans-opened",
        title=_("Release plans opened before release"),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("People released with a plan"), len(released)],
            [_("Share opened before release (%)"), _share(len(early), len(released))],
            [_("Median months between opening and release"), rules.median_or_none(before)],
        ],
        chart="",
        note=_("People released after a stay for which release planning was opened."),
    )


def _pathways(plans: QuerySet[ReleasePlan]) -> FigureTable:
    counts = Counter(
        {
            (row["pathway"], row["status"]): row["n"]
            for row in PathwayRecord.objects.filter(plan__in=plans).values("pathway", "status").annotate(n=Count("id"))
        }
    )
    statuses = list(PathwayStatus)
    return FigureTable(
        slug="pathways-by-status",
        title=_("Resettlement pathways by status"),
        columns=[_("Pathway"), *[s.label for s in statuses]],
        rows=[[str(p.label), *[counts[(p.value, s.value)] for s in statuses]] for p in Pathway],
        chart="horizontal",
        charted_columns=list(range(1, len(statuses) + 1)),
    )


def _referrals(plans: QuerySet[ReleasePlan]) -> FigureTable:
    counts = dict(Referral.objects.filter(plan__in=plans).values_list("answer").annotate(n=Count("id")))
    return FigureTable(
        slug="referrals-by-answer",
        title=_("Referrals to outside agencies by answer"),
        columns=[_("Answer"), _("Referrals")],
        rows=[[str(answer.label), counts.get(answer.value, 0)] for answer in Answer],
        chart="doughnut",
    )


def _follow_ups(plans: QuerySet[ReleasePlan]) -> FigureTable:
    rows = FollowUp.objects.filter(plan__in=plans).values("months", "contact_made").annotate(n=Count("id"))
    made: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for row in rows:
        total[row["months"]] += row["n"]
        if row["contact_made"]:
            made[row["months"]] += row["n"]
    return FigureTable(
        slug="follow-up-contacts",
        title=_("Follow-ups after release: contact made"),
        columns=[_("Months after release"), _("Contact made (%)"), _("Follow-ups recorded")],
        rows=[[str(m), _share(made[m], total[m]), total[m]] for m in active_profile().reintegration.follow_up_months],
    )


def _outcomes(plans: QuerySet[ReleasePlan]) -> FigureTable:
    window = active_profile().reintegration.outcome_window_months
    observations: dict[int, list[rules.Observation]] = {}
    for plan_id, months, offence, recalled in FollowUp.objects.filter(plan__in=plans).values_list(
        "plan_id", "months", "new_offence", "recalled"
    ):
        observations.setdefault(plan_id, []).append(rules.Observation(months, offence, recalled))
    offences = sum(1 for obs in observations.values() if any(o.new_offence and o.months <= window for o in obs))
    recalls = sum(1 for obs in observations.values() if any(o.recalled and o.months <= window for o in obs))
    known = Counter(rules.reoffended_within(obs, window_months=window) for obs in observations.values())
    return FigureTable(
        slug="outcomes-after-release",
        title=_("Outcomes within %(months)s months of release") % {"months": window},
        columns=[_("Outcome"), _("People")],
        rows=[
            [_("New offence"), offences],
            [_("Recalled to prison"), recalls],
            [_("Neither, at the end of the window"), known[False]],
            [_("Not known yet"), known[None]],
        ],
        note=_("People followed up after release; a person with both a new offence and a recall counts in both."),
    )


def figures(*, user: User, prison_id: int | None) -> list[FigureTable]:
    """The figures of release planning and after-care, for the prisons the user oversees (or one)."""
    plans = _plans(user, prison_id)
    return [_opened_before_release(plans), _pathways(plans), _referrals(plans), _follow_ups(plans), _outcomes(plans)]
