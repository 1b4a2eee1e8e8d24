"""API schemas of staff training. Filters are checked for types and bounds; the selectors scope
what the caller may read (a director: the staff of their prison and the sessions held for them)."""

from datetime import date
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from custodia.core.api import Id, In, PrisonRef

from . import rules
from .choices import CertificateSource, CourseKind, Post, Result, SessionStatus
from .models import Certificate, Course, Participant, StaffMember, TrainingSession


class TrainingStaffListIn(In):
    prison: Id | None = Field(None, description="Only the staff of this prison (among those the caller may see).")
    post: Post | None = Field(None, description="Only the staff holding this post.")
    q: str = Field("", max_length=100, description="A part of the family or given name, or of the service number.")


class TrainingStaffRef(Schema):
    id: int
    family_name: str
    given_name: str
    service_number: str = Field(description="Empty when the service number is not recorded.")

    @classmethod
    def of(cls, s: StaffMember) -> "TrainingStaffRef":
        return cls(id=s.pk, family_name=s.family_name, given_name=s.given_name, service_number=s.service_number)


class TrainingStaffOut(Schema):
    id: int
    family_name: str
    given_name: str
    service_number: str = Field(description="The service's own number for the member of staff; may be empty.")
    rank: str
    post: Post = Field(description="The post coverage is counted by (a broad category, whatever the local title).")
    prison: PrisonRef | None = Field(description="Where they work; none for headquarters or the training centre.")
    sex: str = Field(description="male, female or unknown.")
    language: str = Field(description="The language their certificates are written in (en, fr, ar, ru, kk).")
    is_active: bool = Field(description="In service; a member of staff who left keeps their record and certificates.")
    has_account: bool = Field(description="Whether the member of staff signs in to Custodia.")
    version: int = Field(description="Goes up with each change (core.versions).")

    @staticmethod
    def fields_of(s: StaffMember) -> dict[str, Any]:
        return {
            "id": s.pk,
            "family_name": s.family_name,
            "given_name": s.given_name,
            "service_number": s.service_number,
            "rank": s.rank,
            "post": Post(s.post),
            "prison": PrisonRef(id=s.prison.pk, name=s.prison.name) if s.prison else None,
            "sex": s.sex,
            "language": s.language,
            "is_active": s.is_active,
            "has_account": s.user_id is not None,
            "version": s.version,
        }

    @classmethod
    def of(cls, s: StaffMember) -> "TrainingStaffOut":
        return cls(**cls.fields_of(s))


class TrainingCertificateOut(Schema):
    id: int
    course: str = Field(description="The course's code.")
    course_title: str = Field(description="The course's title in the caller's language.")
    issued_on: date
    valid_until: date | None = Field(description="The first day it no longer counts; none: it does not expire.")
    valid_today: bool
    score: int | None = Field(description="The assessment's score in per cent, when there was one.")
    source: CertificateSource = Field(description="A training session or the e-learning platform.")
    code: str = Field(description="The verification code printed on the certificate (checked at /verify/<code>/).")

    @classmethod
    def of(cls, c: Certificate) -> "TrainingCertificateOut":
        return cls(
            id=c.pk,
            course=c.course.code,
            course_title=c.course.title,
            issued_on=c.issued_on,
            valid_until=c.valid_until,
            valid_today=rules.is_valid_on(c.valid_until, timezone.localdate()),
            score=c.score,
            source=CertificateSource(c.source),
            code=c.code,
        )


class TrainingStaffDetailOut(TrainingStaffOut):
    certificates: list[TrainingCertificateOut] = Field(description="Every certificate held, newest first.")


class TrainingModuleOut(Schema):
    order: int
    title: str = Field(description="In the caller's language.")
    hours: int


