"""API schemas of release planning."""

from datetime import date, datetime

from ninja import Field, Schema

from custodia.core.api import PrisonRef

from .choices import AgencyKind, Answer, OpenedHow, Pathway, PathwayStatus, ShareSection


class ActionOut(Schema):
    text: str
    responsible: str
    target_on: date | None
    done_on: date | None


class PathwayOut(Schema):
    pathway: Pathway
    status: PathwayStatus
    note: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.actions.all())


class ConsentOut(Schema):
    sections: list[ShareSection] = Field(..., description="What the person agreed to share with this agency.")
    given_on: date
    explained_in: str = Field(..., description="The language the choice was explained in.")
    explained_by: str


class ReferralOut(Schema):
    id: int
    agency_name: str
    agency_kind: AgencyKind
    pathway: Pathway | None
    purpose: str
    made_at: datetime
    answer: Answer
    answered_on: date | None
    answer_note: str
    consent: ConsentOut | None = Field(..., description="The consent in force (the latest); null: nothing shared.")

    @staticmethod
    def resolve_pathway(obj) -> str | None:
        return obj.pathway or None

    @staticmethod
    def resolve_consent(obj):
        return next(iter(obj.consents.all()), None)


class FollowUpOut(Schema):
    months: int = Field(..., description="Months after release.")
    contact_made: bool
    housed: bool | None = Field(..., description="Null: unknown.")
    in_work_or_education: bool | None
    family_contact: bool | None
    new_offence: bool | None
    recalled: bool | None
    note: str
    recorded_at: datetime


class ReleasePlanOut(Schema):
    id: int
    prisoner_id: int
    prison: PrisonRef = Field(..., description="The prison that opened the plan and follows the person up.")
    opened_how: OpenedHow
    opened_at: datetime
    release_on: date | None = Field(..., description="The computed release date when planning opened.")
    pathways: list[PathwayOut]
    referrals: list[ReferralOut]
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_pathways(obj) -> list:
        return list(obj.pathways.all())

    @staticmethod
    def resolve_referrals(obj) -> list:
        return list(obj.referrals.all())

    @staticmethod
    def resolve_follow_ups(obj) -> list:
        return list(obj.follow_ups.all())
