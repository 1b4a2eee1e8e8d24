"""Reads of release plans, always through the acting user.

Need-to-know: release plans are seen by those who hold `view_release_plans` (case managers,
directors, the headquarters VEP unit) and may open the person's file — at the prison that holds
the person now, and at the prison that opened the plan (which follows the person up after release).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from django.contrib.auth.models import User
from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from custodia.accounts.selectors import prison_scope
from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.models import Assessment
from custodia.core import workflow
from custodia.core.rights import right
from custodia.estate.selectors import active_profile
from custodia.register.choices import MovementKind
from custodia.register.models import Admission, Movement, Prisoner, Sentence
from custodia.register.selectors import file_visible, held_where_user_works

from . import rules
from .models import Consent, FollowUp, PathwayRecord, Referral, ReleasePlan

VIEW = right("view_release_plans")
VALIDATE = right("validate_instruments")


def _visible_plans(*, user: User) -> QuerySet[ReleasePlan]:
    if not user.has_perm(VIEW):
        return ReleasePlan.objects.none()
    plans = ReleasePlan.objects.filter(file_visible(user=user))
    scope = prison_scope(user)
    if scope is not None:
        plans = plans.filter(prisoner__current_prison__in=scope) | plans.filter(prison__in=scope)
    return plans.select_related("prisoner__current_prison", "prison", "admission", "opened_by")


def _in_detail(plans: QuerySet[ReleasePlan]) -> QuerySet[ReleasePlan]:
    return plans.prefetch_related(
        Prefetch("pathways", PathwayRecord.objects.prefetch_related("actions")),
        Prefetch("referrals", Referral.objects.prefetch_related("consents")),
        "follow_ups",
    )


def plan_get(*, user: User, plan_id: int) -> ReleasePlan:
    """One plan with its pathways, actions, referrals (with their consents) and follow-ups;
    ReleasePlan.DoesNotExist when the user may not see it."""
    return _in_detail(_visible_plans(user=user)).get(pk=plan_id)


def prisoner_plan(*, user: User, prisoner: Prisoner) -> ReleasePlan | None:
    """The person's latest release plan the user may see, in detail, or None."""
    return _in_detail(_visible_plans(user=user).filter(prisoner=prisoner)).first()


def referral_get(*, user: User, referral_id: int) -> Referral:
    return Referral.objects.select_related("plan__prisoner__current_prison", "plan__prison").get(
        pk=referral_id, plan__in=_visible_plans(user=user)
    )


def consent_in_force(referral: Referral) -> Consent | None:
    """The latest consent of a referral (prefetched or not)."""
    return next(iter(referral.consents.all()), None)


# --- release dates ---------------------------------------------------------------------------------


def _release_on() -> Subquery:
    """The person's computed release date: the latest earliest release date of their sentences."""
    return Subquery(
        Sentence.objects.filter(prisoner=OuterRef("pk"))
        .values("prisoner")
        .annotate(on=Max("earliest_release_on"))
        .values("on")
    )


def release_on(prisoner: Prisoner) -> date | None:
    return cast(date | None, prisoner.sentences.aggregate(on=Max("earliest_release_on"))["on"])


def planning_due_now(prisoner: Prisoner, *, today: date | None = None) -> bool:
    """Whether the person's release planning should be open by now (rules.planning_due)."""
    return rules.planning_due(
        legal_status=prisoner.legal_status,
        release_on=release_on(prisoner),
        planning_months=active_profile().reintegration.planning_months,
        today=today or timezone.localdate(),
    )


