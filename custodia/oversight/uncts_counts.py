"""The prison section of the UN Survey of Crime Trends and Operations of Criminal Justice Systems
(UN-CTS) and the national trends by month (docs/uncts.md): counted from the history the files keep,
not from today's columns, so a past year is counted as it stood.

- On the reference date (31 December, or today for the year under way; rules.reference_date): the
  people a custody period held at the end of the day, by sex, age group (the profile's juvenile age,
  on that day), nationality (the profile's country or another), UN-CTS legal status from the changes
  of legal status in force then (rules.uncts_status), those awaiting trial, the official capacity of
  the prisons open then, and the sentenced by the ICCS section of their most serious convicted
  offence (rules.most_serious_section). Five queries.
- By month: the people held at each month's end, unsentenced and linked to violent extremism, per
  prison, in one sweep over the custody periods and legal status changes (rules.counts_at). Four
  queries whatever the number of months.

Aggregates only, never names; scoped to the prisons the user oversees (all for headquarters, a
director's own), or to one of them. `user=None` is the export's system reader: every prison."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.core.figures import Cell, FigureTable
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register import iccs
from custodia.register.choices import OffenceStatus, Sex
from custodia.register.models import CustodyPeriod, LegalStatusChange, Offence, Prisoner
from custodia.register.selectors import terrorism_linked

from . import rules
from .choices import UnctsStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# How many years of months the trends go back: the reference year and the two before it.
TREND_YEARS = 3
# Before any recorded change of legal status: a span that starts before every custody period.
BEFORE_ALL = date(1900, 1, 1)

Changes = list[tuple[date, int, str]]


def prisons_of(user: User | None, prison_id: int | None = None) -> QuerySet[Prison]:
    """The prisons counted: those in the user's scope (every prison for headquarters and the
    export), or the one chosen among them."""
    prisons = Prison.objects.all()
    scope = None if user is None else prison_scope(user)
    if scope is not None:
        prisons = prisons.filter(pk__in=scope)
    return prisons.filter(pk=prison_id) if prison_id is not None else prisons


def _covering(moment: datetime) -> Q:
    """Custody periods holding their person at `moment` (rules.held_at)."""
    return Q(started_at__lt=moment) & (Q(ended_at__isnull=True) | Q(ended_at__gte=moment))


def _changes_of(people: QuerySet[Any]) -> dict[int, Changes]:
    changes: dict[int, Changes] = defaultdict(list)
    rows = LegalStatusChange.objects.filter(prisoner__in=people).values_list(
        "prisoner_id", "effective_on", "id", "status"
    )
    for prisoner_id, effective_on, change_id, status in rows.order_by():
        changes[prisoner_id].append((effective_on, change_id, status))
    return changes


@dataclass
class PrisonHeld:
    name: str
    capacity: int
    held: int = 0
    unsentenced: int = 0
    veps: int = 0


@dataclass
class ReferenceCounts:
    """The people held on the reference date, in UN-CTS's categories."""

    day: date
    today: bool  # the year under way: counted on today's date
    held: int = 0
    by_sex: Counter[str] = field(default_factory=Counter)
    juveniles: int = 0
    nationals: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    awaiting_trial: int = 0
    by_section: Counter[str] = field(default_factory=Counter)  # "" where no convicted offence is recorded
    capacity: int = 0
    by_prison: list[PrisonHeld] = field(default_factory=list)

    @property
    def adults(self) -> int:
        return self.held - self.juveniles

    @property
    def foreigners(self) -> int:
        return self.held - self.nationals


