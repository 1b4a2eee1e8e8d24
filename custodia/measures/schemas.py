"""API schemas of restrictive measures. Input is checked for types, choices and lengths; the
services check the rest (who may act, the legal basis, the planned end, solitary confinement)."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from custodia.core.api import Id, In, PrisonerRef, PrisonRef, Version
from custodia.core.withheld import Withheld

from .choices import AppealOutcome, MeasureKind, MeasureStatus, ReviewOutcome
from .selectors import MeasureOpened, VisitSeen


class MeasureListIn(In):
    prison: Id | None = Field(None, description="Only the measures applied at this prison.")
    prisoner: Id | None = Field(None, description="Only the measures of this person.")
    status: MeasureStatus | None = Field(None, description="Only measures in force, or ended ones.")


class MeasureImposeIn(In):
    prisoner_id: Id = Field(..., description="A person held at a prison where the user is director.")
    kind: MeasureKind
    legal_basis: str = Field(..., max_length=300, description="The law, regulation or decision that allows it.")
    reason: str = Field(..., max_length=8000, description="The reason, as the person will be told it.")
    hours_without_contact: int = Field(
        ...,
        ge=0,
        le=24,
        description="Hours a day without meaningful human contact: 22 or more is solitary confinement (Rule 44).",
    )
    starts_on: date = Field(..., description="Not in the future, nor before the person's admission.")
    ends_on: date = Field(..., description="The planned end, on or after the start.")
    health_view: str = Field(
        "", max_length=8000, description="The health service's view: required before solitary confinement (Rule 45)."
    )
    worsened: bool = Field(
        False, description="The health service finds it would worsen a mental or physical disability (Rule 45)."
    )


class HealthVisitIn(In):
    visited_on: date = Field(..., description="A day of the measure, not in the future; one visit a day.")
    adverse_effects: bool = Field(False, description="Adverse effects on the person's health, for the director.")
    note: str = Field("", max_length=8000, description="Required when there are adverse effects.")


class ReviewIn(In):
    outcome: ReviewOutcome = Field(..., description="`end` ends the measure today.")
    note: str = Field(..., max_length=8000, description="The reasons: why the measure is still needed, or not.")
    version: Version | None = Field(None, description="The `version` of the measure last read; a later change refuses.")


class MeasureOut(Schema):
    id: int
    prisoner: PrisonerRef
    prison: PrisonRef
    kind: MeasureKind
    legal_basis: str
    reason: str
    hours_without_contact: int
    solitary: bool = Field(..., description="22 hours or more a day without meaningful human contact (Rule 44).")
    starts_on: date
    ends_on: date = Field(..., description="The planned end.")
    status: MeasureStatus
    imposed_by: str
    imposed_at: datetime
    told_on: date | None = Field(..., description="The day the person was told the reason; null until recorded.")
    ended_on: date | None
    ended_by: str | None
    end_reason: str = Field(..., description="Empty when a transfer, a release or a death ended it.")
    version: int

    @staticmethod
    def resolve_imposed_by(obj: Any) -> str:
        return obj.imposed_by.get_username()

    @staticmethod
    def resolve_ended_by(obj: Any) -> str | None:
        return obj.ended_by.get_username() if obj.ended_by_id else None


class ReviewOut(Schema):
    id: int
    reviewed_on: date
    reviewed_by: str
    outcome: ReviewOutcome
    note: str

    @staticmethod
    def resolve_reviewed_by(obj: Any) -> str:
        return obj.reviewed_by.get_username()


class HealthVisitOut(Schema):
    id: int
    visited_on: date
    visited_by: str
    adverse_effects: bool | None = Field(..., description="Null when withheld (see `withheld` of the measure).")
    note: str | None = Field(..., description="Null when withheld.")

    @staticmethod
    def resolve_visited_by(obj: Any) -> str:
        return obj.visited_by.get_username()

    @classmethod
    def of(cls, seen: VisitSeen) -> "HealthVisitOut":
        return cls.model_validate(seen.visit).model_copy(
            update={
                "adverse_effects": None if isinstance(seen.adverse_effects, Withheld) else seen.adverse_effects,
                "note": None if isinstance(seen.note, Withheld) else seen.note,
            }
        )


class AppealOut(Schema):
    id: int
    lodged_on: date
    grounds: str
    outcome: AppealOutcome
    decided_on: date | None
    decided_by: str | None
    decision_note: str

    @staticmethod
    def resolve_decided_by(obj: Any) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by_id else None


class MeasureDetailOut(MeasureOut):
    # Filled by `of`, from what the selector let the reader see.
    health_view: str | None = Field(None, description="The health service's view; null when withheld.")
    worsened: bool | None = Field(None, description="Would worsen a disability (Rule 45); null when withheld.")
    days: int = Field(0, description="The day of the measure today (its first day is 1), or the days it held.")
    next_review_on: date | None = Field(None, description="While in force: when a review is due.")
    solitary_days_so_far: int = Field(
        0, description="The person's run of solitary confinement this measure is part of, to today (limit 15)."
    )
    solitary_days_planned: int = Field(0, description="The same run to the planned end, while in force.")
    missed_visits: list[date] = Field(
        default_factory=list, description="Past days held apart without a health-care visit (Rule 46)."
    )
    reviews: list[ReviewOut] = Field(default_factory=list)
    health_visits: list[HealthVisitOut] = Field(default_factory=list)
    appeals: list[AppealOut] = Field(default_factory=list)
    withheld: list[str] = Field(
        default_factory=list,
        description="`health`: the health service's view and what the visits found, for health-care staff and "
        "readers of the health section only (medical confidentiality).",
    )

    @classmethod
    def of(cls, opened: MeasureOpened) -> "MeasureDetailOut":
        # Read from the measure as any record, then what the selector let the reader see in place of
        # its health fields and relations.
        return cls.model_validate(opened.measure).model_copy(
            update={
                "health_view": None if isinstance(opened.health_view, Withheld) else opened.health_view,
                "worsened": None if isinstance(opened.worsened, Withheld) else opened.worsened,
                "days": opened.day,
                "next_review_on": opened.review_due_on,
                "solitary_days_so_far": opened.solitary_so_far,
                "solitary_days_planned": opened.solitary_planned,
                "missed_visits": opened.missed,
                "reviews": [ReviewOut.model_validate(review) for review in opened.reviews],
                "health_visits": [HealthVisitOut.of(seen) for seen in opened.visits],
                "appeals": [AppealOut.model_validate(appeal) for appeal in opened.appeals],
                "withheld": opened.withheld,
            }
        )
