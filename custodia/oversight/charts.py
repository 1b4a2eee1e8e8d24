"""Chart.js specifications built from the statistics and the classification oversight figures;
the pages embed them with json_script and static/custodia/custodia.js draws them (no inline
scripts)."""

from django.utils.translation import gettext as _

from custodia.core.figures import FigureTable

from .selectors import Breakdown, ClassificationOversight, Statistics

# What json_script serialises for one chart: labels, datasets and drawing options.
ChartSpec = dict[str, object]

PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#ffc107", "#0dcaf0"]


def _bars(breakdown: Breakdown, label: str, **options: object) -> ChartSpec:
    return {
        "labels": [row_label for _code, row_label, _count in breakdown.rows],
        "datasets": [{"label": label, "data": [count for *_rest, count in breakdown.rows], "backgroundColor": PALETTE}],
        **options,
    }


def charts_for(stats: Statistics) -> dict[str, ChartSpec]:
    return {
        "chart-legal-status": _bars(stats.by_legal_status, _("People"), type="doughnut"),
        "chart-sex": _bars(stats.by_sex, _("People"), type="doughnut"),
        "chart-nationality": _bars(stats.by_nationality, _("People"), horizontal=True),
        "chart-region": {
            "labels": [occ.label for occ in stats.by_region],
            "datasets": [
                {
                    "label": _("Occupancy, per cent of official capacity"),
                    "data": [occ.rate or 0 for occ in stats.by_region],
                    "backgroundColor": PALETTE[1],
                }
            ],
            "horizontal": True,
        },
        "chart-vep": {
            "labels": stats.vep_status_labels,
            "datasets": [
                {"label": sex, "data": counts, "backgroundColor": PALETTE[i % len(PALETTE)]}
                for i, (sex, counts, _total) in enumerate(stats.vep_by_sex_and_status)
            ],
            "stacked": True,
        },
    }


CLASSIFICATION_PALETTE = ["#6c757d", "#0d6efd", "#198754", "#fd7e14", "#dc3545", "#6f42c1"]


def classification_charts(figures: ClassificationOversight) -> dict[str, ChartSpec]:
    levels = figures.by_level
    palette = CLASSIFICATION_PALETTE
    return {
        "chart-levels": {
            "labels": [row.label for row in levels],
            "datasets": [
                {"label": _("Computed"), "data": [row.computed for row in levels], "backgroundColor": palette[0]},
                {"label": _("Proposed"), "data": [row.proposed for row in levels], "backgroundColor": palette[1]},
                {"label": _("Approved"), "data": [row.approved for row in levels], "backgroundColor": palette[2]},
            ],
        },
        "chart-vep-placement": {
            "type": "doughnut",
            "labels": [label for _code, label, _count in figures.vep_by_placement],
            "datasets": [
                {
                    "label": _("People"),
                    "data": [count for *_rest, count in figures.vep_by_placement],
                    "backgroundColor": palette[1:],
                }
            ],
        },
    }


def figure_chart(table: FigureTable) -> ChartSpec:
    """A figure table's chart: its charted columns against the row labels (custodia.core.figures)."""
    doughnut = table.chart == "doughnut"
    return {
        "type": table.chart if table.chart in ("doughnut", "line") else "bar",
        "horizontal": table.chart == "horizontal",
        "labels": [str(row[0]) for row in table.rows],
        "datasets": [
            {
                "label": str(table.columns[column]),
                "data": [row[column] or 0 for row in table.rows],
                "backgroundColor": PALETTE if doughnut else PALETTE[i % len(PALETTE)],
                # A line is drawn in its dataset's colour.
                **({"borderColor": PALETTE[i % len(PALETTE)]} if table.chart == "line" else {}),
            }
            for i, column in enumerate(table.charted_columns)
        ],
    }
