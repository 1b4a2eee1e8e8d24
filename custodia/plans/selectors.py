"""Reads of sentence plans, always through the acting user.

A plan is part of the file and follows need-to-know: it is seen by those who hold
`view_sentence_plans` (case managers, directors, the headquarters VEP unit) and may open the
person's file — at the prison that holds the person, and, at a former prison, the versions made
there.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.contrib.auth.models import User
from django.db.models import F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from custodia.accounts.selectors import prison_scope
from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.models import Assessment
from custodia.classification.choices import DecisionStatus
from custodia.classification.models import ClassificationDecision
from custodia.core import workflow
from custodia.core.profiles import SentencePlanRules
from custodia.core.rights import right
from custodia.estate.selectors import active_profile, sentence_plans_from
from custodia.register import kept_dues
from custodia.register.choices import LegalStatus
from custodia.register.models import Admission, Prisoner, Sentence
from custodia.register.selectors import file_visible, held_where_user_works

from . import rules
from .choices import PlanStatus, ReviewEvent
from .models import Objective, PlanEvent, SentencePlan

VIEW = right("view_sentence_plans")


def _visible_plans(*, user: User) -> QuerySet[SentencePlan]:
    if not user.has_perm(VIEW):
        return SentencePlan.objects.none()
    qs = SentencePlan.objects.filter(file_visible(user=user))
    scope = prison_scope(user)
    if scope is not None:
        # Held here now: every version; held elsewhere or released: the versions made here.
        qs = qs.filter(prisoner__current_prison__in=scope) | qs.filter(prison__in=scope)
    return qs.select_related("prisoner__current_prison", "prison", "created_by", "agreed_by")


def _with_objectives(plans: QuerySet[SentencePlan]) -> QuerySet[SentencePlan]:
    return plans.prefetch_related(
        Prefetch(
            "objectives",
            Objective.objects.select_related("responsible_staff").prefetch_related("notes__by"),
        ),
        "based_on__instrument",
    )


def plan_get(*, user: User, plan_id: int) -> SentencePlan:
    """One version with its objectives and their notes; SentencePlan.DoesNotExist when the user may not see it."""
    return _with_objectives(_visible_plans(user=user)).get(pk=plan_id)


def prisoner_plans(*, user: User, prisoner: Prisoner, detail: bool = True) -> list[SentencePlan]:
    """Every version of the person's plan the user may see, newest first, with its objectives (and,
    in `detail`, their notes and the assessments each version is based on)."""
    plans = _visible_plans(user=user).filter(prisoner=prisoner)
    return list(_with_objectives(plans) if detail else plans.prefetch_related("objectives"))


@dataclass(frozen=True)
class Person:
    id: int
    number: str
    display_name: str
    legal_status: str
    admitted_at: datetime | None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def legal_status_label(self) -> str:
        return str(LegalStatus(self.legal_status).label)


@dataclass(frozen=True)
class PlanDue:
    prisoner: Person
    due: rules.Due
    urgency: str
    plan: SentencePlan | None  # the draft under way, else the plan in force


def worklist(*, user: User, prison_id: int, today: date | None = None) -> list[PlanDue]:
    """Plans due at one prison, most urgent first: first plans of convicted people without an
    agreed plan, and reviews of agreed plans (on schedule or brought forward by events). People on
    remand are offered a plan but never listed as due."""
    if not user.has_perm(VIEW):
        return []
    people = held_where_user_works(user=user).filter(current_prison_id=prison_id)
    return _due(people, today=today or timezone.localdate())


def prisoner_due(*, user: User, prisoner: Prisoner, today: date | None = None) -> PlanDue | None:
    """The same for one person; None when nothing is due or the user may not know."""
    if not user.has_perm(VIEW):
        return None
    due = _due(held_where_user_works(user=user).filter(pk=prisoner.pk), today=today or timezone.localdate())
    return due[0] if due else None


def file_due(
    *,
    prisoner: Prisoner,
    legal_status: str,
    admitted_at: datetime | None,
    release_on: date | None,
    plans: list[SentencePlan],
    today: date | None = None,
) -> rules.Due | None:
    """When the plan of a person whose file is open is due, from what the file and its plan
    section have already read (`plans`, visible to the reader): the events are read only for a
    person with an agreed plan."""
    in_force = [plan for plan in plans if plan.status != PlanStatus.SUPERSEDED]
    agreed = next((plan for plan in in_force if plan.status == PlanStatus.AGREED), None)
    events = _events(Prisoner.objects.filter(pk=prisoner.pk))[prisoner.pk] if agreed else []
    return _person_due(
        legal_status=legal_status,
        admitted_at=admitted_at,
        agreed=agreed,
        events=events,
        release_on=release_on,
        today=today or timezone.localdate(),
        setting=_Setting.now(),
    )


@dataclass(frozen=True)
class _Setting:
    """What every person's due date is worked out with, read once for a whole list: the profile's
    rule, the day plans began, and the prison's time zone."""

    rule: SentencePlanRules
    plans_from: date | None
    zone: tzinfo

    @classmethod
    def now(cls) -> "_Setting":
        return cls(active_profile().sentence_plan, sentence_plans_from(), timezone.get_current_timezone())


