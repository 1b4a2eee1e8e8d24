"""Reads of restrictive measures, scoped to the reader: staff with `view_measures` at the prison
that holds the person or imposed the measure (headquarters everywhere)."""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from custodia.accounts.selectors import prison_scope
from custodia.core.rights import right
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import rules
from .choices import MeasureStatus
from .models import HealthVisit, Measure

VIEW = right("view_measures")
IMPOSE = right("impose_measures")
REVIEW = right("review_measures")
NOTICE = right("record_measure_notice")
VISIT = right("record_health_visit")
OVERSIGHT = right("view_measure_oversight")


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
        .annotate(last_review_on=Max("reviews__reviewed_on"), visits=Count("health_visits"))
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
    today = today or timezone.localdate()
    last = min(measure.last_day, today - timedelta(days=1))
    if last < measure.starts_on:
        return []
    visited = set(measure.health_visits.values_list("visited_on", flat=True))
    return rules.days_without_visit(first=measure.starts_on, last=last, visited=visited)
