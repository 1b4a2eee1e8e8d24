"""API schemas of classification. Input schemas check what the request alone shows (types,
choices, unknown fields); the services check the rest (who may act, reasons, the workflow, stale
versions)."""

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from ninja import Field, Schema

from custodia.core.api import Id, In, PrisonerRef, PrisonRef, Version
from custodia.estate.models import Prison
from custodia.register.models import Prisoner

from .choices import AppealOutcome, DecisionStatus, VepPlacement
from .models import ClassificationDecision, ReviewDateChange
from .presenters import PersonProposal, ShownReason, shown_reasons
from .queries import ReviewItem

VERSION_NOTE = (
    "The `version` of the decision the client last read. When given, a decision changed since is refused "
    "with 422 under `version`, saying what changed and who changed it."
)


class ReasonOut(Schema):
    rule: str = Field(
        ..., description="The framework rule's code, or least_restrictive, first_assessment, womens_estate, held, ..."
    )
    level: str = Field(..., description="The level the reason points to.")
    label: str = Field(..., description="The rule, in the user's language.")
    detail: str = Field(..., description="The result that made it apply, in the user's language.")
    withheld: bool = Field(..., description="true: drawn from an assessment the user may not read.")


class ProposalOut(Schema):
    prisoner: PrisonerRef
    level: str = Field(
        ...,
        description="The lowest level the assessed risks allow; before a first final assessment, the level the "
        "country's interim placement rule gives.",
    )
    floor: str = Field(
        ..., description="The level the rules alone point to, before the women's estate and prerequisites."
    )
    first_assessment_needed: bool = Field(
        ...,
        description="No final assessment yet: the proposal follows the interim placement rule, not assessed risks.",
    )
    reasons: list[ReasonOut]
    level_in_force: str | None
    is_vep: bool = Field(..., description="Linked to violent extremism: a placement option is chosen with a reason.")
    open_decision: int | None = Field(..., description="A decision proposed or returned, under way.")

    @staticmethod
    def resolve_level(obj: PersonProposal) -> str:
        return obj.proposal.level

    @staticmethod
    def resolve_floor(obj: PersonProposal) -> str:
        return obj.proposal.floor

    @staticmethod
    def resolve_first_assessment_needed(obj: PersonProposal) -> bool:
        return obj.proposal.interim

    @staticmethod
    def resolve_level_in_force(obj: PersonProposal) -> str | None:
        return obj.in_force.approved_level if obj.in_force else None

    @staticmethod
    def resolve_open_decision(obj: PersonProposal) -> int | None:
        return obj.open.pk if obj.open else None


