"""Statistics of the system (Mandela Rule 10): aggregates only, no names."""

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
    prison_list,
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


def _breakdown(qs, field_name: str, labels: list[tuple[str, str]]) -> Breakdown:
    counts = dict(qs.values_list(field_name).annotate(n=Count("id")).values_list(field_name, "n"))
    return Breakdown([(code, str(label), counts.get(code, 0)) for code, label in labels])


def _juvenile_q() -> Q:
    profile = active_profile()
    by_date, by_year = rules.juvenile_birth_cutoffs(timezone.localdate(), profile.juvenile_age)
    return Q(date_of_birth__gt=by_date) | Q(date_of_birth__isnull=True, birth_year_estimated__gt=by_year)


def _vep_ids():
    return Offence.objects.filter(terrorism_link=True).values("prisoner_id")


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


def statistics_get(*, user) -> Statistics:
    profile = active_profile()
    population = Prisoner.objects.on_roll()
    statuses = [(entry.code, str(entry.label)) for entry in profile.legal_statuses if entry.code != LegalStatus.PROBATION]
    sexes = list(Sex.choices)
    juvenile = population.filter(_juvenile_q()).count()
    total = population.count()

    nationality_counts = list(
        population.values_list("nationality").annotate(n=Count("id")).order_by("-n").values_list("nationality", "n")
    )
    nationality_rows = [(code, country_name(code), n) for code, n in nationality_counts[:TOP_NATIONALITIES]]
    others = sum(n for _code, n in nationality_counts[TOP_NATIONALITIES:])
    if others:
        nationality_rows.append(("other", _("Other nationalities"), others))

    veps = population.filter(pk__in=_vep_ids())
    vep_cells = dict(
        ((sex, status), n)
        for sex, status, n in veps.values_list("sex", "legal_status").annotate(n=Count("id")).values_list(
            "sex", "legal_status", "n")
    )
    vep_rows = []
    for sex, label in sexes:
        counts = [vep_cells.get((sex, code), 0) for code, _label in statuses]
        if any(counts):
            vep_rows.append((str(label), counts, sum(counts)))

    convicted_terrorism = Prisoner.objects.filter(
        pk__in=Offence.objects.filter(terrorism_link=True, status=OffenceStatus.CONVICTED).values("prisoner_id")
    )
    closed = convicted_terrorism.on_roll().exclude(current_prison__prison_type__in=OPEN_SETTINGS).count()
    open_setting = convicted_terrorism.filter(current_prison__prison_type__in=OPEN_SETTINGS).count()
    probation = convicted_terrorism.filter(legal_status=LegalStatus.PROBATION, current_prison__isnull=True).count()

    return Statistics(
        national=occupancy_national(user=user),
        prison_count=prison_list(user=user).count(),
        by_legal_status=_breakdown(population, "legal_status", statuses),
        by_sex=_breakdown(population, "sex", sexes),
        by_age_group=Breakdown([("juvenile", _("Juveniles"), juvenile), ("adult", _("Adults"), total - juvenile)]),
        by_nationality=Breakdown(nationality_rows),
        by_region=occupancy_by_region(user=user),
        by_prison=occupancy_by_prison(user=user),
        vep_total=sum(row[2] for row in vep_rows),
        vep_by_sex_and_status=vep_rows,
        vep_status_labels=[label for _code, label in statuses],
        vep_status_totals=[sum(row[1][i] for row in vep_rows) for i in range(len(statuses))],
        terrorism_convicted=Breakdown([
            ("closed", _("In closed-setting prisons"), closed),
            ("open", _("In semi-open or open prisons"), open_setting),
            ("probation", _("Under probation supervision"), probation),
        ]),
        returnees_by_sex=_breakdown(population.filter(returnee=True), "sex", sexes),
    )
