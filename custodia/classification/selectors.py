"""Reads of classification decisions, always through the acting user (but `approved_level` and
`compute_proposal`, used by other modules' checks and by the services).

A decision is seen by those who hold `view_classification` and may open the person's file; a
former prison sees the decisions it made. The computed proposal is shown where the person is held.
Reasons drawn from an assessment are shown only to those who may read that assessment (the VEP
module needs its section right), and a review brought forward by intelligence says so only to
those who may read intelligence: need-to-know (Mandela Rule 9).
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.access import right
from custodia.accounts.selectors import prison_scope
from custodia.assessment.instruments import latest_instruments
from custodia.assessment.models import Assessment, AssessmentStatus, ItemRating, JudgementLevel, ReassessmentTrigger
from custodia.assessment.selectors import SECURITY_EVENT, may_see, shown_reason
from custodia.core import workflow
from custodia.estate.models import PrisonType
from custodia.estate.selectors import active_profile
from custodia.register.choices import LegalStatus
from custodia.register.models import Admission, Offence, Prisoner, Sentence
from custodia.register.selectors import held_where_user_works, terrorism_linked, visible_prisoners

from . import rules
from .models import ClassificationDecision, DecisionStatus, ReviewDateChange, VepPlacement

VIEW = right("view_classification")


def approved_level(prisoner_id: int) -> str | None:
    """The level of the decision in force for a person, or None before a first approval.

    Unscoped: for the placement checks that every placement, move and transfer goes through;
    pages and the API read decisions through scoped selectors."""
    return (
        ClassificationDecision.objects.filter(prisoner_id=prisoner_id, status=DecisionStatus.APPROVED)
        .values_list("approved_level", flat=True)
        .first()
    )


# --- the inputs of one person ---------------------------------------------------------------------


@dataclass
class Inputs:
    """What the proposal and the review dates of one person are computed from."""

    finals: list[Assessment] = field(default_factory=list)  # newest first, ratings prefetched
    triggers: list[tuple[str, date, datetime]] = field(default_factory=list)  # event, occurred on, recorded at
    sentences: list[tuple] = field(default_factory=list)  # see rules.sentence_facts


def _inputs(prisoner_id: int) -> Inputs:
    """Four queries: the final assessments and their ratings, the events, the sentences."""
    finals = list(
        Assessment.objects.filter(prisoner_id=prisoner_id, status=AssessmentStatus.FINAL)
        .only("id", "instrument_code", "final_judgement", "countersigned_at")
        .prefetch_related(Prefetch("ratings", queryset=ItemRating.objects.only("assessment_id", "item_code", "value")))
        .order_by("-countersigned_at", "-id")
    )
    triggers = list(
        ReassessmentTrigger.objects.filter(prisoner_id=prisoner_id).values_list("event", "occurred_on", "recorded_at")
    )
    sentences = list(Sentence.objects.filter(prisoner_id=prisoner_id).values_list(*SENTENCE_FIELDS))
    return Inputs(finals, triggers, sentences)


SENTENCE_FIELDS = ("starts_on", "full_term_release_on", "earliest_release_on", "remand_credit_days", "life")


def facts_of(prisoner: Prisoner, inputs: Inputs, *, current_level: str | None, today: date) -> rules.Facts:
    assessments: dict[str, rules.Judgement] = {}
    for assessment in inputs.finals:  # newest first: the first of each instrument is its latest
        if assessment.instrument_code not in assessments:
            assessments[assessment.instrument_code] = rules.Judgement(
                level=assessment.final_judgement,
                on=timezone.localdate(assessment.countersigned_at),
                items={rating.item_code: rating.value for rating in assessment.ratings.all()},
            )
    incidents = [on for event, on, _at in inputs.triggers if event == "serious_incident" and on <= today]
    # Only a sentenced person's sentences count: a conviction quashed (back to pre-trial), or an
    # earlier stay's sentence, says nothing of the time left to serve.
    sentenced = prisoner.legal_status in (LegalStatus.CONVICTED, LegalStatus.UNDER_APPEAL)
    sentence = rules.sentence_facts(inputs.sentences if sentenced else [], today)
    prison = prisoner.current_prison
    return rules.Facts(
        today=today,
        assessments=assessments,
        last_serious_incident_on=max(incidents, default=None),
        remaining_sentence_years=sentence.remaining_years,
        served_fraction=sentence.served_fraction,
        life_sentence=sentence.life,
        sex=prisoner.sex,
        in_womens_estate=prison is not None and prison.prison_type == PrisonType.WOMEN,
        current_level=current_level,
    )


def compute_proposal(prisoner: Prisoner, *, today: date | None = None) -> tuple[rules.Proposal, rules.Facts]:
    """Unscoped: what the services store with a proposal. `prisoner.current_prison` is read."""
    today = today or timezone.localdate()
    facts = facts_of(prisoner, _inputs(prisoner.pk), current_level=approved_level(prisoner.pk), today=today)
    return rules.propose(active_profile().classification, facts), facts


def is_vep(prisoner_id: int) -> bool:
    return Prisoner.objects.filter(pk=prisoner_id).filter(terrorism_linked()).exists()


def has_final_vep_assessment(prisoner_id: int) -> bool:
    """An individual assessment with an instrument made for people linked to violent extremism."""
    codes = [code for code, instrument in latest_instruments().items() if instrument.population == "vep"]
    return Assessment.objects.filter(
        prisoner_id=prisoner_id, status=AssessmentStatus.FINAL, instrument_code__in=codes
    ).exists()


# --- reasons, as a reader sees them ---------------------------------------------------------------


@dataclass(frozen=True)
class ShownReason:
    rule: str
    level: str
    label: str
    detail: str
    withheld: bool = False


def _instrument_title(code: str) -> str:
    instrument = latest_instruments().get(code)
    return str(instrument.title) if instrument else code


def _judgement(code: str) -> str:
    return str(JudgementLevel(code).label) if code in JudgementLevel.values else code


def _item_prompt(instrument_code: str, item_code: str) -> str:
    instrument = latest_instruments().get(instrument_code)
    try:
        return str(instrument.item(item_code).prompt) if instrument else item_code
    except KeyError:
        return item_code


def level_label(code: str) -> str:
    framework = active_profile().classification
    try:
        return str(framework.level(code).label)
    except StopIteration:
        return code


def _detail(kind: str, params: dict, framework) -> str:
    """The reason's result in the reader's language."""
    p = params
    if kind == "start":
        return _("Every proposal starts at the least restrictive level; only rules that apply raise it.")
    if kind == "assessment":
        return _("%(instrument)s: final judgement “%(judgement)s” (assessment of %(on)s)") % {
            "instrument": _instrument_title(p["instrument"]),
            "judgement": _judgement(p["judgement"]),
            "on": p["on"],
        }
    if kind == "assessment_item":
        return _("%(instrument)s: “%(item)s” rated %(value)s (assessment of %(on)s)") % {
            "instrument": _instrument_title(p["instrument"]),
            "item": _item_prompt(p["instrument"], p["item"]),
            "value": p["value"],
            "on": p["on"],
        }
    if kind == "serious_incident":
        return _("Serious incident on %(on)s") % {"on": p["on"]}
    if kind == "remaining_sentence":
        if p.get("life"):
            return _("Life imprisonment")
        return _("%(years)s years of the sentence remain") % {"years": p["years"]}
    if kind == "women":
        return str(framework.women.note)
    if kind == "served_fraction":
        return _("Served %(required)s of the sentence: %(served)s served so far") % p
    if kind == "served_fraction_life":
        return _("Served %(required)s of the sentence: a life sentence, whose share served cannot be computed") % p
    if kind == "no_serious_incident":
        return _("No serious incident for %(months)s months: the last was on %(on)s") % p
    if kind == "assessment_at_most":
        actual = p["actual"]
        return _("%(instrument)s at most “%(required)s”: %(actual)s") % {
            "instrument": _instrument_title(p["instrument"]),
            "required": _judgement(p["required"]),
            "actual": _judgement(actual) if actual != "none" else _("no final assessment"),
        }
    if kind == "programme":
        return _("To be confirmed by the case manager (programmes are not recorded yet)")
    if kind == "held":
        return _("%(current)s is in force; the prerequisites of %(wanted)s are not met") % {
            "current": level_label(p["current"]),
            "wanted": level_label(p["wanted"]),
        }
    return ""


def _label(reason: dict, framework) -> str:
    rule, kind = reason["rule"], reason.get("kind", "")
    if kind == "start":
        return _("Least restrictive level")
    if kind == "women":
        return _("Women's estate (Bangkok Rules 40-41)")
    if kind == "held":
        return _("Moves down only as far as the prerequisites allow")
    if kind == "programme":
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
    found = next((r for r in framework.rules if r.code == rule), None)
    return str(found.reason) if found else rule


def shown_reasons(reasons: Iterable[dict], *, user) -> list[ShownReason]:
    """Stored or computed reasons as the user may read them."""
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


# --- decisions of a person ------------------------------------------------------------------------


def _visible_decisions(*, user) -> QuerySet[ClassificationDecision]:
    if not user.has_perm(VIEW):
        return ClassificationDecision.objects.none()
    qs = ClassificationDecision.objects.filter(prisoner__in=visible_prisoners(user=user))
    scope = prison_scope(user)
    if scope is not None:
        # Held here now: every decision; held elsewhere or released: those this prison made.
        qs = qs.filter(Q(prisoner__current_prison__in=scope) | Q(prison__in=scope))
    return qs.select_related("prison", "proposed_by", "decided_by")


def decision_list(*, user, prisoner_id: int) -> list[ClassificationDecision]:
    """A person's decisions, newest first, with their review date changes (two queries)."""
    changes = ReviewDateChange.objects.select_related("changed_by")
    return list(
        _visible_decisions(user=user)
        .filter(prisoner_id=prisoner_id)
        .prefetch_related(Prefetch("review_changes", queryset=changes))
    )