def reference_counts(*, user: User | None, day: date, prison_id: int | None = None) -> ReferenceCounts:
    """The people held at the end of `day` in the user's prisons (or the one chosen)."""
    today = timezone.localdate()
    profile = active_profile()
    moment = rules.end_of(day, timezone.get_current_timezone())
    prisons = {p.pk: p for p in prisons_of(user, prison_id)}
    periods = CustodyPeriod.objects.filter(_covering(moment), prison__in=list(prisons))
    people = periods.values("prisoner_id")
    held: dict[int, tuple[int, str, str, date | None, int | None]] = {}
    for prisoner_id, prison, sex, nationality, born_on, birth_year in periods.values_list(
        "prisoner_id",
        "prison_id",
        "prisoner__sex",
        "prisoner__nationality",
        "prisoner__date_of_birth",
        "prisoner__birth_year_estimated",
    ).order_by():
        held.setdefault(prisoner_id, (prison, sex, nationality, born_on, birth_year))
    changes = _changes_of(people)
    convicted: dict[int, list[str]] = defaultdict(list)
    for prisoner_id, code in (
        Offence.objects.filter(prisoner__in=people, status=OffenceStatus.CONVICTED)
        .values_list("prisoner_id", "iccs_code")
        .order_by()
    ):
        convicted[prisoner_id].append(code)
    veps = set(Prisoner.objects.filter(pk__in=people).filter(terrorism_linked()).values_list("pk", flat=True))

    counts = ReferenceCounts(day=day, today=day == today, held=len(held))
    per_prison: dict[int, PrisonHeld] = {}
    for prisoner_id, (prison, sex, nationality, born_on, birth_year) in held.items():
        counts.by_sex[sex] += 1
        counts.juveniles += rules.is_juvenile(born_on, birth_year, day, profile.juvenile_age)
        counts.nationals += nationality == profile.country_code
        history = changes.get(prisoner_id, [])
        status = rules.uncts_status(rules.status_on(history, day))
        counts.by_status[status] += 1
        counts.awaiting_trial += rules.awaiting_trial(
            status, convicted_offence=bool(convicted.get(prisoner_id)), changed_since=rules.changed_after(history, day)
        )
        if status == UnctsStatus.SENTENCED:
            counts.by_section[rules.most_serious_section(convicted.get(prisoner_id, []))] += 1
        row = per_prison.setdefault(prison, PrisonHeld(prisons[prison].name, prisons[prison].official_capacity))
        row.held += 1
        row.unsentenced += status == UnctsStatus.UNSENTENCED
        row.veps += prisoner_id in veps
    # The estate keeps no dates of opening: the prisons open on the day are those in use and any
    # other that held someone then.
    for pk, in_use in prisons.items():
        if in_use.is_active and pk not in per_prison:
            per_prison[pk] = PrisonHeld(in_use.name, in_use.official_capacity)
    counts.by_prison = sorted(per_prison.values(), key=lambda row: row.name)
    counts.capacity = sum(row.capacity for row in counts.by_prison)
    return counts


@dataclass(frozen=True)
class MonthHeld:
    day: date
    held: int
    capacity: int
    unsentenced: int
    veps: int


def monthly_counts(*, user: User | None, first: date, last: date, prison_id: int | None = None) -> list[MonthHeld]:
    """At the end of each month from `first`'s to `last`, the people held in the user's prisons
    (or the one chosen), the unsentenced and those linked to violent extremism among them."""
    return monthly_trends(user=user, first=first, last=last, prison_id=prison_id).national


@dataclass(frozen=True)
class Trends:
    national: list[MonthHeld]  # the prisons counted together
    by_prison: dict[str, list[MonthHeld]]  # each prison by its name, when asked for


def monthly_trends(
    *, user: User | None, first: date, last: date, prison_id: int | None = None, per_prison: bool = False
) -> Trends:
    """monthly_counts, and with `per_prison` each prison's months too, from the same sweep."""
    tz = timezone.get_current_timezone()
    days = rules.month_ends(first, last)
    moments = [rules.end_of(day, tz) for day in days]
    prisons = {p.pk: p for p in prisons_of(user, prison_id)}
    periods = CustodyPeriod.objects.filter(prison__in=list(prisons), started_at__lt=moments[-1]).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=moments[0])
    )
    changes = _changes_of(periods.values("prisoner_id"))
    veps = set(Prisoner.objects.filter(terrorism_linked()).values_list("pk", flat=True))
    before_all = datetime.combine(BEFORE_ALL, time(), tzinfo=tz)

    def spans() -> Any:
        rows = periods.values_list("prisoner_id", "prison_id", "started_at", "ended_at").order_by()
        for prisoner_id, prison, started_at, ended_at in rows:
            history = rules.status_spans(changes.get(prisoner_id, []), tz)
            first_change = history[0][0] if history else None
            statuses = [(before_all, first_change, None), *history]
            for start, end, status in statuses:
                common = rules.overlap((started_at, ended_at), (start, end))
                if common is not None:
                    yield (*common, (prison, rules.uncts_status(status), prisoner_id in veps))

    counted = rules.counts_at(spans(), moments)
    in_use = {pk for pk, p in prisons.items() if p.is_active}
    # A prison out of use counts in the months it held someone (its places too), and is listed
    # with every month when the prisons are shown one by one.
    listed = in_use.union(*({prison for prison, _status, _vep in held} for held in counted))
    national = []
    by_prison: dict[int, list[MonthHeld]] = defaultdict(list)
    for day, held in zip(days, counted, strict=True):
        holding = {prison for prison, _status, _vep in held}
        national.append(_month(day, held, prisons, holding | in_use))
        if per_prison:
            here: dict[int, Counter[tuple[int, str, bool]]] = defaultdict(Counter)
            for key, n in held.items():
                here[key[0]][key] = n
            for pk in listed:
                by_prison[pk].append(_month(day, here[pk], prisons, {pk} & (holding | in_use)))
    names = {prisons[pk].name: months for pk, months in by_prison.items()}
    return Trends(national=national, by_prison=dict(sorted(names.items())))


