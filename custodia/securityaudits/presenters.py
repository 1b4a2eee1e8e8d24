"""What the pages draw from the audits: the charts (core/static/custodia/custodia.js draws each
spec), the table beside each chart saying the same in text."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import checklist, rules
from .checklist import Checklist
from .models import RecommendedAction, SecurityAudit


@dataclass(frozen=True)
class ActionRow:
    action: RecommendedAction
    urgency: str  # rules.action_urgency
    item_label: str  # the checklist item it answers; empty for the prison as a whole


def action_rows(actions: list[RecommendedAction], today: date, used: Checklist | None = None) -> list[ActionRow]:
    def label(code: str) -> str:
        item = used.item(code) if used is not None and code else None
        return str(item.label) if item is not None else ""

    return [
        ActionRow(action, rules.action_urgency(action.status, action.due_on, today), label(action.item_code))
        for action in actions
    ]


def prisons_chart(latest: list[SecurityAudit]) -> dict[str, Any]:
    """Each prison's latest overall score, side by side."""
    return {
        "horizontal": True,
        "labels": [audit.prison.name for audit in latest],
        "datasets": [{"label": _("Overall score (%)"), "data": [audit.overall_score for audit in latest]}],
    }


def history_chart(history: list[SecurityAudit]) -> dict[str, Any]:
    """The prison's scores per area at each of its final audits, oldest first. The areas are those
    of the latest checklist; an area an older checklist did not have is left blank there."""
    areas = checklist.current().areas
    return {
        "type": "line",
        "labels": [date_format(audit.audited_on, "SHORT_DATE_FORMAT") for audit in history],
        "datasets": [
            {"label": str(area.label), "data": [audit.area_scores.get(area.code) for audit in history]}
            for area in areas
        ]
        + [{"label": _("Overall"), "data": [audit.overall_score for audit in history]}],
    }
