"""API schemas of intelligence reports. Input is checked for types, choices and lengths; the
services check the rest (who may act, the grading scales of the profile, the handling code). What
a reader may not see is null in an answer and named in its `withheld` list."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from custodia.core.api import Id, In, PrisonerRef, PrisonRef, Version

from .choices import AgencyKind, ReportStatus, SharingStatus, SubjectKind
from .selectors import ReportOpened


class ReportListIn(In):
    prison: Id | None = Field(None, description="Only the reports of this prison.")
    status: ReportStatus | None = Field(None, description="Only reports awaiting grading (`submitted`) or `graded`.")


class SubjectIn(In):
    kind: SubjectKind
    prisoner_id: Id | None = Field(
        None, description="For `in_custody`: a person held at a prison where the user works."
    )
    name: str = Field("", max_length=200, description="For the other kinds: the person's name, the place or the group.")
    role: str = Field("", max_length=200, description="Their part, e.g. suspected recruiter.")


class ReportIn(In):
    prison_id: Id = Field(..., description="The prison the information concerns: one where the user works.")
    observed_at: datetime = Field(..., description="When the information was seen or heard; not in the future.")
    content: str = Field(..., max_length=8000, description="The information.")
    submitter_assessment: str = Field("", max_length=8000, description="The submitting officer's own assessment.")
    subjects: list[SubjectIn] = Field(..., max_length=20, description="Who or what it is about: at least one.")


class GradeIn(In):
    source_grade: str = Field(..., max_length=2, description="A source grade of the profile's system.")
    information_grade: str = Field(..., max_length=2, description="An information grade of the profile's system.")
    handling_code: str = Field(..., max_length=2, description="A handling code of the profile's system.")
    assessment: str = Field(..., max_length=8000, description="The security officer's assessment.")
    version: Version | None = Field(None, description="The `version` of the report last read; a later change refuses.")


class SanitiseIn(In):
    text: str = Field(
        ..., max_length=8000, description="The text for wider sharing, without what would reveal the source."
    )


class SharingIn(In):
    agency_name: str = Field(..., max_length=200)
    agency_kind: AgencyKind
    purpose: str = Field(..., max_length=8000)
    sanitised_id: Id | None = Field(None, description="A sanitised version of the report, shared in its place.")
    conditions: str = Field("", max_length=8000, description="Conditions proposed.")


class DecisionIn(In):
    decision: str = Field(..., pattern="^(approve|refuse)$", description="approve or refuse.")
    conditions: str = Field(
        "", max_length=8000, description="Required to approve where the handling code sets conditions."
    )
    note: str = Field("", max_length=8000, description="Required to refuse.")
    version: Version | None = Field(None, description="The `version` of the sharing last read; a later change refuses.")


class StepIn(In):
    version: Version | None = Field(None, description="The `version` of the sharing last read; a later change refuses.")


class ReportOut(Schema):
    id: int
    prison: PrisonRef
    observed_at: datetime
    submitted_at: datetime
    status: ReportStatus
    grading_system: str | None = Field(None, description="null when withheld or not graded yet.")
    source_grade: str | None = None
    information_grade: str | None = None
    handling_code: str | None = None
    version: int
    withheld: list[str] = []

    @staticmethod
    def _graded(obj: Any, value: str) -> str | None:
        return value if obj.status == ReportStatus.GRADED else None

    @staticmethod
    def resolve_grading_system(obj: Any) -> str | None:
        return ReportOut._graded(obj, obj.grading_system)

    @staticmethod
    def resolve_source_grade(obj: Any) -> str | None:
        return ReportOut._graded(obj, obj.source_grade)

    @staticmethod
    def resolve_information_grade(obj: Any) -> str | None:
        return ReportOut._graded(obj, obj.information_grade)

    @staticmethod
    def resolve_handling_code(obj: Any) -> str | None:
        return ReportOut._graded(obj, obj.handling_code)


class SubmissionOut(ReportOut):
    """A report as the officer who submitted it reads it: its status, never its grading."""

    withheld: list[str] = ["grading"]

    @staticmethod
    def resolve_grading_system(obj: Any) -> None:
        return None

    @staticmethod
    def resolve_source_grade(obj: Any) -> None:
        return None

    @staticmethod
    def resolve_information_grade(obj: Any) -> None:
        return None

    @staticmethod
    def resolve_handling_code(obj: Any) -> None:
        return None


class SubjectOut(Schema):
    id: int
    kind: SubjectKind
    prisoner: PrisonerRef | None
    name: str
    role: str


class SanitisedOut(Schema):
    id: int
    text: str
    made_at: datetime


class SharingOut(Schema):
    id: int
    sanitised_id: int | None
    agency_name: str
    agency_kind: AgencyKind
    purpose: str
    handling_code: str
    needs_approval: bool
    status: SharingStatus
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    conditions: str
    shared_at: datetime | None
    version: int

    @staticmethod
    def resolve_requested_by(obj: Any) -> str:
        return str(obj.requested_by.get_username())

    @staticmethod
    def resolve_decided_by(obj: Any) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by else None


class ReportDetailOut(ReportOut):
    content: str
    submitter_assessment: str
    subjects: list[SubjectOut] = []
    reliable: bool | None = Field(None, description="Graded reliable (the triggers were written); null when withheld.")
    assessment: str | None = Field(None, description="The security officer's assessment; null when withheld.")
    sanitised_versions: list[SanitisedOut] | None = None
    sharings: list[SharingOut] | None = None

    @classmethod
    def of_opened(cls, opened: ReportOpened) -> "ReportDetailOut":
        full = opened.read_in_full
        base = (ReportOut if full else SubmissionOut).model_validate(opened.report)
        grading = opened.grading if full else None
        # Built from values already resolved (model_construct: the resolvers above ran on the report).
        return cls.model_construct(
            **base.model_dump(exclude={"prison"}),
            prison=base.prison,
            content=opened.report.content,
            submitter_assessment=opened.report.submitter_assessment,
            subjects=[SubjectOut.model_validate(s) for s in opened.subjects],
            reliable=getattr(grading, "reliable", None) if full and grading else None,
            assessment=opened.assessment if full and isinstance(opened.assessment, str) else None,
            sanitised_versions=[SanitisedOut.model_validate(s) for s in opened.sanitised]
            if isinstance(opened.sanitised, list)
            else None,
            sharings=[SharingOut.model_validate(s) for s in opened.sharings]
            if isinstance(opened.sharings, list)
            else None,
        )
