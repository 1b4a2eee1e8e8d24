"""API schemas of security audits. Input is checked for types, choices and lengths; the services
check the rest (who may act, the checklist's items, the dates, what a final audit needs)."""

from datetime import date, datetime

from ninja import Field, Schema

from custodia.core.api import Id, In, PrisonRef, Version

from .choices import ActionStatus, AuditStatus, Rating
from .models import RecommendedAction, SecurityAudit
from .selectors import AreaRow


class AuditListIn(In):
    prison: Id | None = Field(None, description="Only the audits of this prison.")
    status: AuditStatus | None = Field(None, description="Only audits in this status.")


class AuditOut(Schema):
    id: int
    prison: PrisonRef
    audited_on: date
    status: AuditStatus
    auditor: str
    checklist_version: int
    overall_score: int | None = Field(
        description="Percentage of what applies that is met (partly met counts half); kept when final."
    )
    finalised_at: datetime | None
    version: int

    @classmethod
    def of(cls, audit: SecurityAudit) -> "AuditOut":
        return cls(
            id=audit.pk,
            prison=PrisonRef(id=audit.prison.pk, name=audit.prison.name),
            audited_on=audit.audited_on,
            status=AuditStatus(audit.status),
            auditor=audit.auditor.get_full_name() or audit.auditor.username,
            checklist_version=audit.checklist_version,
            overall_score=audit.overall_score,
            finalised_at=audit.finalised_at,
            version=audit.version,
        )


class AuditItemOut(Schema):
    code: str
    label: str
    rating: Rating | None
    evidence: str


class AuditAreaOut(Schema):
    code: str
    label: str
    score: float | None = Field(description="This audit's score of the area, in percent.")
    previous_score: float | None = Field(description="The same area at the prison's previous final audit.")
    items: list[AuditItemOut]

    @classmethod
    def of(cls, row: AreaRow) -> "AuditAreaOut":
        return cls(
            code=row.code,
            label=row.label,
            score=row.score,
            previous_score=row.before,
            items=[
                AuditItemOut(
                    code=i.code, label=i.label, rating=Rating(i.rating) if i.rating else None, evidence=i.evidence
                )
                for i in row.items
            ],
        )


class AuditActionOut(Schema):
    id: int
    item_code: str
    description: str
    owner: str
    due_on: date
    status: ActionStatus
    done_on: date | None
    done_note: str
    version: int

    @classmethod
    def of(cls, action: RecommendedAction) -> "AuditActionOut":
        return cls(
            id=action.pk,
            item_code=action.item_code,
            description=action.description,
            owner=action.owner,
            due_on=action.due_on,
            status=ActionStatus(action.status),
            done_on=action.done_on,
            done_note=action.done_note,
            version=action.version,
        )


class AuditDetailOut(AuditOut):
    summary: str
    areas: list[AuditAreaOut]
    actions: list[AuditActionOut]


class AuditIn(In):
    prison_id: Id = Field(..., description="The prison audited.")
    audited_on: date = Field(..., description="The day of the visit; not in the future.")


class AuditRatingIn(In):
    item_code: str = Field(..., max_length=40, description="An item of the audit's checklist.")
    rating: Rating
    evidence: str = Field(
        "", max_length=8000, description="What was seen: required, to make the audit final, for partly met and not met."
    )


class AuditRatingsIn(In):
    ratings: list[AuditRatingIn] = Field(..., max_length=200)
    version: Version | None = Field(None, description="The `version` of the audit last read; a later change refuses.")


class AuditActionIn(In):
    item_code: str = Field("", max_length=40, description="The item it answers; empty for the prison as a whole.")
    description: str = Field(..., max_length=8000)
    owner: str = Field(..., max_length=120, description="The post responsible.")
    due_on: date = Field(..., description="Not before the visit.")


class AuditFinaliseIn(In):
    summary: str = Field(..., max_length=8000, description="The auditor's summary of the visit.")
    version: Version | None = Field(None, description="The `version` of the audit last read; a later change refuses.")


class AuditActionDoneIn(In):
    done_on: date = Field(..., description="The day it was done: not in the future, not before the visit.")
    note: str = Field(..., max_length=8000, description="What was done.")
    version: Version | None = Field(None, description="The `version` of the action last read; a later change refuses.")
