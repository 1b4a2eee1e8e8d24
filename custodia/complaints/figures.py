"""Figures on requests and complaints (right view_complaint_figures): aggregates only, never names
or content, scoped to the prisons where the user works.

What is safe (docs/complaints.md): the confidential route counts per prison only for the
inspection body. Headquarters sees it as one national total (no prison, no category, no content);
a director never sees it at all, since a small prison's count could reveal who complained."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.core.figures import Cell, FigureTable
from custodia.estate.selectors import active_profile

from . import rules, selectors
from .choices import Addressee, Category, Outcome, Status
from .models import Complaint

PERIOD_DAYS = 365
UPHELD = {Outcome.UPHELD, Outcome.PARTLY_UPHELD}
COLOURS = ["#0d6efd", "#dc3545", "#198754", "#fd7e14"]


@dataclass(frozen=True)
class Row:
    prison: str
    category: str
    kind: str
    status: str
    outcome: str
    made_on: date
    answered_on: date | None
    allegation: bool
    referred_on: date | None


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _mean_days(rows: list[Row]) -> float | None:
    days = [(r.answered_on - r.made_on).days for r in rows if r.answered_on is not None]
    return round(sum(days) / len(days), 1) if days else None


def rows_for(*, user: Any, today: date) -> list[Row]:
    """The complaints counted for `user` over the last PERIOD_DAYS: those of the prisons where
    they work; the confidential route only for the inspection body."""
    found = Complaint.objects.filter(made_on__gt=today - timedelta(days=PERIOD_DAYS))
    if not user.has_perm(selectors.CONFIDENTIAL):
        found = found.exclude(addressee=Addressee.INSPECTION)
    scope = prison_scope(user)
    if scope is not None:
        found = found.filter(prison_id__in=scope)
    values = found.values_list(
        "prison__name", "category", "kind", "status", "outcome", "made_on", "answered_on", "allegation", "referred_on"
    )
    return [Row(*v) for v in values]


def confidential_total(*, user: Any, today: date) -> int | None:
    """The national number of confidential-route complaints over the period, for headquarters
    (nationwide, not the inspection body, which counts them in every table); None for the others."""
    if user.has_perm(selectors.CONFIDENTIAL) or prison_scope(user) is not None:
        return None
    return Complaint.objects.filter(
        addressee=Addressee.INSPECTION, made_on__gt=today - timedelta(days=PERIOD_DAYS)
    ).count()


def by_category(rows: list[Row]) -> FigureTable:
    table: list[list[Cell]] = []
    for code, label in Category.choices:
        mine = [r for r in rows if r.category == code]
        if not mine:
            continue
        answered = [r for r in mine if r.outcome]
        table.append(
            [str(label), len(mine), _mean_days(mine), _share(sum(r.outcome in UPHELD for r in answered), len(answered))]
        )
    return FigureTable(
        "by-category",
        _("Complaints and requests by category"),
        [_("Category"), _("Made"), _("Days to answer (mean)"), _("Upheld or granted in part or whole (%)")],
        table,
        chart="horizontal",
    )


def by_prison(rows: list[Row]) -> FigureTable:
    table: list[list[Cell]] = []
    for prison in sorted({r.prison for r in rows}):
        mine = [r for r in rows if r.prison == prison]
        answered = [r for r in mine if r.outcome and r.kind == "complaint"]
        still_open = [r for r in mine if r.status in (Status.OPEN, Status.APPEALED)]
        table.append(
            [
                prison,
                len(mine),
                len(still_open),
                _mean_days(mine),
                _share(sum(r.outcome in UPHELD for r in answered), len(answered)),
            ]
        )
    return FigureTable(
        "by-prison",
        _("By prison"),
        [_("Prison"), _("Made"), _("Awaiting an answer"), _("Days to answer (mean)"), _("Complaints upheld (%)")],
        table,
    )


def referrals(rows: list[Row], today: date, referral_days: int) -> FigureTable:
    states = [rules.ON_TIME, rules.LATE, rules.MISSING, rules.PENDING]
    table: list[list[Cell]] = []
    for prison in sorted({r.prison for r in rows if r.allegation}):
        mine = [r for r in rows if r.prison == prison and r.allegation]
        counted = [rules.referral_state(r.made_on, r.referred_on, referral_days, today) for r in mine]
        table.append([prison, len(mine), *(counted.count(state) for state in states)])
    return FigureTable(
        "referrals",
        _("Allegations of torture or ill-treatment and their referral"),
        [
            _("Prison"),
            _("Allegations"),
            _("Referred on time"),
            _("Referred late"),
            _("Not referred, time past"),
            _("Not referred yet, within the time"),
        ],
        table,
        chart="bar",
        note=_("Each allegation is referred to an independent authority within %(days)s days (Mandela Rule 71).")
        % {"days": referral_days},
        charted_columns=[2, 3, 4],
    )


def chart_of(table: FigureTable) -> dict[str, object]:
    return {
        "type": "bar",
        "horizontal": table.chart == "horizontal",
        "labels": [str(row[0]) for row in table.rows],
        "datasets": [
            {
                "label": str(table.columns[column]),
                "data": [row[column] or 0 for row in table.rows],
                "backgroundColor": COLOURS[i % len(COLOURS)],
            }
            for i, column in enumerate(table.charted_columns)
        ],
    }


@dataclass(frozen=True)
class Figures:
    tables: list[FigureTable]
    charts: dict[str, dict[str, object]]
    confidential_total: int | None


def figures_for(*, user: Any, today: date) -> Figures:
    rows = rows_for(user=user, today=today)
    days = active_profile().complaints.referral_days
    tables = [by_category(rows), by_prison(rows), referrals(rows, today, days)]
    charts = {f"chart-{t.slug}": chart_of(t) for t in tables if t.chart and t.rows}
    return Figures(tables, charts, confidential_total(user=user, today=today))
