"""Reads of restrictive measures, scoped to the reader: staff with `view_measures` at the prison
that holds the person or imposed the measure (headquarters everywhere)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from custodia.accounts.selectors import prison_scope
from custodia.core.rights import right
from custodia.core.withheld import Why, Withheld
from custodia.core.workflow import urgency
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import rules
from .choices import AppealOutcome, MeasureStatus
from .models import Appeal, HealthVisit, Measure, Review

VIEW = right("view_measures")
IMPOSE = right("impose_measures")
REVIEW = right("review_measures")
NOTICE = right("record_measure_notice")
VISIT = right("record_health_visit")
OVERSIGHT = right("view_measure_oversight")
# Medical confidentiality (Mandela Rules 26 and 32): the health service's view, its finding on a
# disability and the notes of its visits are read by health-care staff and by those who may read
# the file's health section; every other reader of the measure sees that a visit took place.
HEALTH_NOTES = (right("view_health_section"), VISIT)


def measures_visible(*, user: User) -> QuerySet[Measure]:
    if not user.has_perm(VIEW):
        return Measure.objects.none()
    qs = Measure.objects.all()
    scope = prison_scope(user)
    if scope is not None:
        qs = qs.filter(Q(prison__in=scope) | Q(prisoner__current_prison__in=scope))
    return qs.select_related("prisoner__current_cell__unit", "prison", "imposed_by", "ended_by")


def measure_get(*, user: User, measure_id: int) -> Measure:
    """One measure with its reviews, visits and appeals; Measure.DoesNotExist when hidden."""
    return (
        measures_visible(user=user)
        .prefetch_related(
            "reviews__reviewed_by",
            Prefetch("health_visits", HealthVisit.objects.select_related("visited_by")),
            "appeals__decided_by",
        )
        .get(pk=measure_id)
    )


def in_force(*, user: User, prison_id: int | None = None) -> QuerySet[Measure]:
    """The measures in force that the user sees, with the last review and the last health visit."""
    qs = measures_visible(user=user).filter(status=MeasureStatus.IN_FORCE)
    if prison_id is not None:
        qs = qs.filter(prison_id=prison_id)
    return qs.annotate(last_review_on=Max("reviews__reviewed_on"), last_visit_on=Max("health_visits__visited_on"))


def prisoner_measures(*, user: User, prisoner: Prisoner) -> list[Measure]:
    return list(
        measures_visible(user=user)
        .filter(prisoner=prisoner)
        # distinct: the join on reviews would count each visit once per review.
        .annotate(last_review_on=Max("reviews__reviewed_on"), visits=Count("health_visits", distinct=True))
    )


def solitary_periods(prisoner_id: int, *, excluding: int | None = None) -> list[rules.Period]:
    """Unscoped, for the services: every period of solitary confinement of the person (as held or
    as planned), to count the run (rules.solitary_run)."""
    qs = Measure.objects.filter(prisoner_id=prisoner_id, solitary=True)
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    return [
        rules.Period(first, ended or planned)
        for first, planned, ended in qs.values_list("starts_on", "ends_on", "ended_on")
    ]


def visit_due(measure: Measure) -> bool:
    return measure.kind in rules.HELD_APART


def review_due_on(measure: Measure) -> date:
    return rules.review_due_on(
        starts_on=measure.starts_on,
        last_review_on=getattr(measure, "last_review_on", None),
        interval_days=active_profile().measures.review_days,
    )


def missed_visits(measure: Measure, *, today: date | None = None) -> list[date]:
    """The past days of a measure in force that holds the person apart without a health visit
    (Mandela Rule 46); today is not missed yet."""
    if not visit_due(measure):
        return []
    visited = set(measure.health_visits.values_list("visited_on", flat=True))
    return missed_days(measure, visited=visited, today=today or timezone.localdate())


def missed_days(measure: Measure, *, visited: set[date], today: date) -> list[date]:
    """missed_visits() with the days visited already read (visits_by_measure, for a list)."""
    if not visit_due(measure):
        return []
    last = min(measure.last_day, today - timedelta(days=1))
    if last < measure.starts_on:
        return []
    return rules.days_without_visit(first=measure.starts_on, last=last, visited=visited)


def visits_by_measure(measure_ids: Iterable[int]) -> dict[int, set[date]]:
    """The days visited of each measure, in one query."""
    visited: dict[int, set[date]] = defaultdict(set)
    ids = list(measure_ids)
    if ids:
        for measure_id, day in HealthVisit.objects.filter(measure_id__in=ids).values_list("measure_id", "visited_on"):
            visited[measure_id].add(day)
    return visited


def may_read_health_notes(user: User) -> bool:
    return any(user.has_perm(permission) for permission in HEALTH_NOTES)


def day_of(measure: Measure, today: date) -> int:
    """The day of the measure it is today (its first day is day 1); for an ended measure, the days it held."""
    last: date = min(measure.last_day, today)
    return (last - measure.starts_on).days + 1


def solitary_days(measure: Measure, *, today: date) -> tuple[int, int]:
    """The person's run of solitary confinement (rules.solitary_run) that this measure belongs to:
    so far (to today or the day it ended) and as planned (to its planned end, while in force).
    (0, 0) for a measure that is not solitary confinement."""
    if not measure.solitary:
        return 0, 0
    periods = solitary_periods(measure.prisoner_id)
    break_days = active_profile().measures.solitary_break_days

    def run_to(bound: date) -> int:
        clipped = [rules.Period(p.first, min(p.last, bound)) for p in periods if p.first <= bound]
        return rules.solitary_run(clipped, break_days=break_days)

    so_far = run_to(min(measure.last_day, today))
    planned = run_to(measure.ends_on) if measure.status == MeasureStatus.IN_FORCE else so_far
    return so_far, planned


@dataclass(frozen=True)
class VisitSeen:
    """A health-care visit as one reader may see it: the day and who visited, for everyone who
    sees the measure; what was found, for health-care staff and readers of the health section."""

    visit: HealthVisit
    adverse_effects: bool | Withheld
    note: str | Withheld


@dataclass(frozen=True)
class MeasureOpened:
    """One measure, everything about it, as one reader may see it (measure_open)."""

    measure: Measure
    health_view: str | Withheld
    worsened: bool | Withheld
    reviews: list[Review]
    visits: list[VisitSeen]
    appeals: list[Appeal]
    missed: list[date]  # past days without a health visit (Rule 46)
    day: int  # the day of the measure today, or the days it held
    review_due_on: date | None  # while in force
    solitary_so_far: int
    solitary_planned: int
    withheld: list[str]


def measure_open(*, user: User, measure_id: int, today: date | None = None) -> MeasureOpened:
    """One measure with its reviews, visits and appeals, each health note withheld from a reader
    who may not read it (HEALTH_NOTES); Measure.DoesNotExist when hidden. The caller logs the read."""
    today = today or timezone.localdate()
    measure = measure_get(user=user, measure_id=measure_id)
    reviews = list(measure.reviews.all())
    visits = list(measure.health_visits.all())
    health = may_read_health_notes(user)
    marker = Withheld("health", Why.NO_RIGHT)
    so_far, planned = solitary_days(measure, today=today)
    last_review_on = max((review.reviewed_on for review in reviews), default=None)
    return MeasureOpened(
        measure=measure,
        health_view=measure.health_view if health else marker,
        worsened=measure.worsened if health else marker,
        reviews=reviews,
        visits=[
            VisitSeen(visit, visit.adverse_effects if health else marker, visit.note if health else marker)
            for visit in visits
        ],
        appeals=list(measure.appeals.all()),
        missed=missed_days(measure, visited={visit.visited_on for visit in visits}, today=today),
        day=day_of(measure, today),
        review_due_on=(
            rules.review_due_on(
                starts_on=measure.starts_on,
                last_review_on=last_review_on,
                interval_days=active_profile().measures.review_days,
            )
            if measure.status == MeasureStatus.IN_FORCE
            else None
        ),
        solitary_so_far=so_far,
        solitary_planned=planned,
        withheld=[] if health else ["health"],
    )


def appeal_get(*, user: User, appeal_id: int) -> Appeal:
    """One appeal against a measure the user sees; Appeal.DoesNotExist otherwise."""
    return Appeal.objects.select_related("measure").get(pk=appeal_id, measure__in=measures_visible(user=user))


@dataclass(frozen=True)
class Row:
    """A measure as the lists show it: the day it has reached, its next review, the health visits."""

    measure: Measure
    day: int
    end_passed: bool  # in force past its planned end
    review_due_on: date | None
    review_urgency: str  # core.workflow.urgency: overdue, due_soon, scheduled; "" once ended
    visit_due: bool  # a daily health visit is due (the measure holds the person apart, in force)
    visited_today: bool
    missed: int  # past days without a health visit
    pending_appeals: int


# The lists of work on the measures page (?show=), and the home page's counts of them.
SHOW_REVIEW_DUE = "review_due"  # in force, the review due today or overdue
SHOW_TO_VISIT = "to_visit"  # in force, holding the person apart, no health visit yet today
SHOW_MISSED = "missed"  # in force, a past day without a health visit
SHOW_APPEALS = "appeals"  # an appeal awaiting a decision, in force or not
SHOWS = (SHOW_REVIEW_DUE, SHOW_TO_VISIT, SHOW_MISSED, SHOW_APPEALS)


def rows(*, user: User, prison_id: int | None = None, show: str = "", today: date | None = None) -> list[Row]:
    """The measures in force at the prisons the user sees (or one of them), in a fixed number of
    queries, longest held first; `show` keeps one list of work (SHOWS). With SHOW_APPEALS, the
    measures with an appeal awaiting a decision, ended ones too."""
    today = today or timezone.localdate()
    pending = Count("appeals", filter=Q(appeals__outcome=AppealOutcome.PENDING), distinct=True)
    if show == SHOW_APPEALS:
        qs = measures_visible(user=user).filter(pk__in=_appealed())
        if prison_id is not None:
            qs = qs.filter(prison_id=prison_id)
        qs = qs.annotate(last_review_on=Max("reviews__reviewed_on"))
    else:
        qs = in_force(user=user, prison_id=prison_id)
    measures = list(qs.annotate(pending_appeals=pending).order_by("starts_on", "pk"))
    visited = visits_by_measure(m.pk for m in measures if visit_due(m))
    interval = active_profile().measures.review_days
    found = []
    for measure in measures:
        running = measure.status == MeasureStatus.IN_FORCE
        due_on = (
            rules.review_due_on(
                starts_on=measure.starts_on,
                last_review_on=getattr(measure, "last_review_on", None),
                interval_days=interval,
            )
            if running
            else None
        )
        days = visited.get(measure.pk, set())
        row = Row(
            measure=measure,
            day=day_of(measure, today),
            end_passed=running and measure.ends_on < today,
            review_due_on=due_on,
            review_urgency=urgency(due_on, today) if due_on else "",
            visit_due=running and visit_due(measure),
            visited_today=today in days,
            missed=len(missed_days(measure, visited=days, today=today)),
            pending_appeals=getattr(measure, "pending_appeals", 0),
        )
        if _shown(row, show, today):
            found.append(row)
    return found


def _appealed() -> QuerySet[Appeal, int]:
    return Appeal.objects.filter(outcome=AppealOutcome.PENDING).values_list("measure_id", flat=True)


def _shown(row: Row, show: str, today: date) -> bool:
    if show == SHOW_REVIEW_DUE:
        return row.review_due_on is not None and row.review_due_on <= today
    if show == SHOW_TO_VISIT:
        return row.visit_due and not row.visited_today
    if show == SHOW_MISSED:
        return row.missed > 0
    return True


@dataclass(frozen=True)
class Counts:
    """What the home page counts: each the length of the list it opens (rows with `show`)."""

    in_force: int
    review_due: int
    to_visit: int
    missed: int
    appeals: int


def counts(*, user: User, prison_id: int | None = None, today: date | None = None) -> Counts:
    today = today or timezone.localdate()
    running = rows(user=user, prison_id=prison_id, today=today)
    appeals = measures_visible(user=user).filter(pk__in=_appealed())
    if prison_id is not None:
        appeals = appeals.filter(prison_id=prison_id)
    return Counts(
        in_force=len(running),
        review_due=sum(_shown(row, SHOW_REVIEW_DUE, today) for row in running),
        to_visit=sum(_shown(row, SHOW_TO_VISIT, today) for row in running),
        missed=sum(_shown(row, SHOW_MISSED, today) for row in running),
        appeals=appeals.count(),
    )