def decision_get(*, user, decision_id: int) -> ClassificationDecision:
    """One decision; ClassificationDecision.DoesNotExist when the user may not see it."""
    changes = ReviewDateChange.objects.select_related("changed_by")
    return (
        _visible_decisions(user=user)
        .select_related("prisoner__current_prison")
        .prefetch_related(Prefetch("review_changes", queryset=changes))
        .annotate(is_vep=terrorism_linked_of_prisoner())
        .get(pk=decision_id)
    )


def terrorism_linked_of_prisoner() -> Exists:
    """terrorism_linked() for a query of decisions."""
    return Exists(Offence.objects.filter(prisoner=OuterRef("prisoner_id"), terrorism_link=True))


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


def prisoner_classification(*, user, prisoner: Prisoner, today: date | None = None) -> PersonClassification:
    """Decisions, the review date of the one in force and (where the person is held by the
    user's prison) the proposal computed now: six queries."""
    result = PersonClassification()
    if not user.has_perm(VIEW):
        return result
    today = today or timezone.localdate()
    result.decisions = decision_list(user=user, prisoner_id=prisoner.pk)
    result.in_force = next((d for d in result.decisions if d.status == DecisionStatus.APPROVED), None)
    result.open = next((d for d in result.decisions if d.status in rules.OPEN), None)
    scope = prison_scope(user)
    held_here = prisoner.current_prison_id is not None and (scope is None or prisoner.current_prison_id in scope)
    if not held_here:
        return result
    inputs = _inputs(prisoner.pk)
    # Held here: every decision of the person is visible, the one in force among them.
    current = result.in_force.approved_level if result.in_force else None
    result.facts = facts_of(prisoner, inputs, current_level=current, today=today)
    result.proposal = rules.propose(active_profile().classification, result.facts)
    result.reasons = shown_reasons((r.as_dict() for r in result.proposal.reasons), user=user)
    if result.in_force is not None:
        result.review = _review_of(result.in_force, inputs, today)
        result.review_urgency = workflow.urgency(result.review.on, today)
    return result


