"""What the visit pages show of the records: the short names of refusal reasons, the refused
attempts as rows, and the occupancy chart (drawn by custodia.js as the security audits' charts)."""

from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import RefusedBooking
from .selectors import Occupancy

# The short name of each refusal reason (services.REASONS says it in full, with the visitor).
REASON_LABELS = {
    "session_closed": _("Session over or closed"),
    "not_held_here": _("Person not held at this prison"),
    "session_full": _("Session full"),
    "person_double": _("Person already booked at this time"),
    "no_visitor": _("No visitor"),
    "visitor_banned": _("Visitor under a restriction"),
    "visitor_not_approved": _("Visitor not approved for this kind of visit"),
    "visitor_double": _("Visitor already booked at this time"),
    "entitlement_used": _("Entitlement of the month used"),
    "children_room": _("Children in a room that is not child-friendly"),
    "non_association": _("Non-association in the session"),
}


def reason_label(code: str) -> str:
    return str(REASON_LABELS.get(code, code))


@dataclass(frozen=True)
class RefusedRow:
    attempt: RefusedBooking
    reasons: list[str]


def refused_rows(attempts: list[RefusedBooking]) -> list[RefusedRow]:
    return [RefusedRow(a, [reason_label(code) for code in dict.fromkeys(a.reasons)]) for a in attempts]


def reason_rows(reasons: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(reason_label(code), count) for code, count in reasons]


def occupancy_chart(occupancy: list[Occupancy]) -> dict[str, Any]:
    """Each session's places booked and free, stacked."""
    labels = [
        f"{date_format(o.session.day, 'SHORT_DATE_FORMAT')} {o.session.starts_at:%H:%M} {o.session.room.name}"
        for o in occupancy
    ]
    return {
        "stacked": True,
        "labels": labels,
        "datasets": [
            {"label": str(_("Places booked")), "data": [o.taken for o in occupancy]},
            {"label": str(_("Places free")), "data": [max(o.session.capacity - o.taken, 0) for o in occupancy]},
        ],
    }
