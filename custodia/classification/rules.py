"""Pure rules of classification: the proposal, the workflow, what a case manager's proposal must
give and when a decision is reviewed. No database: easy to test.

The proposal (Mandela Rules 89 and 93; Bangkok Rules 40-41) starts at the least restrictive level
of the country's framework; each rule that holds raises the floor, with the rule and the fact that
made it hold as a reason. For women the women's estate levels apply. A person already held at a
more restrictive level moves down only as far as the prerequisites of the lower level allow. The
result is always the lowest level these allow: the system proposes, people decide.

A person with no final assessment has no assessed risk to propose the least restrictive level
from: the proposal says that a first assessment is needed and follows the country's interim
placement rule instead (the framework's `interim`: a starting level, raised by interim rules on
the legal status and the offences charged).
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from custodia.core import workflow
from custodia.core.levels import rank_of
from custodia.core.profiles import ClassificationFramework, Condition, InterimRule, LevelRule, Prerequisite
from custodia.register.rules import add_months

from .choices import DecisionStatus

# --- the workflow ---------------------------------------------------------------------------------

S = DecisionStatus
NONE = ""  # no decision yet: where the first proposal comes from

# Each status with the statuses it may be reached from. A case manager proposes (a new decision,
# or again on one returned with comments); the approver approves it (at the proposed level or
# another, with a reason) or returns it; an approved decision stays in force until the next
# approved one supersedes it. Nothing is deleted.
ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({NONE, S.RETURNED}),
    S.RETURNED: frozenset({S.PROPOSED}),
    S.APPROVED: frozenset({S.PROPOSED}),
    S.SUPERSEDED: frozenset({S.APPROVED}),
}
OPEN = frozenset({S.PROPOSED, S.RETURNED})
DECIDED = frozenset({S.APPROVED, S.SUPERSEDED})


def check_transition(current: str, new: str) -> None:
    workflow.check_transition(ALLOWED_PREVIOUS, current, new)


# --- facts and reasons ----------------------------------------------------------------------------

FEMALE = "female"


@dataclass(frozen=True)
class Judgement:
    """The latest final assessment with one instrument: its judgement, item values and date."""

    level: str
    on: date
    items: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CompletedProgramme:
    """A programme the person completed, recorded by the programmes app (classification.evidence)."""

    name: str
    on: date


@dataclass(frozen=True)
class Facts:
    today: date
    # Instrument id -> its latest final assessment.
    assessments: Mapping[str, Judgement] = field(default_factory=dict)
    last_serious_incident_on: date | None = None
    # None without a sentence (pre-trial); math.inf for life imprisonment.
    remaining_sentence_years: float | None = None
    # Share of the sentence served (0 to 1); None without a fixed-term sentence.
    served_fraction: float | None = None
    life_sentence: bool = False
    sex: str = ""
    in_womens_estate: bool = False
    # The level of the decision in force, if any.
    current_level: str | None = None
    # What the interim placement rule reads, before a first final assessment: the legal status
    # (register.choices.LegalStatus) and the ICCS codes of the offences charged or convicted.
    legal_status: str = ""
    offences: tuple[str, ...] = ()
    # The latest completed programme that counts for a prerequisite, where one is recorded.
    completed_programme: CompletedProgramme | None = None

    @property
    def women_rules_apply(self) -> bool:
        return self.sex == FEMALE or self.in_womens_estate


@dataclass(frozen=True)
class Reason:
    """Why the proposal is where it is: the rule (a framework rule's or an interim rule's code, or
    one of START, FIRST_ASSESSMENT, WOMEN, HELD, PREREQUISITE, PROGRAMME), the level it points to,
    and the result that made it
    apply, as text (stored with the decision) and as `kind` and `params` (to say it again in
    the reader's language)."""

    rule: str
    level: str
    result: str
    kind: str
    params: Mapping[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "level": self.level,
            "result": self.result,
            "kind": self.kind,
            "params": dict(self.params),
        }


@dataclass(frozen=True)
class Proposal:
    level: str
    reasons: tuple[Reason, ...]
    # The level the rules alone point to, before the women's estate and the prerequisites.
    floor: str
    # No final assessment yet: a first assessment is needed, and the interim placement rule applied.
    interim: bool = False


START, WOMEN, HELD, PREREQUISITE, PROGRAMME = "least_restrictive", "womens_estate", "held", "prerequisite", "programme"
FIRST_ASSESSMENT = "first_assessment"


def _within_months(on: date | None, months: int, today: date) -> bool:
    return on is not None and on > add_months(today, -months)


def _evaluate(condition: Condition, facts: Facts) -> tuple[str, str, dict[str, object]] | None:
    """(kind, result, params) when the condition holds, None otherwise."""
    params: dict[str, object]
    if condition.assessment is not None:
        wanted = condition.assessment
        found = facts.assessments.get(wanted.instrument)
        if found and rank_of(found.level, unknown=-1) >= wanted.level_at_least.rank:
            params = {"instrument": wanted.instrument, "judgement": found.level, "on": found.on.isoformat()}
            return "assessment", f"{wanted.instrument}: {found.level} (assessment of {found.on.isoformat()})", params
        return None
    if condition.assessment_item is not None:
        wanted_item = condition.assessment_item
        found = facts.assessments.get(wanted_item.instrument)
        value = found.items.get(wanted_item.item) if found else None
        if found is not None and value is not None and value >= wanted_item.value_at_least:
            params = {
                "instrument": wanted_item.instrument,
                "item": wanted_item.item,
                "value": value,
                "on": found.on.isoformat(),
            }
            result = f"{wanted_item.instrument}.{wanted_item.item}: {value} (assessment of {found.on.isoformat()})"
            return "assessment_item", result, params
        return None
    if condition.serious_incident_within_months is not None:
        months = condition.serious_incident_within_months
        on = facts.last_serious_incident_on
        if on is not None and _within_months(on, months, facts.today):
            params = {"on": on.isoformat(), "months": months}
            return "serious_incident", f"serious incident on {on.isoformat()} (within {months} months)", params
        return None
    years = condition.remaining_sentence_years_at_least
    remaining = facts.remaining_sentence_years
    if years is not None and remaining is not None and remaining >= years:
        if math.isinf(remaining):
            return "remaining_sentence", "life imprisonment", {"life": True}
        rounded = round(remaining, 1)
        return "remaining_sentence", f"{rounded} years of the sentence remain", {"years": rounded}
    return None


def fired(rule: LevelRule, facts: Facts) -> Reason | None:
    found = _evaluate(rule.when, facts)
    if found is None:
        return None
    kind, result, params = found
    return Reason(rule.code, rule.at_least, result, kind, params)


def interim_fired(rule: InterimRule, facts: Facts) -> Reason | None:
    """The interim rule's reason when every condition it gives holds, else None. An offence code of
    the rule stands for every ICCS code it begins (ICCS is hierarchical: "01" covers "0101")."""
    when = rule.when
    if when.legal_status_in is not None and facts.legal_status not in when.legal_status_in:
        return None
    offences: list[str] = []
    if when.offence_in is not None:
        offences = sorted({code for code in facts.offences if code.startswith(tuple(when.offence_in))})
        if not offences:
            return None
    params: dict[str, object] = {"legal_status": facts.legal_status, "offences": offences}
    result = f"legal status {facts.legal_status}" + (f"; offences {', '.join(offences)}" if offences else "")
    return Reason(rule.code, rule.at_least, result, "interim", params)


def unmet_prerequisites(prerequisite: Prerequisite, facts: Facts) -> list[Reason]:
    """What stops a move down to `prerequisite.to_level`. The completed programme is not among
    them: a recorded completion meets it, else the case manager confirms it (programme_to_confirm)."""
    level = prerequisite.to_level
    unmet: list[Reason] = []
    fraction = prerequisite.min_sentence_served_fraction
    if fraction is not None:
        if facts.life_sentence:
            unmet.append(
                Reason(
                    PREREQUISITE,
                    level,
                    f"served {fraction:.2f} of the sentence: life imprisonment, the share served cannot be computed",
                    "served_fraction_life",
                    {"required": round(fraction, 2)},
                )
            )
        elif facts.served_fraction is not None and facts.served_fraction < fraction:
            # Without a sentence (pre-trial) the share served does not apply.
            unmet.append(
                Reason(
                    PREREQUISITE,
                    level,
                    f"served {fraction:.2f} of the sentence: {facts.served_fraction:.2f} served",
                    "served_fraction",
                    {"required": round(fraction, 2), "served": round(facts.served_fraction, 2)},
                )
            )
    months = prerequisite.no_serious_incident_months
    last = facts.last_serious_incident_on
    if months is not None and last is not None and _within_months(last, months, facts.today):
        on = last.isoformat()
        unmet.append(
            Reason(
                PREREQUISITE,
                level,
                f"no serious incident for {months} months: last on {on}",
                "no_serious_incident",
                {"months": months, "on": on},
            )
        )
    ceiling = prerequisite.assessment_at_most
    if ceiling is not None:
        found = facts.assessments.get(ceiling.instrument)
        if found is None or rank_of(found.level, unknown=99) > ceiling.level_at_most.rank:
            actual = found.level if found else "none"
            unmet.append(
                Reason(
                    PREREQUISITE,
                    level,
                    f"{ceiling.instrument} at most {ceiling.level_at_most}: {actual}",
                    "assessment_at_most",
                    {"instrument": ceiling.instrument, "required": ceiling.level_at_most, "actual": actual},
                )
            )
    return unmet


def programme_to_confirm(
    framework: ClassificationFramework, level: str, completed: CompletedProgramme | None = None
) -> list[Reason]:
    """The programme prerequisite of `level`: met by a recorded completion, else to be confirmed by
    the case manager."""
    if completed is not None:
        reason = Reason(
            PROGRAMME,
            level,
            f"completed programme: {completed.name} on {completed.on.isoformat()}",
            "programme_completed",
            {"programme": completed.name, "on": completed.on.isoformat()},
        )
    else:
        reason = Reason(PROGRAMME, level, "completed programme: to be confirmed by the case manager", "programme", {})
    return [
        reason
        for prerequisite in framework.prerequisites
        if prerequisite.to_level == level and prerequisite.completed_programme is not None
    ]


def needs_programme_confirmation(framework: ClassificationFramework, *, level: str, current_level: str | None) -> bool:
    """A move down to a level whose prerequisites include a completed programme."""
    if current_level is None or framework.rank(level) >= framework.rank(current_level):
        return False
    return bool(programme_to_confirm(framework, level))


def _prerequisite_problems(framework: ClassificationFramework, level: str, facts: Facts) -> list[Reason]:
    return [
        reason
        for prerequisite in framework.prerequisites
        if prerequisite.to_level == level
        for reason in unmet_prerequisites(prerequisite, facts)
    ]


def _women_level(framework: ClassificationFramework, rank: int) -> int:
    """The least restrictive women's estate level at or above `rank`, else the highest of them."""
    ranks = sorted(framework.rank(code) for code in framework.women.levels)
    return next((r for r in ranks if r >= rank), ranks[-1])


def _floor(framework: ClassificationFramework, facts: Facts) -> tuple[int, list[Reason], bool]:
    """The rank the rules point to, their reasons, and whether the interim rule applies (no final
    assessment): then the start is the interim level, and the interim rules raise it too."""
    interim = not facts.assessments
    if interim:
        start = framework.rank(framework.interim.level)
        reasons = [Reason(FIRST_ASSESSMENT, framework.interim.level, "first assessment needed", "first_assessment")]
    else:
        start, reasons = 0, [Reason(START, framework.levels[0].code, "", "start")]
    fired_rules = [fired(rule, facts) for rule in framework.rules]
    if interim:
        fired_rules += [interim_fired(rule, facts) for rule in framework.interim.rules]
    found = [reason for reason in fired_rules if reason is not None]
    floor = max([start, *(framework.rank(reason.level) for reason in found)])
    return floor, reasons + found, interim


def propose(framework: ClassificationFramework, facts: Facts) -> Proposal:
    """The lowest level the assessed risks allow, and every reason for it; before a first final
    assessment, the level the interim placement rule gives."""
    codes = [level.code for level in framework.levels]
    floor, reasons, interim = _floor(framework, facts)
    target = floor
    women = facts.women_rules_apply
    if women:
        target = _women_level(framework, floor)
        if target != floor:
            reasons.append(Reason(WOMEN, codes[target], f"women's estate: {codes[floor]} -> {codes[target]}", "women"))
    current = framework.rank(facts.current_level) if facts.current_level in codes else None
    if current is not None and current > target:
        chosen = current
        for rank in range(target, current):
            if women and codes[rank] not in framework.women.levels:
                continue
            problems = _prerequisite_problems(framework, codes[rank], facts)
            if not problems:
                chosen = rank
                break
            reasons.extend(problems)
        if chosen < current:
            reasons.extend(programme_to_confirm(framework, codes[chosen], facts.completed_programme))
        if chosen > target:
            reasons.append(
                Reason(
                    HELD,
                    codes[chosen],
                    f"in force: {codes[current]}; prerequisites of {codes[target]} not met",
                    "held",
                    {"current": codes[current], "wanted": codes[target]},
                )
            )
        if women and codes[chosen] not in framework.women.levels:
            # Held above the women's estate levels: the note applies again, the decision stays with people.
            capped = _women_level(framework, chosen)
            reasons.append(Reason(WOMEN, codes[capped], f"women's estate: {codes[chosen]} -> {codes[capped]}", "women"))
            chosen = capped
        target = chosen
    return Proposal(codes[target], tuple(reasons), codes[floor], interim)


# --- checking a proposal or a decision -------------------------------------------------------------

# The one VEP placement option that rests on no individual assessment (VepPlacement's value).
INTEGRATION_DISPERSAL = "integration_dispersal"


def level_label(framework: ClassificationFramework, code: str) -> str:
    """The level's label in the reader's language; the code itself for a level the framework lacks."""
    try:
        return str(framework.level(code).label)
    except StopIteration:
        return code


def level_problem(framework: ClassificationFramework, level: str) -> str | None:
    if level not in [entry.code for entry in framework.levels]:
        return _("Choose one of the levels of this prison service.")
    return None


@dataclass(frozen=True)
class Proposed:
    """What a case manager proposes, as entered (surrounding spaces are not a reason)."""

    level: str
    rationale: str
    override_reason: str = ""
    vep_placement: str = ""
    vep_placement_reason: str = ""
    programme_confirmed: bool = False

    def stripped(self) -> "Proposed":
        return replace(
            self,
            rationale=self.rationale.strip(),
            override_reason=self.override_reason.strip(),
            vep_placement=self.vep_placement.strip(),
            vep_placement_reason=self.vep_placement_reason.strip(),
        )


def placement_rests_on_assessment(vep_placement: str) -> bool:
    """Concentration or separation: only after an individual VEP assessment, never for the label."""
    return vep_placement != INTEGRATION_DISPERSAL


def proposal_problems(
    framework: ClassificationFramework,
    proposed: Proposed,
    *,
    computed: Proposal,
    facts: Facts,
    is_vep: bool,
    has_vep_assessment: bool,
) -> dict[str, str]:
    """What stops a proposal (stripped), by field; empty when it may be stored. A level other than
    the computed one, or outside the women's estate levels for a woman, needs a reason; a person
    linked to violent extremism needs a placement option with a reason, and concentration or
    separation a final VEP assessment (`has_vep_assessment`); a move down to a level that asks for
    a completed programme needs it recorded by the programmes app or confirmed."""
    problems: dict[str, str] = {}
    if problem := level_problem(framework, proposed.level):
        problems["proposed_level"] = problem
    if not proposed.rationale:
        problems["rationale"] = _("Explain the proposal: the risks and needs it answers, and why this level.")
    if "proposed_level" in problems or proposed.override_reason:
        pass
    elif facts.women_rules_apply and proposed.level not in framework.women.levels:
        problems["override_reason"] = _(
            "The women's estate uses other levels (Bangkok Rules 40-41): say why you propose this one."
        )
    elif proposed.level != computed.level:
        problems["override_reason"] = _(
            "The system computed %(level)s: say why you propose another level (least restrictive first)."
        ) % {"level": level_label(framework, computed.level)}
    problems.update(_vep_placement_problems(framework, proposed, is_vep=is_vep, has_vep_assessment=has_vep_assessment))
    if (
        "proposed_level" not in problems
        and needs_programme_confirmation(framework, level=proposed.level, current_level=facts.current_level)
        and facts.completed_programme is None
        and not proposed.programme_confirmed
    ):
        problems["programme_confirmed"] = _("Confirm that the programme this level requires was completed.")
    return problems


def _vep_placement_problems(
    framework: ClassificationFramework, proposed: Proposed, *, is_vep: bool, has_vep_assessment: bool
) -> dict[str, str]:
    placement = proposed.vep_placement
    if not is_vep:
        if placement:
            return {"vep_placement": _("A placement option is chosen only for a person linked to violent extremism.")}
        return {}
    if placement not in framework.vep_placement_options:
        return {"vep_placement": _("Choose how this person is placed, among the options of this prison service.")}
    if not proposed.vep_placement_reason:
        return {
            "vep_placement_reason": _(
                "Say why this placement suits this person: it is chosen for the person, never by the label alone."
            )
        }
    if placement_rests_on_assessment(placement) and not has_vep_assessment:
        return {
            "vep_placement": _(
                "Concentration or separation rests on an individual assessment, not on the label: a final "
                "violent extremism assessment is needed first."
            )
        }
    return {}


# --- reviews --------------------------------------------------------------------------------------

# Events after which a decision is reviewed at once (ReassessmentTrigger events).
REVIEW_EVENTS = ("serious_incident", "reliable_intelligence", "sentence_change", "transfer")
REASSESSMENT, APPROACHING_RELEASE, APPEAL, SCHEDULED = "reassessment", "approaching_release", "appeal", "scheduled"


def next_review_on(decided_on: date, review_days: int) -> date:
    return decided_on + timedelta(days=review_days)


@dataclass(frozen=True)
class Trigger:
    """An event that may make a review due: what, when it happened, and when the system learnt
    of it (a decision made before that could not take it into account)."""

    event: str
    on: date
    known_at: datetime


@dataclass(frozen=True)
class ReviewDue:
    on: date
    # SCHEDULED, one of REVIEW_EVENTS, REASSESSMENT, APPROACHING_RELEASE or APPEAL.
    reason: str
    trigger_on: date | None = None


def review_due(
    *,
    decided_at: datetime,
    decided_on: date,
    next_review_on: date,
    triggers: Iterable[Trigger] = (),
    release_on: date | None = None,
    approaching_release_days: int = 180,
    appeal_changed_on: date | None = None,
) -> ReviewDue:
    """When a decision in force is next reviewed: its next-review date, or sooner after an event
    it could not take into account (a serious incident, intelligence graded reliable, a final
    reassessment, a change of sentence or legal status, a transfer; each due at once), when the
    release date comes within `approaching_release_days`, or when an appeal changed it."""
    due = ReviewDue(next_review_on, SCHEDULED)
    for trigger in triggers:
        if trigger.known_at <= decided_at:
            continue
        on = max(trigger.on, decided_on)
        if on < due.on:
            due = ReviewDue(on, trigger.event, trigger.on)
    if release_on is not None:
        window = release_on - timedelta(days=approaching_release_days)
        # Already within the window when decided: the decision took the release into account.
        if decided_on < window < due.on:
            due = ReviewDue(window, APPROACHING_RELEASE, release_on)
    if appeal_changed_on is not None:
        on = max(appeal_changed_on, decided_on)
        if on < due.on:
            due = ReviewDue(on, APPEAL, appeal_changed_on)
    return due


def latest_review_date(today: date, review_days: int) -> date:
    """A review date moved by hand lies at most one full interval of the level ahead."""
    return today + timedelta(days=review_days)


# --- sentences ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceFacts:
    remaining_years: float | None
    served_fraction: float | None
    life: bool
    release_on: date | None


def sentence_facts(sentences: Iterable[tuple[date, date | None, date | None, int, bool]], today: date) -> SentenceFacts:
    """From (starts_on, full_term_release_on, earliest_release_on, remand_credit_days, life) of
    each sentence: what is left, the share served and the next release date. The sentence that
    ends last governs; a life sentence has no end."""
    rows = list(sentences)
    if not rows:
        return SentenceFacts(None, None, False, None)
    if any(life for *_rest, life in rows):
        return SentenceFacts(math.inf, None, True, None)
    starts_on, full_term, earliest, credit, _life = max(rows, key=lambda row: (row[1] or date.min, row[0]))
    if full_term is None:
        return SentenceFacts(None, None, False, None)
    remaining = max(0.0, (full_term - today).days / 365.25)
    total = (full_term - starts_on).days + credit
    served = (today - starts_on).days + credit
    fraction = min(1.0, max(0.0, served / total)) if total > 0 else 1.0
    release = min(d for d in (earliest, full_term) if d is not None)
    return SentenceFacts(remaining, fraction, False, release)