def _month(
    day: date, held: Counter[tuple[int, str, bool]], prisons: dict[int, Prison], open_prisons: set[int]
) -> MonthHeld:
    return MonthHeld(
        day=day,
        held=sum(held.values()),
        capacity=sum(prisons[pk].official_capacity for pk in open_prisons),
        unsentenced=sum(n for (_p, status, _v), n in held.items() if status == UnctsStatus.UNSENTENCED),
        veps=sum(n for (_p, _s, vep), n in held.items() if vep),
    )


# --- the figures, with UN-CTS's definitions in our words -----------------------------------------


def definitions() -> dict[str, str]:
    """What each figure counts, shown beside it on the page and written beside it in the export."""
    return {
        "held": _(
            "Persons held: everyone a prison of the service is responsible for at the end of the reference "
            "date, whatever their legal status, including those out at court, in hospital or on temporary "
            "release that day; those who have escaped or been released are not held."
        ),
        "sex": _("By the sex recorded on the file."),
        "age": _(
            "Juveniles: persons held who are under the country's age of criminal majority (%(age)s years) on the "
            "reference date; adults: all others. An estimated year of birth is reckoned from mid-year."
        )
        % {"age": active_profile().juvenile_age},
        "nationality": _(
            "Nationals: persons held who are citizens of the country whose service this is (%(country)s); foreign "
            "citizens: all others, stateless persons and those of unknown nationality included."
        )
        % {"country": active_profile().country_code},
        "unsentenced": _(
            "Unsentenced: persons held who are untried or awaiting a first decision of a court on their case "
            "(remand, pre-trial detention). A person sentenced at first instance who has appealed is sentenced."
        ),
        "awaiting_trial": _(
            "Of which awaiting trial: unsentenced persons whose trial has not yet ended in a conviction; the "
            "others were convicted and await their sentence."
        ),
        "sentenced": _(
            "Sentenced: persons held who have been sentenced, whether or not the sentence is final (an appeal pending)."
        ),
        "other": _(
            "Held for another reason: persons held who are not held for a criminal offence, such as civil "
            "debtors. They are among the persons held but neither unsentenced nor sentenced."
        ),
        "unknown": _("Legal status not recorded: no legal status was in force on the reference date on the file."),
        "capacity": _(
            "Official capacity: the number of places of the prisons open on the reference date, as the estate "
            "records them; occupancy is the persons held per 100 places."
        ),
        "offences": _(
            "Sentenced persons by the ICCS section of their most serious offence: of the offences the file "
            "records them convicted of, the one of the gravest section (docs/uncts.md gives the order)."
        ),
        "trends": _(
            "At the end of each month (today in the month under way): the persons held, those unsentenced and "
            "those linked to terrorism or violent extremism among them. Occupancy is against the official "
            "capacity of the prisons in use, whose history the estate does not keep."
        ),
    }


