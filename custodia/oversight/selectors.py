"""Oversight reads: aggregates only, no names.

Statistics of the system (Mandela Rule 10): the population is counted in one grouped pass (sex,
legal status, nationality, age group, returnee) plus a few small queries. The counts are kept in
the cache until the audit trail grows: every change of a file goes through a service that writes
an audit event, so a cached figure is never older than the last change.

Classification oversight: how often the computed, proposed and approved levels differ, whether
reviews are kept, how long people wait for a first classification, for the user's prisons.
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from django.contrib.auth.models import User
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.classification import queries as classification_queries
from custodia.classification import rules as classification_rules
from custodia.classification.choices import DecisionStatus, VepPlacement
from custodia.classification.models import ClassificationDecision
from custodia.core.forms import country_name
from custodia.estate.models import Prison, PrisonType
from custodia.estate.selectors import (
    Occupancy,
    active_profile,
    occupancy_by_prison,
    occupancy_by_region,
    occupancy_national,
)
from custodia.register import rules
from custodia.register.choices import LegalStatus, Sex
from custodia.register.models import Prisoner
from custodia.register.selectors import terrorism_linked

from .kept_figures import kept_until_change

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OPEN_SETTINGS = (PrisonType.SEMI_OPEN, PrisonType.OPEN)
TOP_NATIONALITIES = 8


@dataclass
class Breakdown:
    """Counts by category, in a fixed order, with shares of the total."""

    rows: list[tuple[str, str, int]] = field(default_factory=list)  # (code, label, count)

    @property
    def total(self) -> int:
        return sum(count for _code, _label, count in self.rows)

    def share(self, count: int) -> float:
        return round(100 * count / self.total, 1) if self.total else 0.0

    def with_shares(self) -> list[tuple[str, str, int, float]]:
        return [(code, label, count, self.share(count)) for code, label, count in self.rows]

    def count(self, code: str) -> int:
        return next((count for c, _label, count in self.rows if c == code), 0)


def _breakdown(counts: Counter[str], labels: Sequence[tuple[str, "StrOrPromise"]]) -> Breakdown:
    return Breakdown([(code, str(label), counts[code]) for code, label in labels])


def _juvenile_q(juvenile_age: int) -> Q:
    by_date, by_year = rules.juvenile_birth_cutoffs(timezone.localdate(), juvenile_age)
    return Q(date_of_birth__gt=by_date) | Q(date_of_birth__isnull=True, birth_year_estimated__gt=by_year)


@dataclass
class Statistics:
    national: Occupancy
    prison_count: int
    by_legal_status: Breakdown
    by_sex: Breakdown
    by_age_group: Breakdown
    by_nationality: Breakdown
    by_region: list[Occupancy]
    by_prison: list[tuple[Prison, Occupancy]]
    vep_total: int
    vep_by_sex_and_status: list[tuple[str, list[int], int]]  # (sex label, counts per legal status, total)
    vep_status_labels: list[str]
    vep_status_totals: list[int]
    terrorism_convicted: Breakdown
    returnees_by_sex: Breakdown


def _nationalities(counts: Counter[str]) -> Breakdown:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    rows: list[tuple[str, str, int]] = [(code, country_name(code), n) for code, n in ranked[:TOP_NATIONALITIES]]
    rest = sum(n for _code, n in ranked[TOP_NATIONALITIES:])
    if rest:
        rows.append(("other", _("Other nationalities"), rest))
    return Breakdown(rows)


# (sex, legal status, nationality, returnee)
Group = tuple[str, str, str, bool]


@dataclass(frozen=True)
class PopulationCounts:
    """The figures without labels, so that one cached copy serves every language."""

    groups: Counter[Group]  # people on the roll
    juveniles: int
    veps: Counter[tuple[str, str]]  # (sex, legal status) -> people on the roll with a terrorism-linked offence
    terrorism_convicted: Counter[str]  # closed / open / probation -> people convicted of terrorism offences
    by_prison: list[tuple[Prison, Occupancy]]

    def total_by(self, position: Literal[0, 1, 2]) -> Counter[str]:
        """People on the roll by sex (0), legal status (1) or nationality (2)."""
        totals: Counter[str] = Counter()
        for key, n in self.groups.items():
            totals[key[position]] += n
        return totals


def _count_population(*, user: User, juvenile_age: int) -> PopulationCounts:
    population = Prisoner.objects.on_roll()
    # Both read Prisoner's covering statistics index rather than the table.
    rows = population.values_list("sex", "legal_status", "nationality", "returnee").annotate(n=Count("id"))
    groups: Counter[Group] = Counter(
        {(sex, status, nationality, returnee): n for sex, status, nationality, returnee, n in rows.order_by()}
    )
    vep_rows = (
        population.filter(terrorism_linked()).values_list("sex", "legal_status").annotate(n=Count("id")).order_by()
    )
    convicted = Prisoner.objects.filter(terrorism_linked(convicted=True))
    settings: Counter[str] = Counter()
    for prison_type, legal_status, n in (
        convicted.values_list("current_prison__prison_type", "legal_status").annotate(n=Count("id")).order_by()
    ):
        if prison_type is None:
            settings["probation"] += n if legal_status == LegalStatus.PROBATION else 0
        else:
            settings["open" if prison_type in OPEN_SETTINGS else "closed"] += n
    return PopulationCounts(
        groups=groups,
        juveniles=population.filter(_juvenile_q(juvenile_age)).count(),
        veps=Counter({(sex, status): n for sex, status, n in vep_rows}),
        terrorism_convicted=settings,
        by_prison=occupancy_by_prison(user=user),
    )


def population_counts(*, user: User) -> PopulationCounts:
    profile = active_profile()
    # Where the reader works is read on the primary, before the counts: it is kept for the rest of
    # the request (accounts.actor) and decides what else they may read.
    prison_scope(user)
    # The day is part of the key because who is a juvenile changes with the date.
    return kept_until_change(
        "statistics",
        profile.id,
        timezone.localdate(),
        count=lambda: _count_population(user=user, juvenile_age=profile.juvenile_age),
    )


def statistics_get(*, user: User) -> Statistics:
    profile = active_profile()
    counts = population_counts(user=user)
    statuses = [(e.code, str(e.label)) for e in profile.legal_statuses if e.code != LegalStatus.PROBATION.value]
    sexes = list(Sex.choices)
    age = Counter({"juvenile": counts.juveniles, "adult": sum(counts.groups.values()) - counts.juveniles})
    returnees: Counter[str] = Counter()
    for (sex, _status, _nationality, returnee), n in counts.groups.items():
        returnees[sex] += n if returnee else 0

    vep_rows = []
    for sex, label in sexes:
        row = [counts.veps[sex, code] for code, _label in statuses]
        if any(row):
            vep_rows.append((str(label), row, sum(row)))

    return Statistics(
        national=occupancy_national(counts.by_prison),
        prison_count=len(counts.by_prison),
        by_legal_status=_breakdown(counts.total_by(1), statuses),
        by_sex=_breakdown(counts.total_by(0), sexes),
        by_age_group=_breakdown(age, [("juvenile", _("Juveniles")), ("adult", _("Adults"))]),
        by_nationality=_nationalities(counts.total_by(2)),
        by_region=occupancy_by_region(counts.by_prison),
        by_prison=counts.by_prison,
        vep_total=sum(row[2] for row in vep_rows),
        vep_by_sex_and_status=vep_rows,
        vep_status_labels=[label for _code, label in statuses],
        vep_status_totals=[sum(row[1][i] for row in vep_rows) for i in range(len(statuses))],
        terrorism_convicted=_breakdown(
            counts.terrorism_convicted,
            [
                ("closed", _("In closed-setting prisons")),
                ("open", _("In semi-open or open prisons")),
                ("probation", _("Under probation supervision")),
            ],
        ),
        returnees_by_sex=_breakdown(returnees, sexes),
    )


# --- classification -------------------------------------------------------------------------------


@dataclass
class LevelRow:
    code: str
    label: str
    computed: int = 0
    proposed: int = 0
    approved: int = 0


@dataclass
class ClassificationOversight:
    """Aggregates only: no names (statistics analysts read them too)."""

    proposals: int = 0
    awaiting: int = 0
    returned: int = 0
    decided: int = 0
    # The case manager proposed another level than the computed one.
    overridden_by_case_manager: int = 0
    case_manager_up: int = 0
    case_manager_down: int = 0
    # The approver decided another level than the proposed one.
    changed_by_approver: int = 0
    approver_up: int = 0
    approver_down: int = 0
    # Either of the two.
    overridden: int = 0
    # Decided at the computed level, unchanged by anyone.
    as_computed: int = 0
    by_level: list[LevelRow] = field(default_factory=list)
    in_force: int = 0
    overdue: int = 0
    due_soon: int = 0
    overdue_by_prison: list[tuple[str, int, int]] = field(default_factory=list)  # prison, overdue, in force
    unclassified: int = 0
    first_count: int = 0
    first_days_median: float | None = None
    first_days_mean: float | None = None
    vep_by_placement: list[tuple[str, str, int]] = field(default_factory=list)
    vep_in_force: int = 0


def decisions_made(*, user: User) -> QuerySet[ClassificationDecision]:
    """The decisions made at the user's prisons (everywhere for headquarters): those the
    classification oversight counts."""
    return _decisions_at(prison_scope(user))


def _decisions_at(scope: frozenset[int] | None) -> QuerySet[ClassificationDecision]:
    made = ClassificationDecision.objects.all()
    return made if scope is None else made.filter(prison__in=scope)


def awaiting_decision_count(*, user: User) -> int:
    """The oversight's "awaiting a decision", alone (one query)."""
    return decisions_made(user=user).filter(status=DecisionStatus.PROPOSED).count()