def _username(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


def _blank_none(value: str) -> str | None:
    return value or None


class ReviewChangeOut(Schema):
    old_date: date | None
    new_date: date
    reason: str
    changed_by: str
    changed_at: datetime

    @staticmethod
    def resolve_changed_by(obj: ReviewDateChange) -> str | None:
        return _username(obj.changed_by)


class DecisionOut(Schema):
    id: int
    prisoner_id: int
    prison: PrisonRef = Field(..., description="Where it was proposed.")
    status: DecisionStatus
    version: int = Field(..., description="Send it back with a change to have a stale edit refused.")
    computed_level: str
    proposed_level: str
    rationale: str
    override_reason: str
    vep_placement: VepPlacement | None
    vep_placement_reason: str
    programme_confirmed: bool
    proposed_by: str
    proposed_at: datetime
    approved_level: str | None
    decision_reason: str
    return_comment: str
    decided_by: str | None
    decided_at: datetime | None
    next_review_on: date | None = Field(..., description="As set on approval or changed by hand; see /reviews.")
    informed_on: date | None
    appeal_lodged_on: date | None
    appeal_outcome: AppealOutcome | None
    appeal_decided_on: date | None
    appeal_note: str
    review_changes: list[ReviewChangeOut]

    @staticmethod
    def resolve_proposed_by(obj: ClassificationDecision) -> str | None:
        return _username(obj.proposed_by)

    @staticmethod
    def resolve_decided_by(obj: ClassificationDecision) -> str | None:
        return _username(obj.decided_by)

    @staticmethod
    def resolve_vep_placement(obj: ClassificationDecision) -> str | None:
        return _blank_none(obj.vep_placement)

    @staticmethod
    def resolve_approved_level(obj: ClassificationDecision) -> str | None:
        return _blank_none(obj.approved_level)

    @staticmethod
    def resolve_appeal_outcome(obj: ClassificationDecision) -> str | None:
        return _blank_none(obj.appeal_outcome)

    @staticmethod
    def resolve_review_changes(obj: ClassificationDecision) -> list[ReviewDateChange]:
        return list(obj.review_changes.all())


class DecisionDetailOut(DecisionOut):
    reasons: list[ReasonOut] = Field(..., description="Why the system computed its level, as stored with it.")

    @staticmethod
    def resolve_reasons(obj: ClassificationDecision, context: dict[str, Any]) -> list[ShownReason]:
        """As the reader may read them: those drawn from an assessment they may not read are withheld."""
        return shown_reasons(obj.computed_reasons, user=context["request"].user)


class ClassificationReviewOut(Schema):
    decision: int
    prisoner: PrisonerRef
    prison: PrisonRef = Field(..., description="Where the person is held.")
    level: str
    due_on: date
    reason: str = Field(
        ...,
        description=(
            "scheduled, reassessment, approaching_release, appeal or the event that brought it forward "
            "(serious_incident, reliable_intelligence, sentence_change, transfer); security_event stands for "
            "reliable_intelligence when the reader may not read intelligence."
        ),
    )
    reason_label: str
    trigger_on: date | None
    urgency: str = Field(..., description="overdue, due_soon (within 14 days) or scheduled.")
    open_decision: int | None

    @staticmethod
    def resolve_decision(obj: ReviewItem) -> int:
        return obj.decision.pk

    @staticmethod
    def resolve_prisoner(obj: ReviewItem) -> Prisoner:
        return obj.decision.prisoner

    @staticmethod
    def resolve_prison(obj: ReviewItem) -> Prison | None:
        return obj.decision.prisoner.current_prison

    @staticmethod
    def resolve_level(obj: ReviewItem) -> str:
        return obj.decision.approved_level

    @staticmethod
    def resolve_due_on(obj: ReviewItem) -> date:
        return obj.due.on

    @staticmethod
    def resolve_reason(obj: ReviewItem) -> str:
        return obj.due.reason

    @staticmethod
    def resolve_trigger_on(obj: ReviewItem) -> date | None:
        return obj.due.trigger_on

    @staticmethod
    def resolve_open_decision(obj: ReviewItem) -> int | None:
        return obj.open_decision_id


# --- input ----------------------------------------------------------------------------------------


class PrisonerIn(Schema):
    prisoner: Id = Field(..., description="Id of the person.")


class ReviewsIn(Schema):
    prison: Id | None = Field(None, description="Id of a prison the user works at; all of them when left out.")


class ProposeIn(In):
    prisoner: Id = Field(..., description="Id of a person held at a prison where the user is a case manager.")
    proposed_level: str = Field(..., max_length=40, description="A level code of the country's framework.")
    rationale: str = Field(..., description="Why this level.")
    override_reason: str = Field("", description="Required when the level differs from the computed one.")
    vep_placement: VepPlacement | None = Field(
        None, description="Required for a person linked to violent extremism, with its reason."
    )
    vep_placement_reason: str = ""
    programme_confirmed: bool = Field(
        False, description="Required (true) for a move down to a level that asks for a completed programme."
    )
    version: Version | None = Field(None, description="When proposing again a returned decision: " + VERSION_NOTE)


class DecisionVersionIn(In):
    version: Version | None = Field(None, description=VERSION_NOTE)


class ApproveIn(DecisionVersionIn):
    level: str = Field(
        ...,
        max_length=40,
        description="The level decided: the proposed one to approve it, another one with `reason` to change it.",
    )
    reason: str = ""


class DecisionReturnIn(DecisionVersionIn):
    comment: str = Field(..., description="What the case manager should reconsider.")


class InformationIn(DecisionVersionIn):
    informed_on: date


class AppealIn(DecisionVersionIn):
    lodged_on: date
    outcome: AppealOutcome = AppealOutcome.PENDING
    decided_on: date | None = Field(None, description="Required once the outcome is known; empty while pending.")
    note: str = ""


class ReviewDateIn(DecisionVersionIn):
    new_date: date = Field(..., description="Not in the past; at most one review interval of the level ahead.")
    reason: str = Field(..., description="Why the review date changes; kept with the change.")