class TrainingCourseOut(Schema):
    code: str = Field(description="The course's code in the catalogue (training_courses/catalogue.yaml).")
    kind: CourseKind
    title: str = Field(description="In the caller's language.")
    titles: dict[str, str] = Field(description="The title in each of the five languages (en, fr, ar, ru, kk).")
    hours: int
    pass_mark: int = Field(description="The score (per cent) that passes.")
    attendance_needed: int = Field(description="The share of the session's days (per cent) a participant must attend.")
    validity_months: int | None = Field(description="How long a certificate counts; none: it does not expire.")
    prerequisites: list[str] = Field(description="Codes of the courses a participant must hold a valid certificate of.")
    qualifies_for: list[str] = Field(
        description="For a training of trainers: codes of the courses its holders may deliver."
    )
    delivered_by: list[str] = Field(description="Codes of the trainer courses whose holders may deliver this course.")
    audience: list[str] = Field(description="The posts the course is meant for.")
    modules: list[TrainingModuleOut]
    is_active: bool = Field(description="Offered now.")

    @classmethod
    def of(cls, c: Course) -> "TrainingCourseOut":
        return cls(
            code=c.code,
            kind=CourseKind(c.kind),
            title=c.title,
            titles=dict(c.titles),
            hours=c.hours,
            pass_mark=c.pass_mark,
            attendance_needed=c.attendance_needed,
            validity_months=c.validity_months,
            prerequisites=[p.code for p in c.prerequisites.all()],
            qualifies_for=[q.code for q in c.qualifies_for.all()],
            delivered_by=[t.code for t in c.trainer_courses.all()],
            audience=list(c.audience or []),
            modules=[TrainingModuleOut(order=m.order, title=m.title, hours=m.hours) for m in c.modules.all()],
            is_active=c.is_active,
        )


class TrainingSessionListIn(In):
    year: int | None = Field(None, ge=1900, le=2200, description="Sessions that start in this year.")
    course: str | None = Field(None, max_length=60, description="The code of a course.")
    status: SessionStatus | None = None


class TrainingSessionOut(Schema):
    id: int
    course: str = Field(description="The course's code.")
    course_title: str = Field(description="In the caller's language.")
    starts_on: date
    ends_on: date
    place: str
    prison: PrisonRef | None = Field(
        description="The prison whose staff it is for; none: the national training centre."
    )
    status: SessionStatus
    trainers: list[TrainingStaffRef]
    participant_count: int
    version: int

    @classmethod
    def of(cls, s: TrainingSession) -> "TrainingSessionOut":
        return cls(**cls._fields_of(s))

    @staticmethod
    def _fields_of(s: TrainingSession) -> dict[str, Any]:
        return {
            "id": s.pk,
            "course": s.course.code,
            "course_title": s.course.title,
            "starts_on": s.starts_on,
            "ends_on": s.ends_on,
            "place": s.place,
            "prison": PrisonRef(id=s.prison.pk, name=s.prison.name) if s.prison else None,
            "status": SessionStatus(s.status),
            "trainers": [TrainingStaffRef.of(t) for t in s.trainers.all()],
            "participant_count": getattr(s, "participant_count", None) or s.participants.count(),
            "version": s.version,
        }


class TrainingParticipantOut(Schema):
    staff: TrainingStaffRef
    days_attended: list[date]
    score: int | None = Field(description="Per cent; none until the results are recorded.")
    result: Result | None = Field(
        description="Passed, failed or did not complete; none until the results are recorded."
    )
    certificate: str | None = Field(description="The code of the certificate the pass earned.")


class TrainingSessionDetailOut(TrainingSessionOut):
    note: str
    participants: list[TrainingParticipantOut] = Field(
        description="Every participant for headquarters and the training centre; a director's own staff only."
    )

    @classmethod
    def of_with(cls, s: TrainingSession, participants: list[Participant]) -> "TrainingSessionDetailOut":
        shown = [
            TrainingParticipantOut(
                staff=TrainingStaffRef.of(p.staff),
                days_attended=[date.fromisoformat(d) for d in p.days_attended or []],
                score=p.score,
                result=Result(p.result) if p.result else None,
                certificate=p.certificate.code if hasattr(p, "certificate") else None,
            )
            for p in participants
        ]
        return cls(**cls._fields_of(s), note=s.note, participants=shown)


class TrainingVerifiedOut(Schema):
    name: str = Field(description="The holder's name.")
    course: str = Field(description="The course's title in the caller's language.")
    issued_on: date
    valid_until: date | None = Field(description="The first day it no longer counts; none: it does not expire.")
    valid_now: bool = Field(description="Whether the certificate counts today.")
