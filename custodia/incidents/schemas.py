"""API schemas of incident reports. Input is checked for types, choices and lengths; the services
check the rest (who may act, the kind of incident and its questions, the people named)."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from custodia.core.api import Id, In, PrisonerRef, PrisonRef, Version
from custodia.core.withheld import Withheld

from .choices import ForceTechnique, IncidentStatus, InvolvementRole
from .selectors import Examination, IncidentOpened


class IncidentListIn(In):
    prison: Id | None = Field(None, description="Only the reports of this prison.")
    type_code: str | None = Field(None, max_length=40, description="Only this kind of incident (incident_types/).")
    status: IncidentStatus | None = Field(None, description="Only reports in this status.")


class IncidentIn(In):
    prison_id: Id = Field(..., description="The prison where it happened: one where the user works.")
    type_code: str = Field(..., max_length=40, description="A kind of incident of the current incident_types/ version.")
    occurred_at: datetime = Field(..., description="When it happened; not in the future.")
    unit_id: Id | None = Field(None, description="The unit, of that prison.")
    place: str = Field(..., max_length=200, description="Where exactly.")
    summary: str = Field(..., max_length=8000, description="What happened.")
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description="Answers to the kind's questions, by question code (yes/no, a number, an option code, text).",
    )


class InvolvementIn(In):
    role: InvolvementRole
    prisoner_id: Id | None = Field(
        None, description="A person held at the incident's prison; none for a member of staff."
    )
    staff_name: str = Field("", max_length=120, description="The member of staff, for the role `staff`.")
    injuries: str = Field("", max_length=8000, description="Injuries seen: opens a medical examination.")
    force_technique: ForceTechnique = Field(ForceTechnique.NONE, description="Force used on the person in custody.")
    force_by: str = Field("", max_length=200, description="Who used force: required with force.")
    force_reason: str = Field("", max_length=8000, description="Why force was needed: required with force.")
    version: Version | None = Field(None, description="The `version` of the report last read; a later change refuses.")


class IncidentStepIn(In):
    version: Version | None = Field(None, description="The `version` of the report last read; a later change refuses.")


class IncidentReviewIn(In):
    decision: str = Field(
        ...,
        pattern="^(close|return|duplicate|not_reportable)$",
        description="close, return, duplicate or not_reportable.",
    )
    comment: str = Field("", max_length=8000, description="Required to return or set aside.")
    duplicate_of: Id | None = Field(None, description="For `duplicate`: the report it repeats.")
    version: Version | None = Field(None, description="The `version` of the report last read; a later change refuses.")


class ExaminationIn(In):
    examined_at: datetime
    findings: str = Field(..., max_length=8000)
    signs_of_ill_treatment: bool = Field(False, description="Signs of torture or other ill-treatment (Rule 34).")
    reported_to: str = Field("", max_length=8000, description="Required with signs: to whom, and when.")


class IncidentOut(Schema):
    id: int
    prison: PrisonRef
    type_code: str
    serious: bool
    occurred_at: datetime
    place: str
    status: IncidentStatus
    version: int


class ExaminationOut(Schema):
    id: int
    incident_id: int
    prisoner: PrisonerRef | None
    opened_at: datetime
    examined_at: datetime | None
    findings: str | None = Field(None, description="null when withheld (see `withheld`).")
    signs_of_ill_treatment: bool | None = None
    reported_to: str | None = None
    withheld: list[str] = []

    @staticmethod
    def resolve_incident_id(obj: Any) -> int:
        return int(obj.involvement.incident_id)

    @staticmethod
    def resolve_prisoner(obj: Any) -> Any:
        return obj.involvement.prisoner

    @classmethod
    def of(cls, shown: Examination) -> "ExaminationOut":
        hidden = isinstance(shown.findings, Withheld)
        return cls.model_validate(shown.record).model_copy(
            update={
                "findings": None if hidden else shown.findings,
                "signs_of_ill_treatment": None if hidden else shown.signs_of_ill_treatment,
                "reported_to": None if hidden else shown.reported_to,
                "withheld": ["health"] if hidden else [],
            }
        )


class InvolvementOut(Schema):
    id: int
    role: InvolvementRole
    prisoner: PrisonerRef | None
    staff_name: str
    injuries: str
    force_technique: str
    force_by: str
    force_reason: str
    examination: ExaminationOut | None = None


class IncidentDetailOut(IncidentOut):
    unit_id: int | None
    summary: str
    answers: dict[str, Any]
    reported_at: datetime
    submitted_at: datetime | None
    review_comment: str
    duplicate_of_id: int | None
    people: list[InvolvementOut] = []

    @classmethod
    def of(cls, opened: IncidentOpened) -> "IncidentDetailOut":
        people = [
            InvolvementOut.model_validate(person.involvement).model_copy(
                update={"examination": ExaminationOut.of(person.examination) if person.examination else None}
            )
            for person in opened.people
        ]
        return cls.model_validate(opened.incident).model_copy(update={"people": people})