def _person_due(
    *,
    legal_status: str,
    admitted_at: datetime | None,
    agreed: SentencePlan | None,
    events: list[tuple[str, date]],
    release_on: date | None,
    today: date,
    setting: _Setting,
) -> rules.Due | None:
    rule = setting.rule
    if agreed is not None and agreed.agreed_at is not None:
        return rules.review_due(
            agreed_on=agreed.agreed_at.astimezone(setting.zone).date(),
            review_months=rule.review_months,
            events=events,
            event_review_days=rule.event_review_days,
            release_on=release_on,
            pre_release_months=rule.pre_release_months,
        )
    return rules.first_plan_due(
        legal_status=legal_status,
        admitted_on=admitted_at.astimezone(setting.zone).date() if admitted_at else today,
        first_plan_days=rule.first_plan_days,
        plans_from=setting.plans_from,
    )


def _events(people: QuerySet[Prisoner]) -> dict[int, list[tuple[str, date]]]:
    """Per person, the events after which an agreed plan is reviewed sooner, in one query: file
    events recorded by the receiver, final assessments and classification decisions where they are
    recorded."""
    of_people = Q(prisoner__in=people.values("pk"))
    file_events = PlanEvent.objects.filter(of_people).annotate(
        who=F("prisoner_id"), kind=F("event"), on=F("occurred_on")
    )
    finals = Assessment.objects.filter(of_people, status=AssessmentStatus.FINAL).annotate(
        who=F("prisoner_id"), kind=Value(ReviewEvent.FINAL_ASSESSMENT.value), on=TruncDate("countersigned_at")
    )
    decisions = ClassificationDecision.objects.filter(
        of_people, status__in=[DecisionStatus.APPROVED, DecisionStatus.SUPERSEDED], decided_at__isnull=False
    ).annotate(who=F("prisoner_id"), kind=Value(ReviewEvent.CLASSIFICATION.value), on=TruncDate("decided_at"))
    events: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for who, kind, on in (
        file_events.values_list("who", "kind", "on")
        .order_by()
        .union(
            finals.values_list("who", "kind", "on").order_by(),
            decisions.values_list("who", "kind", "on").order_by(),
            all=True,
        )
    ):
        events[who].append((kind, on))
    return events


def _due(people: QuerySet[Prisoner], *, today: date) -> list[PlanDue]:
    """Three queries whatever the number of people; the dates come from plans.rules."""
    latest_admission = Admission.objects.filter(prisoner=OuterRef("pk")).order_by("-admitted_at").values("admitted_at")
    release = (
        Sentence.objects.filter(prisoner=OuterRef("pk"))
        .values("prisoner")
        .annotate(on=Max("earliest_release_on"))
        .values("on")
    )
    persons = [
        (Person(*row[:5]), row[5])
        for row in people.annotate(admitted_at=Subquery(latest_admission[:1]), release_on=Subquery(release))
        .order_by()
        .values_list("id", "number", "display_name", "legal_status", "admitted_at", "release_on")
    ]
    plans: dict[int, dict[str, SentencePlan]] = defaultdict(dict)
    for plan in SentencePlan.objects.filter(
        status__in=[PlanStatus.DRAFT, PlanStatus.AGREED], prisoner__in=people.values("pk")
    ):
        plans[plan.prisoner_id][plan.status] = plan
    events = _events(people)
    setting = _Setting.now()
    items = []
    for person, release_on in persons:
        agreed, draft = plans[person.id].get(PlanStatus.AGREED), plans[person.id].get(PlanStatus.DRAFT)
        due = _person_due(
            legal_status=person.legal_status,
            admitted_at=person.admitted_at,
            agreed=agreed,
            events=events[person.id],
            release_on=release_on,
            today=today,
            setting=setting,
        )
        if due is not None:
            items.append(PlanDue(person, due, workflow.urgency(due.on, today), draft or agreed))
    return sorted(items, key=lambda item: (item.due.on, item.prisoner.display_name, item.prisoner.number))