def reference_tables(counts: ReferenceCounts) -> list[FigureTable]:
    words = definitions()
    when = date_format(counts.day, "DATE_FORMAT")
    held_on = _("Persons held on %(date)s") % {"date": when}
    status = counts.by_status
    statuses: list[list[Cell]] = [
        [_("Unsentenced"), status[UnctsStatus.UNSENTENCED]],
        [_("of which awaiting trial"), counts.awaiting_trial],
        [_("Sentenced"), status[UnctsStatus.SENTENCED]],
        [str(UnctsStatus.OTHER.label), status[UnctsStatus.OTHER]],
    ]
    if status[UnctsStatus.UNKNOWN]:
        statuses.append([str(UnctsStatus.UNKNOWN.label), status[UnctsStatus.UNKNOWN]])
    statuses.append([_("Total persons held"), counts.held])
    sections: list[list[Cell]] = [[f"{code} {label}", counts.by_section[code]] for code, label in iccs.SECTIONS.items()]
    if counts.by_section[""]:
        sections.append([_("No convicted offence recorded"), counts.by_section[""]])
    by_sex: list[list[Cell]] = [[str(label), counts.by_sex[code]] for code, label in Sex.choices]
    return [
        FigureTable(
            slug="uncts-sex",
            title=_("%(held)s, by sex") % {"held": held_on},
            columns=[_("Sex"), _("Persons held")],
            rows=[*by_sex, [_("Total"), counts.held]],
            chart="",
            note=f"{words['held']} {words['sex']}",
        ),
        FigureTable(
            slug="uncts-age",
            title=_("By age group"),
            columns=[_("Age group"), _("Persons held")],
            rows=[[_("Adults"), counts.adults], [_("Juveniles"), counts.juveniles], [_("Total"), counts.held]],
            chart="",
            note=words["age"],
        ),
        FigureTable(
            slug="uncts-nationality",
            title=_("By nationality"),
            columns=[_("Nationality"), _("Persons held")],
            rows=[
                [_("Nationals"), counts.nationals],
                [_("Foreign citizens"), counts.foreigners],
                [_("Total"), counts.held],
            ],
            chart="",
            note=words["nationality"],
        ),
        FigureTable(
            slug="uncts-legal-status",
            title=_("By legal status"),
            columns=[_("Legal status"), _("Persons held")],
            rows=statuses,
            chart="",
            note=" ".join(words[key] for key in ("unsentenced", "awaiting_trial", "sentenced", "other")),
        ),
        FigureTable(
            slug="uncts-capacity",
            title=_("Official capacity and occupancy"),
            columns=[_("Figure"), _("Value")],
            rows=[
                [_("Official capacity"), counts.capacity],
                [_("Persons held"), counts.held],
                [_("Occupancy, per cent of official capacity"), rules.share(counts.held, counts.capacity)],
            ],
            chart="",
            note=words["capacity"],
        ),
        FigureTable(
            slug="uncts-offences",
            title=_("Sentenced persons by most serious offence (ICCS section)"),
            columns=[_("ICCS section"), _("Sentenced persons")],
            rows=sections,
            chart="horizontal",
            note=words["offences"],
        ),
        FigureTable(
            slug="uncts-prisons",
            title=_("%(held)s, by prison") % {"held": held_on},
            columns=[
                _("Prison"),
                _("Persons held"),
                _("Official capacity"),
                _("Occupancy, per cent"),
                _("Unsentenced, per cent"),
                _("Linked to violent extremism"),
            ],
            rows=[
                [
                    row.name,
                    row.held,
                    row.capacity,
                    rules.share(row.held, row.capacity),
                    rules.share(row.unsentenced, row.held),
                    row.veps,
                ]
                for row in counts.by_prison
            ],
            chart="",
            note=f"{words['capacity']} {words['unsentenced']}",
        ),
    ]


def trend_tables(months: list[MonthHeld]) -> list[FigureTable]:
    note = definitions()["trends"]
    return [
        FigureTable(
            slug="trend-occupancy",
            title=_("Occupancy and pre-trial share by month"),
            columns=[
                _("Month"),
                _("Persons held"),
                _("Official capacity"),
                _("Occupancy, per cent"),
                _("Unsentenced"),
                _("Unsentenced, per cent"),
            ],
            rows=[
                [
                    month.day.isoformat(),
                    month.held,
                    month.capacity,
                    rules.share(month.held, month.capacity),
                    month.unsentenced,
                    rules.share(month.unsentenced, month.held),
                ]
                for month in months
            ],
            chart="line",
            charted_columns=[3, 5],
            note=note,
        ),
        FigureTable(
            slug="trend-vep",
            title=_("Persons held linked to terrorism or violent extremism, by month"),
            columns=[_("Month"), _("Persons held linked to violent extremism")],
            rows=[[month.day.isoformat(), month.veps] for month in months],
            chart="line",
            note=note,
        ),
    ]


def prison_trend_table(by_prison: dict[str, list[MonthHeld]]) -> FigureTable:
    """Every prison month by month, one line each (the export's; the page shows one prison's trends
    when it is chosen)."""
    return FigureTable(
        slug="trend-prisons",
        title=_("Occupancy, pre-trial share and persons linked to violent extremism by prison and month"),
        columns=[
            _("Prison"),
            _("Month"),
            _("Persons held"),
            _("Official capacity"),
            _("Occupancy, per cent"),
            _("Unsentenced"),
            _("Unsentenced, per cent"),
            _("Linked to violent extremism"),
        ],
        rows=[
            [
                name,
                month.day.isoformat(),
                month.held,
                month.capacity,
                rules.share(month.held, month.capacity),
                month.unsentenced,
                rules.share(month.unsentenced, month.held),
                month.veps,
            ]
            for name, months in by_prison.items()
            for month in months
        ],
        chart="",
        note=definitions()["trends"],
    )


def trend_start(day: date) -> date:
    """The first month of the trends: January of the year TREND_YEARS - 1 before the reference date's."""
    return date(day.year - TREND_YEARS + 1, 1, 1)


def figures(*, user: User | None, prison_id: int | None, year: int) -> list[FigureTable]:
    """The page's tables: the reference date's, then the trends up to it."""
    day = rules.reference_date(year, timezone.localdate())
    counts = reference_counts(user=user, day=day, prison_id=prison_id)
    months = monthly_counts(user=user, first=trend_start(day), last=day, prison_id=prison_id)
    return reference_tables(counts) + trend_tables(months)
