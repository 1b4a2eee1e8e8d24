"""What the compliance page shows (docs/compliance.md): each check's tally at each prison in the
reader's scope and their total, the trend of the total by day from the snapshots, and both as
figure tables for the exports (core.exports.figure_download). Counts only: the people concerned are
listed by the checks themselves (`Check.people`), on the page of one check at one prison.

The checks are `compliance.registry.CHECKS`; this module only reads them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Subquery, Sum
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.core.figures import Cell, FigureTable
from custodia.estate.models import Prison

from .charts import PALETTE, ChartSpec
from .compliance.base import Check, Tally
from .compliance.registry import CHECKS
from .compliance.rules import score
from .kept_figures import kept_until_change
from .models import ComplianceSnapshot

# How far back the trend goes.
TREND_DAYS = 365
TABLE_SLUG = "compliance"
TREND_SLUG = "compliance-trend"


@dataclass(frozen=True)
class Score:
    """One check's tally at one prison (or the total of several), with its score."""

    tally: Tally
    percent: float | None  # None: nothing to check (rules.score)
    prison: Prison | None = None  # None for the total


@dataclass(frozen=True)
class Row:
    """One check as the page's table shows it: its score at each prison and in total."""

    check: Check
    scores: list[Score]  # in the order of the prisons
    total: Score


def _total(tallies: Sequence[Tally]) -> Tally:
    return Tally(sum(t.checked for t in tallies), sum(t.short for t in tallies))


def tallies_of(prisons: Sequence[Prison], today: date) -> dict[str, dict[int, Tally]]:
    """{check key: {prison id: Tally}} for `prisons`. Counting every check over a whole country is
    the slow part, so the counts are kept in the cache until the audit trail grows (every change of
    data writes an event), the day changes or the prisons asked for differ. Only numbers are kept:
    the words around them are translated when the page is drawn, in the reader's language."""
    ids = sorted(p.pk for p in prisons)
    return kept_until_change(
        "compliance",
        today,
        *ids,
        count=lambda: {
            check.key: ({} if check.not_recorded else check.tallies(prisons=prisons, today=today)) for check in CHECKS
        },
    )


def rows(prisons: Sequence[Prison], today: date) -> list[Row]:
    """A row per check, in the registry's order; a check not yet recorded has no score anywhere."""
    tallies = tallies_of(prisons, today)
    result = []
    for check in CHECKS:
        by_prison = tallies[check.key]
        scores = []
        for prison in prisons:
            tally = by_prison.get(prison.pk, Tally(0, 0))
            scores.append(Score(tally, None if check.not_recorded else score(tally), prison))
        total = _total([s.tally for s in scores])
        result.append(Row(check, scores, Score(total, None if check.not_recorded else score(total))))
    return result


@dataclass(frozen=True)
class Trend:
    days: list[date]
    # Per check recorded: its label and its total score each day (None: no snapshot that day, or
    # nothing to check).
    series: list[tuple[Check, list[float | None]]]


def trend(prisons: Sequence[Prison], today: date) -> Trend:
    """The total score of each check by day, over the snapshots of `prisons` of the last
    TREND_DAYS days: one query."""
    since = today - timedelta(days=TREND_DAYS)
    sums = (
        ComplianceSnapshot.objects.filter(prison__in=[p.pk for p in prisons], day__gte=since, day__lte=today)
        .values("day", "check_key")
        .annotate(checked=Sum("checked"), short=Sum("short"))
        .order_by("day")
    )
    by_day: dict[date, dict[str, Tally]] = {}
    for row in sums:
        by_day.setdefault(row["day"], {})[row["check_key"]] = Tally(row["checked"], row["short"])
    days = sorted(by_day)
    series = []
    for check in CHECKS:
        if check.not_recorded:
            continue
        values = [score(by_day[day][check.key]) if check.key in by_day[day] else None for day in days]
        if any(value is not None for value in values):
            series.append((check, values))
    return Trend(days, series)


def _label(check: Check) -> str:
    return f"{check.rule}: {check.title}"


def trend_chart(found: Trend) -> ChartSpec:
    """The trend as a line chart (static/custodia/custodia.js): a line per check; a day without a
    score is a gap in its line (null), not a fall to 0 %."""
    return {
        "type": "line",
        "labels": [day.isoformat() for day in found.days],
        "datasets": [
            {
                "label": _label(check),
                "data": values,
                "borderColor": PALETTE[i % len(PALETTE)],
                "backgroundColor": PALETTE[i % len(PALETTE)],
            }
            for i, (check, values) in enumerate(found.series)
        ],
    }


def trend_table(found: Trend) -> FigureTable:
    """The trend as a table: a row per day, a column per check (the chart's accessible twin and its export)."""
    return FigureTable(
        slug=TREND_SLUG,
        title=_("Scores by day"),
        columns=[_("Day"), *[_label(check) for check, _values in found.series]],
        rows=[[day.isoformat(), *[values[i] for _check, values in found.series]] for i, day in enumerate(found.days)],
        chart="",
        note=_("Per cent of what was checked that meets the rule, from the snapshot recorded each day."),
    )


def scores_table(found: Sequence[Row], *, total_label: str) -> FigureTable:
    """The page's table as a file: a row per check and prison, then the check's total (long rather
    than wide, so that a spreadsheet filters and pivots it). A check not yet recorded has no
    figures, and says why."""
    cells: list[list[Cell]] = []
    for row in found:
        check = row.check
        # Translated once per check, not once per prison: a national table has thousands of rows.
        about: list[Cell] = [str(check.rule), str(check.title), str(check.unit)]
        why = str(check.not_recorded or "")
        for s in [*row.scores, row.total]:
            where = s.prison.name if s.prison is not None else total_label
            figures: list[Cell] = (
                [None, None, None] if check.not_recorded else [s.tally.checked, s.tally.short, s.percent]
            )
            cells.append([*about, where, *figures, why])
    return FigureTable(
        slug=TABLE_SLUG,
        title=_("Mandela Rules compliance"),
        columns=[
            _("Rule"),
            _("Check"),
            _("Counted"),
            _("Prison"),
            _("Checked"),
            _("Falling short"),
            _("Score (%)"),
            _("Not yet recorded"),
        ],
        rows=cells,
        chart="",
    )


def checks_falling_short(*, user: User) -> int | None:
    """How many checks found anyone or anything falling short in the user's prisons at the last
    daily snapshot (one query), or None when no snapshot was recorded yet: the home page's count."""
    scope = prison_scope(user)
    snapshots = (
        ComplianceSnapshot.objects.all() if scope is None else ComplianceSnapshot.objects.filter(prison__in=scope)
    )
    last = snapshots.order_by("-day").values("day")[:1]
    found = list(
        snapshots.filter(day=Subquery(last))
        .values("check_key")
        .annotate(short=Sum("short"))
        .order_by()
        .values_list("check_key", "short")
    )
    if not found:
        return None
    recorded = {check.key for check in CHECKS if not check.not_recorded}
    return sum(1 for key, short in found if key in recorded and short)