@dataclass(frozen=True)
class Offered:
    prisoner: Person
    plan: SentencePlan | None  # the draft under way or the plan in force, if the person took it up


def offered(*, user: User, prison_id: int) -> list[Offered]:
    """The people at one prison who are not serving a sentence (remand, civil prisoners): a plan
    is offered to them and never due (plans.rules), so no worklist counts them; this list lets the
    case manager see who has taken the offer up. Two queries."""
    if not user.has_perm(VIEW):
        return []
    latest_admission = Admission.objects.filter(prisoner=OuterRef("pk")).order_by("-admitted_at").values("admitted_at")
    people = (
        held_where_user_works(user=user)
        .filter(current_prison_id=prison_id)
        .exclude(legal_status__in=rules.PLAN_DUE_FOR)
        .annotate(admitted_at=Subquery(latest_admission[:1]))
        .order_by("display_name", "number")
    )
    plans = {
        plan.prisoner_id: plan
        for plan in SentencePlan.objects.filter(
            status__in=[PlanStatus.DRAFT, PlanStatus.AGREED], prisoner__in=people.values("pk")
        ).order_by("status")  # "agreed" before "draft": a review under way shows its draft
    }
    return [
        Offered(Person(*row), plans.get(row[0]))
        for row in people.values_list("id", "number", "display_name", "legal_status", "admitted_at")
    ]


# The dates kept for the counts (register.kept_dues) ------------------------------------------------

KEPT = "plans"


def due_counts(*, user: User, prison_id: int) -> dict[str, int]:
    """How many plans are overdue and due soon at one prison: the counts of `worklist`, read from
    the dates kept instead of worked out again."""
    if not user.has_perm(VIEW):
        return {"overdue": 0, "due_soon": 0}
    today = timezone.localdate()
    setting = _Setting.now()
    dates = kept_dues.kept(
        KEPT,
        people=held_where_user_works(user=user).filter(current_prison_id=prison_id),
        setting=kept_dues.setting_of(setting.rule.model_dump_json(), setting.plans_from, setting.zone),
        work_out=lambda some: (
            kept_dues.Worked(item.prisoner.id, KEPT, item.due.on, item.due.reason) for item in _due(some, today=today)
        ),
    )
    return kept_dues.urgency_counts(dates, today=today)


def due_counts_by_prison(*, prison_ids: frozenset[int] | None, today: date | None = None) -> dict[int, dict[str, int]]:
    """For oversight (aggregates, no names): per prison, the plans overdue and due within 14 days
    of the people held there, worked out as the worklist does (three queries for every prison)."""
    people = Prisoner.objects.on_roll()
    if prison_ids is not None:
        people = people.filter(current_prison_id__in=prison_ids)
    where = dict(people.values_list("pk", "current_prison_id"))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"overdue": 0, "due_soon": 0})
    for item in _due(people, today=today or timezone.localdate()):
        if item.urgency in ("overdue", "due_soon"):
            counts[where[item.prisoner.id]][item.urgency] += 1
    return counts


def staff_at(prison_id: int) -> QuerySet[User]:
    """Who may be named responsible for an objective: the active staff working at the prison."""
    return User.objects.filter(is_active=True, assignment__prisons=prison_id).order_by("last_name", "username")


def objective_get(*, user: User, objective_id: int) -> Objective:
    """One objective of a plan the user may see; Objective.DoesNotExist otherwise."""
    return Objective.objects.select_related("plan__prisoner__current_prison", "plan__prison").get(
        pk=objective_id, plan__in=_visible_plans(user=user)
    )
