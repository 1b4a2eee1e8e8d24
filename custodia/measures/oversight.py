"""Restrictive measures in figures (Mandela Rules 36-46), for the measures oversight page (which
renders any list of core.figures.FigureTable): aggregates only, never names, scoped to the prisons
the user oversees or to one of them. A handful of queries whatever the number of people."""

from collections import Counter, defaultdict
from datetime import date, timedelta
from statistics import median

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from custodia.accounts.selectors import prison_scope
from custodia.core.figures import Cell, FigureTable
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner
from custodia.register.selectors import terrorism_linked

from . import rules, selectors
from .choices import MeasureKind, MeasureStatus
from .models import HealthVisit, Measure

# A run of solitary confinement this long is near the 15-day limit of Rules 43-44.
NEAR_LIMIT_DAYS = 12
MISSED_WINDOW_DAYS = 30
RATE_WINDOW_DAYS = 365


def _prisons(user: User, prison_id: int | None) -> QuerySet[Prison]:
    if not user.has_perm(selectors.OVERSIGHT):
        return Prison.objects.none()
    prisons = Prison.objects.all()
    scope = prison_scope(user)
    if scope is not None:
        prisons = prisons.filter(pk__in=scope)
    return prisons.filter(pk=prison_id) if prison_id is not None else prisons


def _median(values: list[int]) -> float | None:
    return round(float(median(values)), 1) if values else None