def _review_of(decision: ClassificationDecision, inputs: Inputs, today: date) -> rules.ReviewDue:
    triggers = [
        rules.Trigger(event, on, recorded_at)
        for event, on, recorded_at in inputs.triggers
        if event in rules.REVIEW_EVENTS
    ]
    triggers += [
        rules.Trigger(rules.REASSESSMENT, timezone.localdate(a.countersigned_at), a.countersigned_at)
        for a in inputs.finals
    ]
    return _due(decision, triggers, rules.sentence_facts(inputs.sentences, today).release_on)


def _due(decision: ClassificationDecision, triggers: list[rules.Trigger], release_on: date | None) -> rules.ReviewDue:
    changed = decision.appeal_decided_on if decision.appeal_outcome == "changed" else None
    return rules.review_due(
        decided_at=decision.decided_at,
        decided_on=timezone.localdate(decision.decided_at),
        next_review_on=decision.next_review_on,
        triggers=triggers,
        release_on=release_on,
        approaching_release_days=active_profile().classification.approaching_release_days,
        appeal_changed_on=changed,
    )


@dataclass(frozen=True)
class PersonProposal:
    prisoner: Prisoner
    proposal: rules.Proposal
    reasons: list[ShownReason]
    facts: rules.Facts
    is_vep: bool
    in_force: ClassificationDecision | None
    open: ClassificationDecision | None


