"""Classification as a reader is told it: the reasons of a proposal and of a review in the reader's
language, and the view models the selectors return to the pages and the API.

A reason drawn from an assessment the reader may not read is withheld, not shown (need-to-know,
Mandela Rule 9): `shown_reasons` takes the reader for that alone and reads no table.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from custodia.assessment.instruments import latest_instruments
from custodia.assessment.selectors import SECURITY_EVENT, may_see
from custodia.core import levels
from custodia.core.formats import local_date
from custodia.core.profiles import ClassificationFramework
from custodia.estate.selectors import active_profile
from custodia.register import iccs
from custodia.register.models import Prisoner

from . import rules
from .models import ClassificationDecision

# --- reasons --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownReason:
    rule: str
    level: str
    label: str
    detail: str
    withheld: bool = False


def level_label(code: str) -> str:
    return rules.level_label(active_profile().classification, code)


def _instrument_title(code: str) -> str:
    instrument = latest_instruments().get(code)
    return str(instrument.title) if instrument else code


def _judgement(code: str) -> str:
    return levels.level_label(code, missing=code)


def _item_prompt(instrument_code: str, item_code: str) -> str:
    instrument = latest_instruments().get(instrument_code)
    try:
        return str(instrument.item(item_code).prompt) if instrument else item_code
    except KeyError:
        return item_code


def _detail(kind: str, params: Mapping[str, Any], framework: ClassificationFramework) -> str:
    """The reason's result in the reader's language."""
    p = params
    if kind == "start":
        return _("Every proposal starts at the least restrictive level; only rules that apply raise it.")
    if kind == "first_assessment":
        return str(framework.interim.note)
    if kind == "interim":
        return _interim_detail(p)
    if kind == "assessment":
        return _("%(instrument)s: final judgement “%(judgement)s” (assessment of %(on)s)") % {
            "instrument": _instrument_title(p["instrument"]),
            "judgement": _judgement(p["judgement"]),
            "on": local_date(p["on"]),
        }
    if kind == "assessment_item":
        return _("%(instrument)s: “%(item)s” rated %(value)s (assessment of %(on)s)") % {
            "instrument": _instrument_title(p["instrument"]),
            "item": _item_prompt(p["instrument"], p["item"]),
            "value": p["value"],
            "on": local_date(p["on"]),
        }
    if kind == "serious_incident":
        return _("Serious incident on %(on)s") % {"on": local_date(p["on"])}
    if kind == "remaining_sentence":
        if p.get("life"):
            return _("Life imprisonment")
        return _("%(years)s years of the sentence remain") % {"years": number_format(p["years"], 1)}
    if kind == "women":
        return str(framework.women.note)
    if kind == "served_fraction":
        return _("Served %(required)s of the sentence: %(served)s served so far") % {
            "required": number_format(p["required"], 2),
            "served": number_format(p["served"], 2),
        }
    if kind == "served_fraction_life":
        return _("Served %(required)s of the sentence: a life sentence, whose share served cannot be computed") % {
            "required": number_format(p["required"], 2)
        }
    if kind == "no_serious_incident":
        return _("No serious incident for %(months)s months: the last was on %(on)s") % {
            "months": p["months"],
            "on": local_date(p["on"]),
        }
    if kind == "assessment_at_most":
        actual = p["actual"]
        return _("%(instrument)s at most “%(required)s”: %(actual)s") % {
            "instrument": _instrument_title(p["instrument"]),
            "required": _judgement(p["required"]),
            "actual": _judgement(actual) if actual != "none" else _("no final assessment"),
        }
    if kind == "programme":
        return _("To be confirmed by the case manager (no completed programme is recorded)")
    if kind == "programme_completed":
        return _("Completed: %(programme)s on %(on)s") % {"programme": p["programme"], "on": local_date(p["on"])}
    if kind == "held":
        return _("%(current)s is in force; the prerequisites of %(wanted)s are not met") % {
            "current": level_label(p["current"]),
            "wanted": level_label(p["wanted"]),
        }
    return ""


def _interim_detail(params: Mapping[str, Any]) -> str:
    """What made an interim rule apply: the legal status in the profile's wording, and the offences."""
    status = active_profile().legal_status_label(params.get("legal_status", ""))
    offences = params.get("offences") or []
    if not offences:
        return _("Legal status: %(status)s") % {"status": status}
    return _("Legal status: %(status)s; offences: %(offences)s") % {
        "status": status,
        "offences": "; ".join(f"{code} {iccs.label(code)}" for code in offences),
    }


