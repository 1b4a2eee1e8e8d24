"""API schemas of sentence plans."""

from datetime import date, datetime

from ninja import Field, Schema

from custodia.assessment.choices import NeedArea
from custodia.core.api import Id, In, PrisonRef

from .choices import Agreement, ObjectiveStatus, Origin, PlanStatus, Responsible


class PlanListIn(In):
    prisoner: Id = Field(..., description="Id of the person whose plan versions are listed.")


class ProgressNoteOut(Schema):
    text: str
    by: str = Field(..., alias="by.username")
    at: datetime


class ObjectiveOut(Schema):
    id: int
    need_area: NeedArea
    origin: Origin
    wording: str = Field(..., description="The objective, worded for the person.")
    actions: str
    responsible: Responsible | None = Field(..., description="Empty until the objective is worded.")
    responsible_staff: str | None = Field(None, description="The member of staff responsible (username).")
    responsible_agency: str
    target_on: date | None
    status: ObjectiveStatus
    status_reason: str = Field(
        ..., description="Why it was set aside, withdrawn or not achieved; for a decline, the person's own reason."
    )
    notes: list[ProgressNoteOut]

    @staticmethod
    def resolve_responsible(obj) -> str | None:
        return obj.responsible or None

    @staticmethod
    def resolve_responsible_staff(obj) -> str | None:
        return obj.responsible_staff.username if obj.responsible_staff else None

    @staticmethod
    def resolve_notes(obj) -> list:
        return list(obj.notes.all())


class PlanOut(Schema):
    id: int
    prisoner_id: int
    prison: PrisonRef = Field(..., description="The prison that held the person when this version was started.")
    number: int = Field(..., description="The version of the plan: a review makes the next one.")
    status: PlanStatus
    based_on: list[int] = Field(..., description="Ids of the final assessments the plan was drawn from.")
    own_goals: str = Field(..., description="The person's goals, in their own words.")
    agreement: Agreement | None = Field(..., description="The person's view of the plan; null until recorded.")
    person_comment: str
    explained_in: str = Field(..., description="The language the plan was explained in (Mandela Rules 54-55).")
    explained_by: str
    created_at: datetime
    agreed_at: datetime | None
    next_review_on: date | None = Field(..., description="The scheduled review; events may bring it forward.")
    superseded_by: int | None = Field(..., alias="superseded_by_id")
    objectives: list[ObjectiveOut]

    @staticmethod
    def resolve_based_on(obj) -> list[int]:
        return [a.pk for a in obj.based_on.all()]

    @staticmethod
    def resolve_agreement(obj) -> str | None:
        return obj.agreement or None

    @staticmethod
    def resolve_objectives(obj) -> list:
        return list(obj.objectives.all())