def proposal_for(*, user, prisoner_id: int, today: date | None = None) -> PersonProposal:
    """The proposal computed now for a person held where the user works (Prisoner.DoesNotExist
    otherwise), with every reason as the user may read it."""
    if not user.has_perm(VIEW):
        raise Prisoner.DoesNotExist
    prisoner = (
        held_where_user_works(user=user)
        .select_related("current_prison")
        .annotate(is_vep=terrorism_linked())
        .get(pk=prisoner_id, current_prison__isnull=False)
    )
    proposal, facts = compute_proposal(prisoner, today=today)
    decisions = ClassificationDecision.objects.filter(
        prisoner=prisoner, status__in=[DecisionStatus.APPROVED, *rules.OPEN]
    )
    in_force = next((d for d in decisions if d.status == DecisionStatus.APPROVED), None)
    open_one = next((d for d in decisions if d.status in rules.OPEN), None)
    reasons = shown_reasons((r.as_dict() for r in proposal.reasons), user=user)
    return PersonProposal(prisoner, proposal, reasons, facts, prisoner.is_vep, in_force, open_one)


# --- reviews --------------------------------------------------------------------------------------


@dataclass
class ReviewItem:
    decision: ClassificationDecision
    due: rules.ReviewDue
    urgency: str
    open_decision_id: int | None
    # Why it is due, as the reader may be told (see review_reason_label).
    reason_label: str = ""


def _review_items(decisions: QuerySet[ClassificationDecision], today: date) -> list[ReviewItem]:
    """The review date of each decision in force, overdue first: five queries whatever their number."""
    decisions = decisions.filter(status=DecisionStatus.APPROVED)
    people = {"prisoner__in": decisions.values("prisoner_id")}
    # Only what the decision in force could not take into account: what was recorded after it.
    after = {"prisoner__classification_decisions__status": DecisionStatus.APPROVED}
    rows = list(decisions.select_related("prisoner__current_prison", "prison").order_by())
    triggers: dict[int, list[rules.Trigger]] = defaultdict(list)
    for prisoner_id, event, on, recorded_at in ReassessmentTrigger.objects.filter(
        event__in=rules.REVIEW_EVENTS,
        recorded_at__gt=F("prisoner__classification_decisions__decided_at"),
        **people,
        **after,
    ).values_list("prisoner_id", "event", "occurred_on", "recorded_at"):
        triggers[prisoner_id].append(rules.Trigger(event, on, recorded_at))
    for prisoner_id, first in (
        Assessment.objects.filter(
            status=AssessmentStatus.FINAL,
            countersigned_at__gt=F("prisoner__classification_decisions__decided_at"),
            **people,
            **after,
        )
        .values("prisoner_id")
        .annotate(first=Min("countersigned_at"))
        .values_list("prisoner_id", "first")
    ):
        triggers[prisoner_id].append(rules.Trigger(rules.REASSESSMENT, timezone.localdate(first), first))
    sentences: dict[int, list[tuple]] = defaultdict(list)
    for prisoner_id, *sentence in Sentence.objects.filter(**people).values_list("prisoner_id", *SENTENCE_FIELDS):
        sentences[prisoner_id].append(tuple(sentence))
    open_ones = dict(
        ClassificationDecision.objects.filter(status__in=rules.OPEN, **people).values_list("prisoner_id", "id")
    )
    items = []
    for decision in rows:
        release_on = rules.sentence_facts(sentences[decision.prisoner_id], today).release_on
        due = _due(decision, triggers[decision.prisoner_id], release_on)
        items.append(ReviewItem(decision, due, workflow.urgency(due.on, today), open_ones.get(decision.prisoner_id)))
    return sorted(items, key=lambda item: (item.due.on, item.decision.prisoner.display_name, item.decision.pk))


