"""Statistics of the system (Mandela Rule 10): aggregates only, no names.

The population is counted in one grouped pass (sex, legal status, nationality, age group,
returnee) plus a few small queries. The counts are kept in the cache until the audit trail
grows: every change of a file goes through a service that writes an audit event, so a cached
figure is never older than the last change.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core.audit import last_event_id
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
from custodia.register.choices import LegalStatus, OffenceStatus, Sex
from custodia.register.models import Offence, Prisoner

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


def _breakdown(counts: Counter, labels: list[tuple[str, str]]) -> Breakdown:
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
    by_prison: list
    vep_total: int
    vep_by_sex_and_status: list[tuple[str, list[int], int]]  # (sex label, counts per legal status, total)
    vep_status_labels: list[str]
    vep_status_totals: list[int]
    terrorism_convicted: Breakdown
    returnees_by_sex: Breakdown


def _nationalities(counts: Counter) -> Breakdown:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    rows = [(code, country_name(code), n) for code, n in ranked[:TOP_NATIONALITIES]]
    rest = sum(n for _code, n in ranked[TOP_NATIONALITIES:])
    if rest:
        rows.append(("other", _("Other nationalities"), rest))
    return Breakdown(rows)


@dataclass(frozen=True)
class PopulationCounts:
    """The figures without labels, so that one cached copy serves every language."""

    groups: Counter  # (sex, legal status, nationality, returnee) -> people on the roll
    juveniles: int
    veps: Counter  # (sex, legal status) -> people on the roll with a terrorism-linked offence
    terrorism_convicted: Counter  # closed / open / probation -> people convicted of terrorism offences
    by_prison: list[tuple[Prison, Occupancy]]

    def total_by(self, position: int) -> Counter:
        totals: Counter = Counter()
        for key, n in self.groups.items():
            totals[key[position]] += n
        return totals


def _count_population(*, user, juvenile_age: int) -> PopulationCounts:
    population = Prisoner.objects.on_roll()
    # Both read Prisoner's covering statistics index rather than the table.
    rows = population.values_list("sex", "legal_status", "nationality", "returnee").annotate(n=Count("id"))
    groups = Counter({tuple(row[:-1]): row[-1] for row in rows.order_by()})
    vep_rows = (
        population.filter(pk__in=Offence.objects.filter(terrorism_link=True).values("prisoner_id"))
        .values_list("sex", "legal_status")
        .annotate(n=Count("id"))
        .order_by()
    )
    convicted = Prisoner.objects.filter(
        pk__in=Offence.objects.filter(terrorism_link=True, status=OffenceStatus.CONVICTED).values("prisoner_id")
    )
    settings: Counter = Counter()
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


def population_counts(*, user) -> PopulationCounts:
    profile = active_profile()
    # The day is part of the key because who is a juvenile changes with the date.
    key = f"custodia:statistics:{profile.id}:{timezone.localdate()}:{last_event_id()}"
    counts = cache.get(key)
    if counts is None:
        counts = _count_population(user=user, juvenile_age=profile.juvenile_age)
        cache.set(key, counts, timeout=24 * 60 * 60)
    return counts


def statistics_get(*, user) -> Statistics:
    profile = active_profile()
    counts = population_counts(user=user)
    statuses = [(e.code, str(e.label)) for e in profile.legal_statuses if e.code != LegalStatus.PROBATION]
    sexes = list(Sex.choices)
    age = Counter({"juvenile": counts.juveniles, "adult": sum(counts.groups.values()) - counts.juveniles})
    returnees: Counter = Counter()
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
