"""The case work of the history's people (demo/history.py): the risk and needs assessments and the
classification decisions of their custody, as rows and as the audit events the services write.

The people of the history were released before today, so the services, which act only on people
held, cannot make their case work: it is written here in bulk, the rows the services would have
left and the events they would have written, at the times the steps happened. The same pure rules
decide it as the services do: who an instrument applies to (assessment.rules.applies_to), the
total, band, need areas and domain profile of the ratings (the instrument, assessment.rules), the
level the system proposes from the final assessments, the sentence and the level in force
(classification.rules.propose, with the facts classification.queries.facts_of reads), what a
proposal must give (classification.rules.proposal_problems) and the next review
(classification.rules.next_review_on). The ratings are the demo's (demo/assessments.ratings_for),
the rationale the demo's case managers write (demo/classifications.py).

For most stays (ASSESSED), whichever prison held the person (the history records every step by
the demo's own staff, as it does the movements; the assessment and the decision name the prison
that held the person when they began):

- `casemanager` starts, rates and submits each instrument that applies (the general screening,
  and for women the women's needs assessment; the history makes no one linked to violent
  extremism, so no VEP assessment), `psychologist` countersigns it: the first within the
  profile's first_assessment_days of the admission, some later (LATE); again every reassessment
  interval while the person is held;
- the day after each final assessment `casemanager` proposes the level the system computes, and
  the day after that `director` approves it, superseding the decision in force; a proposal the
  rules would refuse as it stands (a move down that asks for a completed programme, which the
  history does not record) is not made, and the level in force stays.

Every step lies within the stay: the first starts after the admission, the last approval is on a
day before the release. The case work draws from a random stream of its own, so that the files
are those the history makes without it. The events are those of assessment.services
(assessment_start, assessment_rate, assessment_submit, assessment_countersign) and
classification.services (classification_propose, classification_approve and the supersession it
makes), with the same actions, changes and reasons.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from random import Random
from typing import Any

from django.contrib.auth import get_user_model

from custodia.assessment import rules as assessment_rules
from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.instruments import Instrument, latest_instruments
from custodia.assessment.models import Assessment, ItemRating
from custodia.assessment.services import instrument_version_publish
from custodia.classification import rules
from custodia.classification.choices import DecisionStatus
from custodia.classification.models import ClassificationDecision
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.profiles import Profile
from custodia.estate.models import PrisonType
from custodia.register import rules as register_rules
from custodia.register.choices import LegalStatus

from .assessments import AUTHOR, EVIDENCE, SECOND, ratings_for
from .classifications import DIRECTOR, PROPOSER
from .classifications import TEXTS as CLASSIFICATION_TEXTS
from .records import PrisonRec
from .texts import agree
from .writer import Table

# Share of the stays whose case work was done (the others left before anyone assessed them, or
# were among those a busy service did not reach).
ASSESSED = 0.8
# Share of the first assessments countersigned after they were due, and by at most how many days.
LATE, LATE_DAYS = 0.25, 45
# The earliest day after the admission on which a first assessment is countersigned: started two
# days before, on a day after the admission.
EARLIEST_DAYS = 5
# A reassessment comes up to this many days before or after its interval.
EARLY_DAYS, LATER_DAYS = 20, 10
ASSESSMENT = Assessment._meta.label_lower
DECISION = ClassificationDecision._meta.label_lower
SENTENCED = (LegalStatus.CONVICTED, LegalStatus.UNDER_APPEAL)

# What a time of a step is: on a day, from an hour, up to so many minutes later.
Slot = tuple[int, int]
STARTED, SUBMITTED, COUNTERSIGNED = (9, 120), (11, 180), (14, 120)
PROPOSED, APPROVED = (10, 120), (15, 90)

Timed = tuple[datetime, audit.PastEvent]


@dataclass
class Stay:
    """One stay of a file, from the admission to the release, and the prisons that held the person."""

    admitted: datetime
    released: datetime | None = None
    prisons: list[tuple[datetime, int]] = field(default_factory=list)  # (from, prison id), oldest first

    def prison_at(self, at: datetime) -> int:
        return [prison for since, prison in self.prisons if since <= at][-1]


Moves = Iterable[tuple[register_rules.Custody, register_rules.Move, register_rules.MovementEffect]]


def stays(moves: Moves) -> list[Stay]:
    """The stays of a file from its movements (as register.rules.movement_effect left it: a person
    out at court or in hospital keeps their place; a release leaves no prison)."""
    found: list[Stay] = []
    stay: Stay | None = None
    for _before, move, effect in moves:
        prison = effect.after.prison
        if prison is not None:
            if stay is None:
                stay = Stay(move.occurred_at)
                found.append(stay)
            if not stay.prisons or stay.prisons[-1][1] != prison:
                stay.prisons.append((move.occurred_at, prison))
        elif stay is not None:
            stay.released, stay = move.occurred_at, None
    return found


@dataclass(frozen=True)
class FileFacts:
    """What the case work of one file reads of it, as the history wrote it."""

    pid: int
    sex: str
    date_of_birth: date | None
    birth_year_estimated: int | None
    statuses: Sequence[tuple[datetime, str]]  # (recorded at, legal status), in order
    sentences: Sequence[tuple[date, tuple[date, date | None, date | None, int, bool]]]  # (imposed on, facts)
    admissions: Sequence[tuple[datetime, int]]  # (admitted at, admission id), in order

    def admission_at(self, at: datetime) -> int | None:
        """The admission of the stay at `at`: the latest before it, as classification_approve keeps it."""
        return next((pk for admitted, pk in reversed(self.admissions) if admitted <= at), None)


@dataclass
class _Decision:
    """A decision made for the file, written once the next one is known (it supersedes this one)."""

    id: int
    values: dict[str, Any]


class CaseWork:
    def __init__(self, *, country: str, profile: Profile, prisons: list[PrisonRec], rng: Random, tz: tzinfo) -> None:
        names = {AUTHOR, SECOND, PROPOSER, DIRECTOR}
        users = dict(get_user_model().objects.filter(username__in=names).values_list("username", "pk"))
        # Without the demo's staff (accounts that existed before it) there is no one to do it.
        self.users: dict[str, int] | None = users if len(users) == len(names) else None
        self.profile, self.framework = profile, profile.classification
        self.rng, self.tz = rng, tz
        self.evidence = EVIDENCE.get(country, EVIDENCE["uganda"])
        self.rationale = CLASSIFICATION_TEXTS.get(country, CLASSIFICATION_TEXTS["uganda"])["rationale"]
        # Summed instruments: those of structured professional judgement are for people linked to
        # violent extremism, whom the history does not make.
        self.instruments = [
            instrument
            for _id, instrument in sorted(latest_instruments().items())
            if instrument.scoring.method == "sum" and instrument.population != "vep"
        ]
        self.women = {prison.pk for prison in prisons if prison.prison_type == PrisonType.WOMEN}
        self.assessments = Table(Assessment, defaulted=("return_comment",))
        self.ratings = Table(ItemRating)
        self.decisions = Table(
            ClassificationDecision,
            defaulted=(
                "override_reason",
                "decision_reason",
                "return_comment",
                "vep_placement",
                "vep_placement_reason",
                "programme_confirmed",
                "informed_on",
                "appeal_lodged_on",
                "appeal_outcome",
                "appeal_decided_on",
                "appeal_note",
            ),
        )
        self.versions: dict[str, int] = {}

    def tables(self) -> list[Table]:
        return [self.assessments, self.ratings, self.decisions]

    def publish(self) -> None:
        """The stored instrument versions the assessments point to (as assessment_start publishes
        them when first used), inside the month's transaction."""
        self.versions = {instrument.id: instrument_version_publish(instrument).pk for instrument in self.instruments}

    def flush(self) -> int:
        return sum(table.flush() for table in self.tables())

    # -- one file ----------------------------------------------------------------------------------

    def make(self, file: FileFacts, moves: Moves) -> list[Timed]:
        """The assessments and decisions of one file's stays, written into the tables; returns their
        audit events with the times they happened."""
        if self.users is None:
            return []
        events: list[Timed] = []
        finals: dict[str, rules.Judgement] = {}  # the latest final assessment with each instrument
        decisions: list[_Decision] = []
        first_days = self.profile.review_intervals.first_assessment_days
        for stay in stays(moves):
            if stay.released is None or self.rng.random() >= ASSESSED:
                continue
            admitted, released = self._day(stay.admitted), self._day(stay.released)
            late = self.rng.random() < LATE
            after = first_days + self.rng.randint(1, LATE_DAYS) if late else self.rng.randint(EARLIEST_DAYS, first_days)
            day = admitted + timedelta(days=max(EARLIEST_DAYS, after))
            # Each step a day apart: started two days before the final assessment, approved two after.
            while day + timedelta(days=2) < released:
                applicable = self._applicable(file, day)
                if not applicable:
                    break
                for instrument in applicable:
                    events += self._assess(file, stay, instrument, day, finals)
                events += self._decide(file, stay, day, finals, decisions)
                interval = min(
                    instrument.reassessment_days or self.profile.review_intervals.reassessment_days
                    for instrument in applicable
                )
                day += timedelta(days=interval + self.rng.randint(-EARLY_DAYS, LATER_DAYS))
        for i, decision in enumerate(decisions):
            superseded = i < len(decisions) - 1
            status = DecisionStatus.SUPERSEDED if superseded else DecisionStatus.APPROVED
            # Proposed (1), approved (2), superseded (3): each step bumps the version.
            self.decisions.add(id=decision.id, status=status, version=3 if superseded else 2, **decision.values)
        return events

    def _day(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()

    def _at(self, day: date, slot: Slot) -> datetime:
        hour, spread = slot
        return datetime.combine(day, time(hour), tzinfo=self.tz) + timedelta(minutes=self.rng.randint(0, spread))

    def _applicable(self, file: FileFacts, day: date) -> list[Instrument]:
        age = register_rules.age_on(
            day, date_of_birth=file.date_of_birth, birth_year_estimated=file.birth_year_estimated
        )
        juvenile_age = self.profile.juvenile_age
        return [
            instrument
            for instrument in self.instruments
            if assessment_rules.applies_to(
                instrument.population, sex=file.sex, age=age, juvenile_age=juvenile_age, is_vep=False
            )
        ]

    def _assess(
        self, file: FileFacts, stay: Stay, instrument: Instrument, day: date, finals: dict[str, rules.Judgement]
    ) -> list[Timed]:
        """A final assessment countersigned on `day`: the rows, and the events of its four steps."""
        assert self.users is not None
        author, second = self.users[AUTHOR], self.users[SECOND]
        started = self._at(day - timedelta(days=2), STARTED)
        rated = started + timedelta(minutes=self.rng.randint(20, 90))
        submitted = self._at(day - timedelta(days=1), SUBMITTED)
        countersigned = self._at(day, COUNTERSIGNED)
        ratings = ratings_for(instrument, file.pid, self.evidence, later=instrument.id in finals)
        values = {code: rating.value for code, rating in ratings.items()}
        total = instrument.total(values)
        band = instrument.band_for(total)
        level = band.level.value if band else ""
        assessment = self.assessments.add(
            prisoner_id=file.pid,
            prison_id=stay.prison_at(started),
            instrument_id=self.versions[instrument.id],
            instrument_code=instrument.id,
            status=AssessmentStatus.FINAL,
            version=4,  # started (1), rated (2), submitted (3), countersigned (4)
            total_score=total,
            computed_level=level,
            final_judgement=level,
            rationale="",
            need_areas=[str(area) for area in instrument.need_areas(values)],
            domain_scores=assessment_rules.domain_profile(instrument, values),
            created_by_id=author,
            created_at=started,
            submitted_by_id=author,
            submitted_at=submitted,
            countersigned_by_id=second,
            countersigned_at=countersigned,
        )
        for code, rating in ratings.items():
            self.ratings.add(assessment_id=assessment, item_code=code, value=rating.value, evidence=rating.evidence)
        finals[instrument.id] = rules.Judgement(level=level, on=day, items=values)
        oid = str(assessment)
        return [
            (
                started,
                audit.PastEvent(
                    started,
                    author,
                    AuditAction.ASSESSMENT_START,
                    ASSESSMENT,
                    oid,
                    audit.changes_of(
                        prisoner=(None, file.pid), instrument=(None, f"{instrument.id} v{instrument.version}")
                    ),
                ),
            ),
            (
                rated,
                audit.PastEvent(
                    rated,
                    author,
                    AuditAction.ASSESSMENT_RATE,
                    ASSESSMENT,
                    oid,
                    audit.changes_of(**{code: (None, value) for code, value in values.items()}),
                ),
            ),
            (
                submitted,
                audit.PastEvent(
                    submitted,
                    author,
                    AuditAction.ASSESSMENT_SUBMIT,
                    ASSESSMENT,
                    oid,
                    audit.changes_of(
                        status=(AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED),
                        total_score=(None, total),
                        final_judgement=(None, level),
                    ),
                    "",  # the rationale: an instrument that sums its items has none
                ),
            ),
            (
                countersigned,
                audit.PastEvent(
                    countersigned,
                    second,
                    AuditAction.ASSESSMENT_COUNTERSIGN,
                    ASSESSMENT,
                    oid,
                    audit.changes_of(status=(AssessmentStatus.SUBMITTED, AssessmentStatus.FINAL)),
                ),
            ),
        ]

    def _facts(
        self, file: FileFacts, stay: Stay, at: datetime, finals: dict[str, rules.Judgement], level: str | None
    ) -> rules.Facts:
        """What classification.queries.facts_of reads, as the file stood at `at`."""
        day = self._day(at)
        legal = next((status for recorded, status in reversed(file.statuses) if recorded <= at), "")
        if not legal and file.statuses:
            legal = file.statuses[0][1]
        sentences = [facts for imposed, facts in file.sentences if imposed <= day] if legal in SENTENCED else []
        sentence = rules.sentence_facts(sentences, day)
        return rules.Facts(
            today=day,
            assessments=dict(finals),
            remaining_sentence_years=sentence.remaining_years,
            served_fraction=sentence.served_fraction,
            life_sentence=sentence.life,
            sex=file.sex,
            in_womens_estate=stay.prison_at(at) in self.women,
            current_level=level,
            legal_status=legal,
        )

    def _decide(
        self,
        file: FileFacts,
        stay: Stay,
        assessed: date,
        finals: dict[str, rules.Judgement],
        decisions: list[_Decision],
    ) -> list[Timed]:
        """The level the system computes proposed the day after the final assessment and approved
        the day after that, superseding the decision in force; nothing when the rules would refuse
        the proposal as it stands."""
        assert self.users is not None
        proposer, approver = self.users[PROPOSER], self.users[DIRECTOR]
        proposed_at = self._at(assessed + timedelta(days=1), PROPOSED)
        decided_at = self._at(assessed + timedelta(days=2), APPROVED)
        previous = decisions[-1] if decisions else None
        in_force = previous.values["approved_level"] if previous else None
        facts = self._facts(file, stay, proposed_at, finals, in_force)
        computed = rules.propose(self.framework, facts)
        wanted = rules.Proposed(computed.level, agree(self.rationale, file.sex)).stripped()
        if rules.proposal_problems(
            self.framework, wanted, computed=computed, facts=facts, is_vep=False, has_vep_assessment=False
        ):
            return []
        decided_on = self._day(decided_at)
        review_on = rules.next_review_on(decided_on, self.framework.level(wanted.level).review_days)
        decision = _Decision(
            self.decisions.new_id(),
            {
                "prisoner_id": file.pid,
                "prison_id": stay.prison_at(proposed_at),
                "computed_level": computed.level,
                "computed_reasons": [reason.as_dict() for reason in computed.reasons],
                "proposed_level": wanted.level,
                "rationale": wanted.rationale,
                "proposed_by_id": proposer,
                "proposed_at": proposed_at,
                "approved_level": wanted.level,
                "decided_by_id": approver,
                "decided_at": decided_at,
                "admission_id": file.admission_at(decided_at),
                "next_review_on": review_on,
            },
        )
        decisions.append(decision)
        oid = str(decision.id)
        events: list[Timed] = [
            (
                proposed_at,
                audit.PastEvent(
                    proposed_at,
                    proposer,
                    AuditAction.CLASSIFICATION_PROPOSE,
                    DECISION,
                    oid,
                    audit.changes_of(
                        status=(None, DecisionStatus.PROPOSED),
                        computed_level=(None, computed.level),
                        proposed_level=(None, wanted.level),
                        vep_placement=(None, None),
                    ),
                    wanted.rationale,
                ),
            )
        ]
        if previous is not None:
            # Approving supersedes the decision in force, in the same step, recorded first.
            events.append(
                (
                    decided_at,
                    audit.PastEvent(
                        decided_at,
                        approver,
                        AuditAction.CLASSIFICATION_SUPERSEDE,
                        DECISION,
                        str(previous.id),
                        audit.changes_of(
                            status=(DecisionStatus.APPROVED, DecisionStatus.SUPERSEDED),
                            superseded_by=(None, decision.id),
                        ),
                    ),
                )
            )
        events.append(
            (
                decided_at,
                audit.PastEvent(
                    decided_at,
                    approver,
                    AuditAction.CLASSIFICATION_APPROVE,
                    DECISION,
                    oid,
                    audit.changes_of(
                        status=(DecisionStatus.PROPOSED, DecisionStatus.APPROVED),
                        approved_level=(None, wanted.level),
                        next_review_on=(None, review_on),
                    ),
                    "",
                ),
            )
        )
        return events