def reviews_due(*, user, prison_id: int | None = None, today: date | None = None) -> list[ReviewItem]:
    """The decisions in force for people held where the user works (at one prison, or at all of
    them: nationally for headquarters), each with its review date and why; overdue first."""
    if not user.has_perm(VIEW):
        return []
    people = held_where_user_works(user=user)
    if prison_id is not None:
        people = people.filter(current_prison_id=prison_id)
    decisions = ClassificationDecision.objects.filter(prisoner__in=people)
    return _as_told(_review_items(decisions, today or timezone.localdate()), user=user)


def decision_review(decision: ClassificationDecision, *, user, today: date | None = None) -> ReviewItem | None:
    """The review of one decision in force (found through decision_get), or None."""
    items = _review_items(ClassificationDecision.objects.filter(pk=decision.pk), today or timezone.localdate())
    return next(iter(_as_told(items, user=user)), None)


def _as_told(items: list[ReviewItem], *, user) -> list[ReviewItem]:
    """Each review's reason, code and label, as the reader may be told it."""
    for item in items:
        item.due = replace(item.due, reason=shown_reason(item.due.reason, user=user))
        item.reason_label = review_reason_label(item.due.reason)
    return items


def unclassified_count(*, user, prison_id: int | None = None) -> int:
    """People held where the user works with no approved classification yet (one query)."""
    people = held_where_user_works(user=user).on_roll()
    if prison_id is not None:
        people = people.filter(current_prison_id=prison_id)
    return people.exclude(classification_decisions__status=DecisionStatus.APPROVED).count()


def review_reason_label(reason: str) -> str:
    """The label of a reason already as told (see assessment.selectors.shown_reason)."""
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


# --- oversight ------------------------------------------------------------------------------------


@dataclass
class LevelRow:
    code: str
    label: str
    computed: int = 0
    proposed: int = 0
    approved: int = 0


@dataclass
class Oversight:
    """Aggregates only: no names (statistics analysts read them too)."""

    proposals: int = 0
    awaiting: int = 0
    returned: int = 0
    decided: int = 0
    # The case manager proposed another level than the computed one.
    overridden_by_case_manager: int = 0
    case_manager_up: int = 0
    case_manager_down: int = 0
    # The approver decided another level than the proposed one.
    changed_by_approver: int = 0
    approver_up: int = 0
    approver_down: int = 0
    # Either of the two.
    overridden: int = 0
    # Decided at the computed level, unchanged by anyone.
    as_computed: int = 0
    by_level: list[LevelRow] = field(default_factory=list)
    in_force: int = 0
    overdue: int = 0
    due_soon: int = 0
    overdue_by_prison: list[tuple[str, int, int]] = field(default_factory=list)  # prison, overdue, in force
    unclassified: int = 0
    first_count: int = 0
    first_days_median: float | None = None
    first_days_mean: float | None = None
    vep_by_placement: list[tuple[str, str, int]] = field(default_factory=list)
    vep_in_force: int = 0


