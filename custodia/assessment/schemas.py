"""API schemas of risk and needs assessment.

Instruments are data (instruments.py): their labels are answered in the user's language. Input
schemas check only what the request alone shows (types, choices, one rating per item); the
services check the rest (who may act, the workflow, the scale of each item, stale versions).
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any

from django.contrib.auth.models import User
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import BeforeValidator, field_validator

from custodia.core.api import Id, In, PrisonerRef, PrisonRef, Version
from custodia.core.levels import RiskLevel

from . import rules
from .choices import AssessmentStatus, NeedArea, TriggerEvent
from .instruments import Band, Instrument, Kind, Population, Section, SpjScoring, SumScoring
from .models import Assessment, ItemRating
from .selectors import PrisonerAssessments, WorkItem


def _localized(value: Any) -> Any:
    # A Label answers in the active language (Accept-Language, through LocaleMiddleware).
    return value if value is None or isinstance(value, str) else str(value)


Text = Annotated[str, BeforeValidator(_localized)]

VERSION_NOTE = (
    "The `version` of the assessment the client last read. When given, an assessment changed since is "
    "refused with 422 under `version`, saying what changed and who changed it."
)


# --- Instruments -----------------------------------------------------------------------------


class ScaleLevelOut(Schema):
    value: int
    label: Text
    description: Text


class ItemOut(Schema):
    code: str
    prompt: Text
    guidance: Text | None = Field(..., description="What to consider, and what not to rate.")
    nature: str = Field(..., description="static or dynamic.")
    direction: str = Field(..., description="risk (summed into a total) or protective (shown beside it).")
    need_area: NeedArea | None
    evidence_required: bool
    scale: list[ScaleLevelOut]


class DomainOut(Schema):
    code: str
    title: Text
    items: list[ItemOut]


class TriggerRuleOut(Schema):
    event: TriggerEvent
    due_within_days: int


class BandOut(Schema):
    level: RiskLevel
    min: int
    max: int
    label: Text


class ScoringOut(Schema):
    method: str = Field(..., description="sum: a total and its band; spj: the rater's own final judgement.")
    bands: list[BandOut] = Field(..., description="Empty for structured professional judgement.")

    @staticmethod
    def resolve_bands(obj: SumScoring | SpjScoring) -> list[Band]:
        return list(obj.bands) if isinstance(obj, SumScoring) else []


class InstrumentOut(Schema):
    id: str
    version: int
    title: Text
    purpose: Text
    kind: Kind
    population: Population
    section: Section = Field(..., description="The sensitive section its results belong to: who may read them.")
    validated: bool = Field(
        ..., description='false: the client must show the instrument and its results as "not validated".'
    )
    reassessment_days: int | None = Field(..., description="null: the country profile's interval applies.")
    triggers: list[TriggerRuleOut]
    domains: list[DomainOut]
    scoring: ScoringOut


# --- Assessments: output ---------------------------------------------------------------------


class InstrumentRef(Schema):
    id: str
    version: int
    title: Text
    kind: Kind
    validated: bool = Field(..., description='false: show the results as "not validated".')


def _instrument_of(assessment: Assessment) -> Instrument:
    return assessment.instrument.instrument


def _username(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


class RatingOut(Schema):
    item_code: str
    value: int
    evidence: str


class AssessmentListItemOut(Schema):
    id: int
    instrument: InstrumentRef
    prison: PrisonRef = Field(..., description="Where it was made.")
    status: AssessmentStatus
    version: int
    total_score: int | None
    computed_level: RiskLevel | None
    final_judgement: RiskLevel | None
    need_areas: list[str]
    created_by: str
    created_at: datetime
    submitted_at: datetime | None
    countersigned_at: datetime | None

    @staticmethod
    def resolve_instrument(obj: Assessment) -> Instrument:
        return _instrument_of(obj)

    @staticmethod
    def resolve_computed_level(obj: Assessment) -> str | None:
        return obj.computed_level or None

    @staticmethod
    def resolve_final_judgement(obj: Assessment) -> str | None:
        return obj.final_judgement or None

    @staticmethod
    def resolve_created_by(obj: Assessment) -> str | None:
        return _username(obj.created_by)


class AssessmentDetailOut(AssessmentListItemOut):
    prisoner: PrisonerRef
    version: int = Field(..., description="Send it back with a change to have a stale edit refused.")
    rationale: str
    return_comment: str
    domain_scores: dict[str, dict[str, int]] = Field(
        ..., description="Per domain, filled when final: {score, max}; protective domains apart from risk."
    )
    ratings: list[RatingOut] = Field(..., description="In the order of the instrument's items.")
    submitted_by: str | None
    countersigned_by: str | None

    @staticmethod
    def resolve_ratings(obj: Assessment) -> list[ItemRating]:
        order = {item.code: i for i, (_domain, item) in enumerate(_instrument_of(obj).items())}
        return sorted(obj.ratings.all(), key=lambda rating: order.get(rating.item_code, len(order)))

    @staticmethod
    def resolve_submitted_by(obj: Assessment) -> str | None:
        return _username(obj.submitted_by)

    @staticmethod
    def resolve_countersigned_by(obj: Assessment) -> str | None:
        return _username(obj.countersigned_by)


class PrisonerAssessmentsOut(Schema):
    items: list[AssessmentListItemOut] = Field(..., description="Newest first.")
    withheld: list[str] = Field(
        ..., description="Titles of instruments whose assessments exist but need a section right the user lacks."
    )
    needs: list[str] = Field(..., description="Need areas of the latest final assessment of each instrument.")

    @staticmethod
    def resolve_items(obj: PrisonerAssessments) -> list[Assessment]:
        return obj.visible


class OpenAssessmentRef(Schema):
    id: int
    status: AssessmentStatus


class WorkItemOut(Schema):
    prisoner: PrisonerRef
    instrument: InstrumentRef
    due_on: date
    reason: str = Field(
        ...,
        description='"first", "interval" or the trigger event that brought the date forward; "security_event" '
        "stands for intelligence graded reliable when the reader may not read intelligence.",
    )
    trigger_on: date | None = Field(..., description="When the trigger event happened, if one is the reason.")
    urgency: str = Field(..., description="overdue, due_soon (within 14 days) or scheduled.")
    open_assessment: OpenAssessmentRef | None = Field(..., description="An assessment already under way.")

    @staticmethod
    def resolve_due_on(obj: WorkItem) -> date:
        return obj.due.on

    @staticmethod
    def resolve_reason(obj: WorkItem) -> str:
        return obj.due.reason

    @staticmethod
    def resolve_trigger_on(obj: WorkItem) -> date | None:
        return obj.due.trigger_on


class TriggerOut(Schema):
    id: int
    prisoner_id: int
    event: TriggerEvent
    occurred_on: date
    note: str


# --- Assessments: input ----------------------------------------------------------------------


class AssessmentListIn(Schema):
    prisoner: Id = Field(..., description="Id of the person.")


class WorklistIn(Schema):
    prison: Id = Field(..., description="Id of a prison the user works at.")


class AssessmentStartIn(In):
    prisoner: Id = Field(..., description="Id of a person held at a prison where the user assesses.")
    instrument: str = Field(
        ..., max_length=60, description="Id of an instrument that applies to the person; its latest version is used."
    )


class RatingIn(In):
    item_code: str = Field(..., min_length=1, max_length=60)
    value: int = Field(..., ge=0, le=32767, description="One of the values of the item's scale.")
    evidence: str = Field("", description="Required before submission where the item asks for evidence.")


class RatingsIn(In):
    version: Version | None = Field(None, description=VERSION_NOTE)
    ratings: list[RatingIn] = Field([], description="Items not given keep their rating.")
    rationale: str | None = Field(None, description="Structured professional judgement: why the final judgement.")
    final_judgement: RiskLevel | None = Field(
        None, description="Structured professional judgement only: the rater's choice; never computed."
    )

    @field_validator("ratings")
    @classmethod
    def _one_rating_per_item(cls, ratings: list[RatingIn]) -> list[RatingIn]:
        seen: set[str] = set()
        for rating in ratings:
            if rating.item_code in seen:
                raise ValueError(
                    gettext("Each item is rated once: %(code)s is given twice.") % {"code": rating.item_code}
                )
            seen.add(rating.item_code)
        return ratings

    def to_ratings(self) -> dict[str, rules.Rating]:
        return {rating.item_code: rules.Rating(rating.value, rating.evidence) for rating in self.ratings}

    def error_paths(self, instrument: Instrument) -> Mapping[str, str]:
        """The service names a rating by its item code: answer it under the rating in the request
        (its value, or its item code when the instrument has no such item)."""
        codes = {item.code for _domain, item in instrument.items()}
        return {
            rating.item_code: f"ratings.{i}.{'value' if rating.item_code in codes else 'item_code'}"
            for i, rating in enumerate(self.ratings)
        }


class VersionIn(In):
    version: Version | None = Field(None, description=VERSION_NOTE)


class ReturnIn(VersionIn):
    comment: str = Field(..., description="What the assessor must correct.")


class TriggerIn(In):
    prisoner: Id = Field(..., description="Id of a person held at a prison where the user works.")
    event: TriggerEvent
    occurred_on: date = Field(..., description="Not in the future.")
    note: str = ""
