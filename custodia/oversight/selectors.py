"""Statistics of the system (Mandela Rule 10): aggregates only, no names.

The population is grouped once by sex and legal status; the other figures each take one
grouped query, so the page costs the same whether the service holds 500 or 60,000 people.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core.forms import country_name
from custodia.estate.models import PrisonType
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


def _nationalities(population) -> Breakdown:
    counts = population.values_list("nationality").annotate(n=Count("id")).order_by("-n", "nationality")
    rows = [(code, country_name(code), n) for code, n in counts.values_list("nationality", "n")]
    top, rest = rows[:TOP_NATIONALITIES], rows[TOP_NATIONALITIES:]
    if rest:
        top.append(("other", _("Other nationalities"), sum(n for *_x, n in rest)))
    return Breakdown(top)


def _terrorism_convicted() -> Breakdown:
    """Where people convicted of terrorism offences serve their sentence: closed or open
    prisons, or in the community under probation."""
    convicted = Prisoner.objects.filter(
        pk__in=Offence.objects.filter(terrorism_link=True, status=OffenceStatus.CONVICTED).values("prisoner_id")
    )
    groups = convicted.values_list("current_prison__prison_type", "legal_status").annotate(n=Count("id"))
    closed = open_setting = probation = 0
    for prison_type, legal_status, n in groups.values_list("current_prison__prison_type", "legal_status", "n"):
        if prison_type is None:
            probation += n if legal_status == LegalStatus.PROBATION else 0
        elif prison_type in OPEN_SETTINGS:
            open_setting += n
        else:
            closed += n
    return Breakdown(
        [
            ("closed", _("In closed-setting prisons"), closed),
            ("open", _("In semi-open or open prisons"), open_setting),
            ("probation", _("Under probation supervision"), probation),
        ]
    )


def statistics_get(*, user) -> Statistics:
    profile = active_profile()
    population = Prisoner.objects.on_roll()
    statuses = [(e.code, str(e.label)) for e in profile.legal_statuses if e.code != LegalStatus.PROBATION]
    sexes = list(Sex.choices)

    by_sex_and_status = Counter()
    vep_by_sex_and_status = Counter()
    groups = population.values_list("sex", "legal_status").annotate(
        n=Count("id", distinct=True), veps=Count("id", filter=Q(offences__terrorism_link=True), distinct=True)
    )
    for sex, status, n, veps in groups.values_list("sex", "legal_status", "n", "veps"):
        by_sex_and_status[sex, status] = n
        vep_by_sex_and_status[sex, status] = veps
    by_sex = Counter({sex: sum(n for (s, _st), n in by_sex_and_status.items() if s == sex) for sex, _l in sexes})
    by_status = Counter({c: sum(n for (_s, st), n in by_sex_and_status.items() if st == c) for c, _l in statuses})
    total = sum(by_sex_and_status.values())
    juvenile = population.filter(_juvenile_q(profile.juvenile_age)).count()

    vep_rows = []
    for sex, label in sexes:
        counts = [vep_by_sex_and_status[sex, code] for code, _label in statuses]
        if any(counts):
            vep_rows.append((str(label), counts, sum(counts)))

    by_prison = occupancy_by_prison(user=user)
    returnees = Counter(dict(population.filter(returnee=True).values_list("sex").annotate(n=Count("id"))))
    return Statistics(
        national=occupancy_national(by_prison),
        prison_count=len(by_prison),
        by_legal_status=_breakdown(by_status, statuses),
        by_sex=_breakdown(by_sex, sexes),
        by_age_group=Breakdown([("juvenile", _("Juveniles"), juvenile), ("adult", _("Adults"), total - juvenile)]),
        by_nationality=_nationalities(population),
        by_region=occupancy_by_region(by_prison),
        by_prison=by_prison,
        vep_total=sum(row[2] for row in vep_rows),
        vep_by_sex_and_status=vep_rows,
        vep_status_labels=[label for _code, label in statuses],
        vep_status_totals=[sum(row[1][i] for row in vep_rows) for i in range(len(statuses))],
        terrorism_convicted=_terrorism_convicted(),
        returnees_by_sex=_breakdown(returnees, sexes),
    )