def oversight(*, user, today: date | None = None) -> Oversight:
    """Oversight figures for the user's prisons (nationally for headquarters): proposed, overridden
    and approved levels, reviews overdue, days from admission to the first classification and VEPs
    by placement option. Eleven queries whatever the number of decisions."""
    today = today or timezone.localdate()
    framework = active_profile().classification
    scope = prison_scope(user)
    made = ClassificationDecision.objects.all()
    held = Prisoner.objects.on_roll()
    if scope is not None:
        made = made.filter(prison__in=scope)
        held = held.filter(current_prison__in=scope)
    figures = Oversight(by_level=[LevelRow(level.code, str(level.label)) for level in framework.levels])
    rows = {row.code: row for row in figures.by_level}
    rank = {level.code: i for i, level in enumerate(framework.levels)}

    def direction(before: str, after: str) -> int:
        return (rank.get(after, 0) > rank.get(before, 0)) - (rank.get(after, 0) < rank.get(before, 0))

    grouped = made.values("status", "computed_level", "proposed_level", "approved_level").annotate(n=Count("id"))
    for row in grouped.order_by():
        n, status = row["n"], row["status"]
        computed, proposed, approved = row["computed_level"], row["proposed_level"], row["approved_level"]
        figures.proposals += n
        figures.awaiting += n if status == DecisionStatus.PROPOSED else 0
        figures.returned += n if status == DecisionStatus.RETURNED else 0
        for code, attribute in ((computed, "computed"), (proposed, "proposed")):
            if code in rows:
                setattr(rows[code], attribute, getattr(rows[code], attribute) + n)
        by_case_manager = proposed != computed
        if by_case_manager:
            figures.overridden_by_case_manager += n
            figures.case_manager_up += n if direction(computed, proposed) > 0 else 0
            figures.case_manager_down += n if direction(computed, proposed) < 0 else 0
        by_approver = False
        if status in rules.DECIDED:
            figures.decided += n
            if approved in rows:
                rows[approved].approved += n
            by_approver = approved != proposed
            if by_approver:
                figures.changed_by_approver += n
                figures.approver_up += n if direction(proposed, approved) > 0 else 0
                figures.approver_down += n if direction(proposed, approved) < 0 else 0
            if not by_case_manager and not by_approver:
                figures.as_computed += n
        if by_case_manager or by_approver:
            figures.overridden += n

    reviews = _review_items(ClassificationDecision.objects.filter(prisoner__in=held), today)
    figures.in_force = len(reviews)
    figures.overdue = sum(1 for item in reviews if item.urgency == "overdue")
    figures.due_soon = sum(1 for item in reviews if item.urgency == "due_soon")
    per_prison: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in reviews:
        counts = per_prison[item.decision.prisoner.current_prison.name]
        counts[0] += item.urgency == "overdue"
        counts[1] += 1
    figures.overdue_by_prison = sorted(
        ((name, overdue, total) for name, (overdue, total) in per_prison.items()), key=lambda row: (-row[1], row[0])
    )
    figures.unclassified = held.exclude(classification_decisions__status=DecisionStatus.APPROVED).count()

    days = _days_to_first_classification(made)
    figures.first_count = len(days)
    if days:
        figures.first_days_median = round(statistics.median(days), 1)
        figures.first_days_mean = round(statistics.fmean(days), 1)

    placements = Counter(
        dict(
            ClassificationDecision.objects.filter(
                status=DecisionStatus.APPROVED, prisoner__in=held.filter(terrorism_linked())
            )
            .values("vep_placement")
            .annotate(n=Count("id"))
            .values_list("vep_placement", "n")
            .order_by()
        )
    )
    figures.vep_by_placement = [
        (code, str(VepPlacement(code).label), placements.get(code, 0)) for code in framework.vep_placement_options
    ]
    figures.vep_in_force = sum(placements.values())
    return figures


def _days_to_first_classification(made: QuerySet[ClassificationDecision]) -> list[float]:
    """For each person with an approved decision, the days from the admission of that stay to the
    first approval (two queries)."""
    first = dict(
        made.filter(status__in=rules.DECIDED)
        .values("prisoner_id")
        .annotate(first=Min("decided_at"))
        .values_list("prisoner_id", "first")
        .order_by()
    )
    if not first:
        return []
    admissions: dict[int, list[datetime]] = defaultdict(list)
    for prisoner_id, admitted_at in Admission.objects.filter(
        prisoner__in=made.filter(status__in=rules.DECIDED).values("prisoner_id")
    ).values_list("prisoner_id", "admitted_at"):
        admissions[prisoner_id].append(admitted_at)
    days = []
    for prisoner_id, decided_at in first.items():
        before = [at for at in admissions[prisoner_id] if at <= decided_at]
        if before:
            days.append((decided_at - max(before)).total_seconds() / 86400)
    return days
