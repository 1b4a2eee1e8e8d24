"""Internal, unscoped queries of classification: what the proposal, the review dates and the
checks of other apps are computed from.

None of these asks who reads: a caller must already have scoped the person or the decisions to
the acting user (classification.selectors do), or be a write or a check that every placement goes
through (the services, placement's checks) or an aggregate without names (oversight). Pages and
the API never call these directly.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import F, Min, Prefetch, QuerySet
from django.utils import timezone

from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.instruments import latest_instruments
from custodia.assessment.models import Assessment, ItemRating, ReassessmentTrigger
from custodia.core import workflow
from custodia.estate.models import PrisonType
from custodia.estate.selectors import active_profile
from custodia.register.choices import LegalStatus, OffenceStatus
from custodia.register.models import Offence, Prisoner, Sentence

from . import evidence, rules
from .choices import DecisionStatus
from .models import ClassificationDecision

# What rules.sentence_facts reads of each sentence, in its order.
SENTENCE_FIELDS = ("starts_on", "full_term_release_on", "earliest_release_on", "remand_credit_days", "life")
Sentences = list[tuple[date, date | None, date | None, int, bool]]


def approved_level(prisoner_id: int) -> str | None:
    """The level of the decision in force for a person, or None before a first approval: for the
    placement checks that every placement, move and transfer goes through."""
    return (
        ClassificationDecision.objects.filter(prisoner_id=prisoner_id, status=DecisionStatus.APPROVED)
        .values_list("approved_level", flat=True)
        .first()
    )


def has_final_vep_assessment(prisoner_id: int) -> bool:
    """An individual assessment with an instrument made for people linked to violent extremism."""
    codes = [code for code, instrument in latest_instruments().items() if instrument.population == "vep"]
    return Assessment.objects.filter(
        prisoner_id=prisoner_id, status=AssessmentStatus.FINAL, instrument_code__in=codes
    ).exists()


# --- the proposal of one person -------------------------------------------------------------------


@dataclass
class Inputs:
    """What the proposal and the review dates of one person are computed from."""

    finals: list[Assessment] = field(default_factory=list)  # newest first, ratings prefetched
    triggers: list[tuple[str, date, datetime]] = field(default_factory=list)  # event, occurred on, recorded at
    sentences: Sentences = field(default_factory=list)  # see rules.sentence_facts
    # The ICCS codes of the offences charged or convicted: read only without a final assessment,
    # when the interim placement rule needs them.
    offences: list[str] = field(default_factory=list)
    completed_programme: rules.CompletedProgramme | None = None  # classification.evidence


def inputs_of(prisoner_id: int) -> Inputs:
    """Four queries: the final assessments and their ratings, the events, the sentences; a fifth,
    the offences, for a person with no final assessment yet; and what the registered finder of
    completed programmes reads (classification.evidence)."""
    finals = list(
        Assessment.objects.filter(prisoner_id=prisoner_id, status=AssessmentStatus.FINAL)
        .only("id", "instrument_code", "final_judgement", "countersigned_at")
        .prefetch_related(Prefetch("ratings", queryset=ItemRating.objects.only("assessment_id", "item_code", "value")))
        .order_by("-countersigned_at", "-id")
    )
    triggers = list(
        ReassessmentTrigger.objects.filter(prisoner_id=prisoner_id).values_list("event", "occurred_on", "recorded_at")
    )
    sentences: Sentences = list(Sentence.objects.filter(prisoner_id=prisoner_id).values_list(*SENTENCE_FIELDS))
    offences = [] if finals else offences_held_for(prisoner_id)
    return Inputs(finals, triggers, sentences, offences, evidence.completed_programme(prisoner_id))


def offences_held_for(prisoner_id: int) -> list[str]:
    """The ICCS codes of the offences a person is charged with or convicted of (one query)."""
    return list(
        Offence.objects.filter(prisoner_id=prisoner_id)
        .exclude(status__in=[OffenceStatus.ACQUITTED, OffenceStatus.WITHDRAWN])
        .values_list("iccs_code", flat=True)
    )


def facts_of(prisoner: Prisoner, inputs: Inputs, *, current_level: str | None, today: date) -> rules.Facts:
    """The facts of rules.propose; `prisoner.current_prison` is read."""
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
        legal_status=prisoner.legal_status,
        offences=tuple(inputs.offences),
        completed_programme=inputs.completed_programme,
    )


def compute_proposal(prisoner: Prisoner, *, today: date | None = None) -> tuple[rules.Proposal, rules.Facts]:
    """What the services store with a proposal. `prisoner.current_prison` is read."""
    today = today or timezone.localdate()
    facts = facts_of(prisoner, inputs_of(prisoner.pk), current_level=approved_level(prisoner.pk), today=today)
    return rules.propose(active_profile().classification, facts), facts


# --- reviews --------------------------------------------------------------------------------------


@dataclass
class ReviewItem:
    decision: ClassificationDecision
    due: rules.ReviewDue
    urgency: str
    open_decision_id: int | None
    # Why it is due, as the reader may be told (filled by the selectors, see presenters.review_reason_label).
    reason_label: str = ""


def review_items(decisions: QuerySet[ClassificationDecision], today: date) -> list[ReviewItem]:
    """The review date of each decision in force, overdue first: five queries whatever their
    number. Each reason is the plain code: the selectors mask it as the reader may be told it."""
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
    sentences: dict[int, Sentences] = defaultdict(list)
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


def review_of(decision: ClassificationDecision, inputs: Inputs, today: date) -> rules.ReviewDue:
    """The review of the decision in force, from the inputs of its person already read."""
    triggers = [
        rules.Trigger(event, on, recorded_at)
        for event, on, recorded_at in inputs.triggers
        if event in rules.REVIEW_EVENTS
    ]
    triggers += [
        rules.Trigger(rules.REASSESSMENT, timezone.localdate(a.countersigned_at), a.countersigned_at)
        for a in inputs.finals
        if a.countersigned_at is not None  # always, for a final assessment (a constraint): narrows the type
    ]
    return _due(decision, triggers, rules.sentence_facts(inputs.sentences, today).release_on)


def _due(decision: ClassificationDecision, triggers: list[rules.Trigger], release_on: date | None) -> rules.ReviewDue:
    changed = decision.appeal_decided_on if decision.appeal_outcome == "changed" else None
    # A decision in force has both (a constraint of the table).
    assert decision.decided_at is not None and decision.next_review_on is not None
    return rules.review_due(
        decided_at=decision.decided_at,
        decided_on=timezone.localdate(decision.decided_at),
        next_review_on=decision.next_review_on,
        triggers=triggers,
        release_on=release_on,
        approaching_release_days=active_profile().classification.approaching_release_days,
        appeal_changed_on=changed,
    )