def classification_oversight(*, user: User, today: date | None = None) -> ClassificationOversight:
    """Oversight figures for the user's prisons (nationally for headquarters): proposed, overridden
    and approved levels, reviews overdue, days from admission to the first classification and VEPs
    by placement option. Counted in eleven queries whatever the number of decisions (over a
    second for a country with years of history), and kept until anything changes."""
    today = today or timezone.localdate()
    scope = prison_scope(user)
    who = "all" if scope is None else sorted(scope)
    return kept_until_change(
        "classification-oversight",
        who,
        get_language(),  # the levels' and placements' names are kept with the figures
        today,
        count=lambda: _count_classification_oversight(scope, today),
    )


def _count_classification_oversight(scope: frozenset[int] | None, today: date) -> ClassificationOversight:
    framework = active_profile().classification
    made = _decisions_at(scope)
    held = Prisoner.objects.on_roll()
    if scope is not None:
        held = held.filter(current_prison__in=scope)
    figures = ClassificationOversight(by_level=[LevelRow(level.code, str(level.label)) for level in framework.levels])
    _count_decisions(figures, made, rank={level.code: i for i, level in enumerate(framework.levels)})

    reviews = classification_queries.review_items(ClassificationDecision.objects.filter(prisoner__in=held), today)
    figures.in_force = len(reviews)
    figures.overdue = sum(1 for item in reviews if item.urgency == "overdue")
    figures.due_soon = sum(1 for item in reviews if item.urgency == "due_soon")
    per_prison: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in reviews:
        prison = item.decision.prisoner.current_prison
        assert prison is not None  # the reviews are of people on the roll: each is held somewhere
        counts = per_prison[prison.name]
        counts[0] += item.urgency == "overdue"
        counts[1] += 1
    figures.overdue_by_prison = sorted(
        ((name, overdue, total) for name, (overdue, total) in per_prison.items()), key=lambda row: (-row[1], row[0])
    )
    figures.unclassified = held.exclude(classification_decisions__status=DecisionStatus.APPROVED).count()

    days = _days_to_first_classification(made)
    figures.first_count = len(days)
    if days:
        figures.first_days_median = round(statistics.median(days), 1)
        figures.first_days_mean = round(statistics.fmean(days), 1)

    placements: Counter[str] = Counter(
        dict(
            ClassificationDecision.objects.filter(
                status=DecisionStatus.APPROVED, prisoner__in=held.filter(terrorism_linked())
            )
            .values("vep_placement")
            .annotate(n=Count("id"))
            .values_list("vep_placement", "n")
            .order_by()
        )
    )
    figures.vep_by_placement = [
        (code, str(VepPlacement(code).label), placements.get(code, 0)) for code in framework.vep_placement_options
    ]
    figures.vep_in_force = sum(placements.values())
    return figures


