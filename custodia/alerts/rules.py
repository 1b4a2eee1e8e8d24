"""Pure rules of alerts on the file: no database, easy to test.

Who may set, end and see an alert is the country profile's (core.profiles.AlertCode): the roles a
code names in `set_by` set and end it; a `restricted` code is seen by those roles only, and to
everyone else an alert with it does not exist (not in the file, the lists, the counts, nor the
messages that refuse something). An alert applies from its first day until it is ended or its
planned end has passed."""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from custodia.core.formats import local_date
from custodia.core.profiles import AlertCode


def may_see(entry: AlertCode | None, roles: Iterable[str]) -> bool:
    """A code unknown to the profile (removed since) is shown as it was stored: only a code the
    profile restricts is hidden."""
    return entry is None or not entry.restricted or bool(set(roles) & set(entry.set_by))


def may_set(entry: AlertCode | None, roles: Iterable[str]) -> bool:
    """Setting and ending: only the roles the code names."""
    return entry is not None and bool(set(roles) & set(entry.set_by))


def in_force(*, ended_on: date | None, active_to: date | None, today: date) -> bool:
    return ended_on is None and (active_to is None or active_to >= today)


def lapsed(*, ended_on: date | None, active_to: date | None, today: date) -> bool:
    """Not ended, but past its planned end: no longer in force, and closed by the next alert with
    the same code."""
    return ended_on is None and active_to is not None and active_to < today


def alert_problems(
    *, reason: str, active_from: date, active_to: date | None, today: date, records_from: date
) -> dict[str, str]:
    """What is wrong with an alert as entered, by field."""
    problems: dict[str, str] = {}
    if not reason.strip():
        problems["reason"] = _("Say why the alert is set: what staff must know and do.")
    if active_from > today:
        problems["active_from"] = _("An alert is set from today or an earlier day, not a later one.")
    elif active_from < records_from:
        problems["active_from"] = _("This date is before the service's records begin.")
    if active_to is not None:
        if active_to < active_from:
            problems["active_to"] = _("The planned end must come on or after the first day.")
        elif active_to < today:
            problems["active_to"] = _("The planned end has already passed: leave it empty or choose a later day.")
    return problems


def end_problems(*, reason: str) -> dict[str, str]:
    if not reason.strip():
        return {"reason": _("Say why the alert ends.")}
    return {}


def planned_end_problems(*, active_from: date, active_to: date | None, today: date, reason: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if active_to is not None and active_to < max(active_from, today):
        problems["active_to"] = _("The planned end must be today or later, and not before the first day.")
    if not reason.strip():
        problems["reason"] = _("Say why the planned end changes.")
    return problems


def already_in_force(*, label: str, set_on: date, set_by: str) -> str:
    """The refusal of a second alert with a code already in force, naming the one that is."""
    return _(
        "An alert “%(label)s” is already in force, set on %(date)s by %(who)s: end it or change its "
        "planned end instead of setting another."
    ) % {"label": label, "date": local_date(set_on), "who": set_by}


def proposed(value: int, from_value: int) -> bool:
    """A rating the instrument marks as urgent from `from_value` up."""
    return value >= from_value


def proposal_reason(
    *, instrument: str, item: str, value: int, scale_label: str, assessed_on: date, referral: str
) -> str:
    """The reason written for the person who sets an alert from a proposal: the assessment and
    the item it comes from, which they may change before saving."""
    return _(
        "Proposed by the assessment “%(instrument)s” of %(date)s: “%(item)s” rated %(value)s (%(scale)s). %(referral)s"
    ) % {
        "instrument": instrument,
        "date": local_date(assessed_on),
        "item": item,
        "value": value,
        "scale": scale_label,
        "referral": referral,
    }