def _per_100(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _runs_so_far(prisoner_ids: set[int], today: date) -> dict[int, int]:
    """Each person's run of solitary confinement to today (rules.solitary_run, every period of the
    person counted, wherever it was), in one query."""
    periods: dict[int, list[rules.Period]] = defaultdict(list)
    for prisoner_id, first, planned, ended in Measure.objects.filter(
        prisoner_id__in=prisoner_ids, solitary=True, starts_on__lte=today
    ).values_list("prisoner_id", "starts_on", "ends_on", "ended_on"):
        periods[prisoner_id].append(rules.Period(first, min(ended or planned, today)))
    break_days = active_profile().measures.solitary_break_days
    return {person: rules.solitary_run(found, break_days=break_days) for person, found in periods.items()}


def _in_force(measures: QuerySet[Measure], today: date) -> tuple[FigureTable, FigureTable]:
    rows = list(
        measures.filter(status=MeasureStatus.IN_FORCE).values_list(
            "kind", "prisoner_id", "solitary", "starts_on", "ends_on", "prison__name"
        )
    )
    runs = _runs_so_far({prisoner for _k, prisoner, solitary, *_rest in rows if solitary}, today)
    people: dict[str, set[int]] = defaultdict(set)
    solitary_people: dict[str, set[int]] = defaultdict(set)
    days: dict[str, list[int]] = defaultdict(list)
    by_prison: dict[str, list[set[int]]] = defaultdict(lambda: [set(), set(), set()])
    for kind, prisoner, solitary, starts_on, ends_on, prison in rows:
        people[kind].add(prisoner)
        days[kind].append((min(ends_on, today) - starts_on).days + 1)
        by_prison[prison][0].add(prisoner)
        if solitary:
            solitary_people[kind].add(prisoner)
            by_prison[prison][1].add(prisoner)
            if runs.get(prisoner, 0) >= NEAR_LIMIT_DAYS:
                by_prison[prison][2].add(prisoner)
    near = {kind: {p for p in found if runs.get(p, 0) >= NEAR_LIMIT_DAYS} for kind, found in solitary_people.items()}
    by_kind = FigureTable(
        slug="measures-in-force",
        title=_("Restrictive measures in force, by kind"),
        columns=[
            pgettext("restrictive measure", "Measure"),
            _("People now"),
            _("In solitary confinement"),
            _("Solitary run of 12 days or more"),
            _("Median days in the measure"),
        ],
        rows=[
            [
                str(kind.label),
                len(people[kind]),
                len(solitary_people[kind]),
                len(near.get(kind, set())),
                _median(days[kind]),
            ]
            for kind in MeasureKind
        ],
        chart="horizontal",
        charted_columns=[1, 2],
        note=_(
            "People held under each kind of measure today. Solitary confinement is 22 hours or more a day "
            "without meaningful human contact (Rule 44); a run counts every period of the person's solitary "
            "confinement, short breaks included, and may not pass 15 days (Rule 43). Days: from the start to today."
        ),
    )
    prison_rows: list[list[Cell]] = [
        [prison, len(found[0]), len(found[1]), len(found[2])] for prison, found in sorted(by_prison.items())
    ]
    per_prison = FigureTable(
        slug="measures-by-prison",
        title=_("People under a restrictive measure now, by prison"),
        columns=[
            _("Prison"),
            _("People under a measure"),
            _("In solitary confinement"),
            _("Solitary run of 12 days or more"),
        ],
        rows=prison_rows,
        chart="horizontal",
        charted_columns=[1, 2, 3],
        note=_("A person under two measures at once is counted once."),
    )
    return by_kind, per_prison


def _missed(measures: QuerySet[Measure], today: date) -> FigureTable:
    """Past days, in the last 30, that a person held apart went without a health-care visit."""
    first = today - timedelta(days=MISSED_WINDOW_DAYS)
    last = today - timedelta(days=1)
    held = list(
        measures.filter(kind__in=rules.HELD_APART, starts_on__lte=last)
        .filter(Q(ended_on__isnull=True, ends_on__gte=first) | Q(ended_on__gte=first))
        .values_list("pk", "kind", "starts_on", "ends_on", "ended_on")
    )
    visited: dict[int, set[date]] = defaultdict(set)
    for measure_id, day in HealthVisit.objects.filter(
        measure_id__in=[pk for pk, *_rest in held], visited_on__gte=first
    ).values_list("measure_id", "visited_on"):
        visited[measure_id].add(day)
    measures_missing: Counter[str] = Counter()
    days_missed: Counter[str] = Counter()
    for pk, kind, starts_on, ends_on, ended_on in held:
        window_last = min(ended_on or ends_on, last)
        window_first = max(starts_on, first)
        if window_last < window_first:
            continue
        missed = rules.days_without_visit(first=window_first, last=window_last, visited=visited[pk])
        if missed:
            measures_missing[kind] += 1
            days_missed[kind] += len(missed)
    return FigureTable(
        slug="measures-missed-visits",
        title=_("Daily health-care visits missed in the last 30 days, by kind"),
        columns=[pgettext("restrictive measure", "Measure"), _("Measures with a day missed"), _("Days missed")],
        rows=[
            [str(kind.label), measures_missing[kind], days_missed[kind]]
            for kind in MeasureKind
            if kind in rules.HELD_APART
        ],
        chart="horizontal",
        charted_columns=[2],
        note=_(
            "Health-care staff visit everyone held apart against their will every day (Rule 46). Each past day "
            "of the last 30 without a visit counts; today is not missed yet. Restraint holds nobody apart."
        ),
    )


def _extremism(measures: QuerySet[Measure], prisons: QuerySet[Prison], today: date) -> FigureTable:
    """Measures imposed in the last 12 months per 100 people held now, people linked to violent
    extremism beside the others: a sign of measures used on the one group more than the other."""
    imposed = Counter(
        {
            (kind, vep): n
            for kind, vep, n in measures.filter(starts_on__gt=today - timedelta(days=RATE_WINDOW_DAYS))
            .annotate(vep=terrorism_linked("prisoner_id"))
            .values_list("kind", "vep")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    held = Counter(
        {
            vep: n
            for vep, n in Prisoner.objects.on_roll()
            .filter(current_prison__in=prisons)
            .annotate(vep=terrorism_linked())
            .values_list("vep")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    return FigureTable(
        slug="measures-vep-rate",
        title=_(
            "Measures imposed in the last 12 months per 100 people held, people linked to violent extremism and others"
        ),
        columns=[
            pgettext("restrictive measure", "Measure"),
            _("Per 100 people linked to violent extremism"),
            _("Per 100 other people"),
            _("Measures (linked to violent extremism)"),
            _("Measures (others)"),
        ],
        rows=[
            [
                str(kind.label),
                _per_100(imposed[(kind.value, True)], held[True]),
                _per_100(imposed[(kind.value, False)], held[False]),
                imposed[(kind.value, True)],
                imposed[(kind.value, False)],
            ]
            for kind in MeasureKind
        ],
        chart="horizontal",
        charted_columns=[1, 2],
        note=_(
            "Measures that started in the last 12 months, for every 100 people held today in each group. A person "
            "is linked to violent extremism by an offence flagged so, as everywhere in the service."
        )
        + " "
        + _("People held now: %(vep)s linked to violent extremism, %(others)s others.")
        % {"vep": held[True], "others": held[False]},
    )


def figures(*, user: User, prison_id: int | None = None) -> list[FigureTable]:
    """The figures of restrictive measures, for the prisons the user oversees (or one)."""
    today = timezone.localdate()
    prisons = _prisons(user, prison_id)
    measures = Measure.objects.filter(prison__in=prisons)
    by_kind, per_prison = _in_force(measures, today)
    return [by_kind, per_prison, _missed(measures, today), _extremism(measures, prisons, today)]