def _count_decisions(
    figures: ClassificationOversight, made: QuerySet[ClassificationDecision], *, rank: dict[str, int]
) -> None:
    """The proposals, overrides and levels of the decisions made, counted in one grouped query."""
    rows = {row.code: row for row in figures.by_level}

    def direction(before: str, after: str) -> int:
        return (rank.get(after, 0) > rank.get(before, 0)) - (rank.get(after, 0) < rank.get(before, 0))

    grouped = made.values("status", "computed_level", "proposed_level", "approved_level").annotate(n=Count("id"))
    for row in grouped.order_by():
        n, status = row["n"], row["status"]
        computed, proposed, approved = row["computed_level"], row["proposed_level"], row["approved_level"]
        figures.proposals += n
        figures.awaiting += n if status == DecisionStatus.PROPOSED else 0
        figures.returned += n if status == DecisionStatus.RETURNED else 0
        for code, attribute in ((computed, "computed"), (proposed, "proposed")):
            if code in rows:
                setattr(rows[code], attribute, getattr(rows[code], attribute) + n)
        by_case_manager = proposed != computed
        if by_case_manager:
            figures.overridden_by_case_manager += n
            figures.case_manager_up += n if direction(computed, proposed) > 0 else 0
            figures.case_manager_down += n if direction(computed, proposed) < 0 else 0
        by_approver = False
        if status in classification_rules.DECIDED:
            figures.decided += n
            if approved in rows:
                rows[approved].approved += n
            by_approver = approved != proposed
            if by_approver:
                figures.changed_by_approver += n
                figures.approver_up += n if direction(proposed, approved) > 0 else 0
                figures.approver_down += n if direction(proposed, approved) < 0 else 0
            if not by_case_manager and not by_approver:
                figures.as_computed += n
        if by_case_manager or by_approver:
            figures.overridden += n


def _days_to_first_classification(made: QuerySet[ClassificationDecision]) -> list[float]:
    """For each stay with an approved decision, the days from its admission to its first approval
    (one grouped query: each decision keeps the admission of its stay)."""
    waits = (
        made.filter(status__in=classification_rules.DECIDED, admission__isnull=False)
        .values("admission_id", "admission__admitted_at")
        .annotate(wait=ExpressionWrapper(Min("decided_at") - F("admission__admitted_at"), DurationField()))
        .values_list("wait", flat=True)
        .order_by()
    )
    return [wait.total_seconds() / 86400 for wait in waits]