def _label(reason: Mapping[str, Any], framework: ClassificationFramework) -> str:
    rule, kind = reason["rule"], reason.get("kind", "")
    if kind == "start":
        return _("Least restrictive level")
    if kind == "first_assessment":
        return _("First assessment needed: interim placement")
    if kind == "women":
        return _("Women's estate (Bangkok Rules 40-41)")
    if kind == "held":
        return _("Moves down only as far as the prerequisites allow")
    if kind in ("programme", "programme_completed"):
        label = next(
            (
                str(p.completed_programme)
                for p in framework.prerequisites
                if p.to_level == reason["level"] and p.completed_programme is not None
            ),
            "",
        )
        return _("Prerequisite for %(level)s: %(programme)s") % {
            "level": level_label(reason["level"]),
            "programme": label,
        }
    if rule == rules.PREREQUISITE:
        return _("Prerequisite for %(level)s not met") % {"level": level_label(reason["level"])}
    reasons = {r.code: r.reason for r in framework.rules} | {r.code: r.reason for r in framework.interim.rules}
    return str(reasons[rule]) if rule in reasons else str(rule)


def shown_reasons(reasons: Iterable[Mapping[str, Any]], *, user: User) -> list[ShownReason]:
    """Stored or computed reasons (rules.Reason.as_dict) as the user may read them."""
    framework = active_profile().classification
    instruments = latest_instruments()
    shown = []
    for reason in reasons:
        params = reason.get("params") or {}
        instrument = instruments.get(str(params.get("instrument", "")))
        if instrument is not None and not may_see(user, instrument):
            shown.append(
                ShownReason(
                    reason["rule"],
                    reason["level"],
                    _("A rule drawn from an assessment you may not read"),
                    _("Withheld: this result belongs to a section that needs its own right."),
                    withheld=True,
                )
            )
            continue
        label = _label(reason, framework)
        detail = _detail(reason.get("kind", ""), params, framework) or reason.get("result", "")
        shown.append(ShownReason(reason["rule"], reason["level"], label, detail))
    return shown


def review_reason_label(reason: str) -> str:
    """The label of a review's reason already as told (see assessment.selectors.shown_reason)."""
    labels = {
        rules.SCHEDULED: _("Scheduled review"),
        rules.REASSESSMENT: _("A final reassessment"),
        rules.APPROACHING_RELEASE: _("Release approaching"),
        rules.APPEAL: _("The decision was changed on appeal"),
        "serious_incident": _("A serious incident"),
        "sentence_change": _("A change of sentence or legal status"),
        "transfer": _("A transfer"),
        "reliable_intelligence": _("New intelligence graded reliable"),
        SECURITY_EVENT: _("An event recorded by security"),
    }
    return str(labels.get(reason, reason))


# --- what the selectors return --------------------------------------------------------------------


@dataclass
class PersonClassification:
    """The classification section of a file."""

    decisions: list[ClassificationDecision] = field(default_factory=list)
    in_force: ClassificationDecision | None = None
    open: ClassificationDecision | None = None
    review: rules.ReviewDue | None = None
    review_urgency: str = ""
    # Where the person is held by the user's prison: the proposal the system computes today.
    proposal: rules.Proposal | None = None
    reasons: list[ShownReason] = field(default_factory=list)
    facts: rules.Facts | None = None


@dataclass(frozen=True)
class PersonProposal:
    """The proposal page and the API's proposal: the one computed now, as the reader may read it."""

    prisoner: Prisoner
    proposal: rules.Proposal
    reasons: list[ShownReason]
    facts: rules.Facts
    is_vep: bool
    in_force: ClassificationDecision | None
    open: ClassificationDecision | None
