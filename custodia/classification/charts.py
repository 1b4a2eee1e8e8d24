"""Chart.js specifications of the oversight figures; the page embeds them with json_script and
static/custodia/custodia.js draws them (no inline scripts)."""

from django.utils.translation import gettext as _

from .selectors import Oversight

PALETTE = ["#6c757d", "#0d6efd", "#198754", "#fd7e14", "#dc3545", "#6f42c1"]


def oversight_charts(figures: Oversight) -> dict[str, dict]:
    levels = figures.by_level
    return {
        "chart-levels": {
            "labels": [row.label for row in levels],
            "datasets": [
                {"label": _("Computed"), "data": [row.computed for row in levels], "backgroundColor": PALETTE[0]},
                {"label": _("Proposed"), "data": [row.proposed for row in levels], "backgroundColor": PALETTE[1]},
                {"label": _("Approved"), "data": [row.approved for row in levels], "backgroundColor": PALETTE[2]},
            ],
        },
        "chart-vep-placement": {
            "type": "doughnut",
            "labels": [label for _code, label, _count in figures.vep_by_placement],
            "datasets": [
                {
                    "label": _("People"),
                    "data": [count for *_rest, count in figures.vep_by_placement],
                    "backgroundColor": PALETTE[1:],
                }
            ],
        },
    }