def released_at(plan: ReleasePlan) -> datetime | None:
    """When the stay the plan prepared ended in release, or None while it goes on."""
    return (
        Movement.objects.filter(
            prisoner_id=plan.prisoner_id, kind=MovementKind.RELEASE, occurred_at__gte=plan.admission.admitted_at
        )
        .order_by("occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )


def released_on(plans: QuerySet[ReleasePlan]) -> dict[int, date]:
    """Per plan, the day its person was released (only released plans), in one query."""
    first_release = (
        Movement.objects.filter(
            prisoner=OuterRef("prisoner"),
            kind=MovementKind.RELEASE,
            occurred_at__gte=OuterRef("admission__admitted_at"),
        )
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    rows = plans.annotate(released=Subquery(first_release)).filter(released__isnull=False).order_by()
    return {pk: timezone.localdate(at) for pk, at in rows.values_list("pk", "released")}


# --- what is due -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    number: str
    display_name: str

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True)
class OpeningDue:
    prisoner: Person
    admission_id: int
    release_on: date
    opens_on: date
    urgency: str


def openings_due(people: QuerySet[Prisoner], *, until: date, today: date) -> list[OpeningDue]:
    """The people among `people`, held now and sentenced, whose release planning opens by
    `until` and is not open yet for their present stay: two queries."""
    months = active_profile().reintegration.planning_months
    latest_admission = Admission.objects.filter(prisoner=OuterRef("pk")).order_by("-admitted_at").values("pk")[:1]
    # Only the releases whose planning may open by `until`, not every sentenced person (the
    # thousands of a large prison, with their admissions looked up one by one below).
    latest_release = rules.latest_release_opening_by(until=until, planning_months=months)
    rows = list(
        people.filter(current_prison__isnull=False, legal_status__in=rules.PLANNING_DUE_FOR)
        .annotate(admission_id=Subquery(latest_admission), release_on=_release_on())
        .filter(release_on__lte=latest_release)  # none without a release date
        .order_by()
        .values_list("id", "number", "display_name", "admission_id", "release_on")
    )
    opened = set(
        ReleasePlan.objects.filter(admission_id__in=[row[3] for row in rows]).values_list("admission_id", flat=True)
    )
    due = []
    for pk, number, name, admission_id, release in rows:
        opens_on = rules.planning_opens_on(release_on=release, planning_months=months)
        if admission_id is not None and admission_id not in opened and opens_on <= until:
            due.append(
                OpeningDue(Person(pk, number, name), admission_id, release, opens_on, workflow.urgency(opens_on, today))
            )
    return sorted(due, key=lambda item: (item.opens_on, item.prisoner.display_name))


@dataclass(frozen=True)
class FollowUpItem:
    plan_id: int
    prisoner: Person
    released_on: date
    due: rules.FollowUpDue
    urgency: str


def _follow_ups_due(plans: QuerySet[ReleasePlan], *, until: date, today: date) -> list[FollowUpItem]:
    intervals = active_profile().reintegration.follow_up_months
    released = released_on(plans)
    recorded: dict[int, set[int]] = defaultdict(set)
    for plan_id, months in FollowUp.objects.filter(plan_id__in=list(released)).values_list("plan_id", "months"):
        recorded[plan_id].add(months)
    people = {
        pk: Person(prisoner_id, number, name)
        for pk, prisoner_id, number, name in plans.filter(pk__in=list(released)).values_list(
            "pk", "prisoner_id", "prisoner__number", "prisoner__display_name"
        )
    }
    items = [
        FollowUpItem(pk, people[pk], on, due, workflow.urgency(due.on, today))
        for pk, on in released.items()
        for due in rules.follow_ups_due(released_on=on, follow_up_months=intervals, recorded=recorded[pk], until=until)
    ]
    return sorted(items, key=lambda item: (item.due.on, item.prisoner.display_name))


@dataclass(frozen=True)
class Worklist:
    openings: list[OpeningDue]
    follow_ups: list[FollowUpItem]


def worklist(*, user: User, prison_id: int, today: date | None = None) -> Worklist:
    """At one prison: the release plans to open (planning opens within two weeks or should be
    open already) and the follow-ups due within two weeks or overdue, of plans opened there."""
    if not user.has_perm(VIEW):
        return Worklist([], [])
    today = today or timezone.localdate()
    until = today + timedelta(days=workflow.DUE_SOON_DAYS)
    people = held_where_user_works(user=user).filter(current_prison_id=prison_id)
    plans = _visible_plans(user=user).filter(prison_id=prison_id)
    return Worklist(openings_due(people, until=until, today=today), _follow_ups_due(plans, until=until, today=today))


def plan_follow_ups(
    plan: ReleasePlan, *, today: date | None = None
) -> tuple[date | None, list[tuple[rules.FollowUpDue, FollowUp | None]]]:
    """The person's release day and each follow-up interval with what was recorded (prefetched)."""
    released = released_at(plan)
    if released is None:
        return None, []
    on = timezone.localdate(released)
    recorded = {f.months: f for f in plan.follow_ups.all()}
    dues = rules.follow_ups(released_on=on, follow_up_months=active_profile().reintegration.follow_up_months)
    return on, [(due, recorded.get(due.months)) for due in dues]


# --- the headquarters' validation data -------------------------------------------------------------


@dataclass(frozen=True)
class ValidationRow:
    instrument: str
    score: float
    outcome: bool | None


def validation_rows(*, user: User, instrument: str = "") -> list[ValidationRow]:
    """For each released person of the user's prisons and each instrument, the latest final
    assessment score before release against a new offence or recall within the profile's window
    (None while unknown). Aggregates of scores and outcomes only: no names, no ids."""
    if not user.has_perm(VALIDATE):
        return []
    window = active_profile().reintegration.outcome_window_months
    plans = ReleasePlan.objects.all()
    scope = prison_scope(user)
    if scope is not None:
        plans = plans.filter(prison__in=scope)
    released = released_on(plans)
    observations: dict[int, list[rules.Observation]] = defaultdict(list)
    for plan_id, months, offence, recalled in FollowUp.objects.filter(plan_id__in=list(released)).values_list(
        "plan_id", "months", "new_offence", "recalled"
    ):
        observations[plan_id].append(rules.Observation(months, offence, recalled))
    person_of = dict(plans.filter(pk__in=list(released)).values_list("pk", "prisoner_id"))
    finals = Assessment.objects.filter(
        status=AssessmentStatus.FINAL, total_score__isnull=False, prisoner_id__in=set(person_of.values())
    )
    if instrument:
        finals = finals.filter(instrument_code=instrument)
    by_person: dict[int, list[tuple[str, date, float]]] = defaultdict(list)
    for prisoner_id, code, signed_at, score in finals.order_by("countersigned_at").values_list(
        "prisoner_id", "instrument_code", "countersigned_at", "total_score"
    ):
        if signed_at is not None and score is not None:
            by_person[prisoner_id].append((code, timezone.localdate(signed_at), float(score)))
    rows: list[ValidationRow] = []
    for plan_id, released_day in sorted(released.items()):
        latest = {code: score for code, signed_on, score in by_person[person_of[plan_id]] if signed_on <= released_day}
        outcome = rules.reoffended_within(observations[plan_id], window_months=window)
        rows += [ValidationRow(code, latest[code], outcome) for code in sorted(latest)]
    return rows
