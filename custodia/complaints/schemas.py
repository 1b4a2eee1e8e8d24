"""API schemas of requests and complaints. Input is checked for types, choices and lengths; the
services check the rest (who may act, which answer fits, when)."""

from datetime import date

from ninja import Field, Schema

from custodia.core.api import Id, In, Version

from .choices import Addressee, Category, Kind, MadeBy, Outcome, Status
from .models import Complaint


class ComplaintListIn(In):
    prisoner: Id | None = Field(None, description="Only this person's.")
    open: bool = Field(False, description="Only those awaiting an answer or an answer on appeal.")
    overdue: bool = Field(False, description="Only those whose answer is overdue.")
    allegations: bool = Field(False, description="Only allegations of torture or ill-treatment.")


class ComplaintOut(Schema):
    id: int
    prisoner: int
    prison: int
    kind: Kind
    category: Category
    made_by: MadeBy
    addressee: Addressee
    allegation: bool
    text: str = Field(
        ..., description="Empty for an allegation opened from an admission (its words are in the health section)."
    )
    made_on: date
    due_on: date
    status: Status
    outcome: Outcome | None
    answer: str
    answered_on: date | None
    appealed_on: date | None
    appeal_grounds: str
    appeal_due_on: date | None
    appeal_outcome: Outcome | None
    appeal_answer: str
    referred_to: str
    referred_on: date | None
    referral_reference: str
    closed_on: date | None
    close_note: str
    version: int

    @classmethod
    def of(cls, c: Complaint) -> "ComplaintOut":
        return cls(
            id=c.pk,
            prisoner=c.prisoner_id,
            prison=c.prison_id,
            kind=Kind(c.kind),
            category=Category(c.category),
            made_by=MadeBy(c.made_by),
            addressee=Addressee(c.addressee),
            allegation=c.allegation,
            text=c.text,
            made_on=c.made_on,
            due_on=c.due_on,
            status=Status(c.status),
            outcome=Outcome(c.outcome) if c.outcome else None,
            answer=c.answer,
            answered_on=c.answered_on,
            appealed_on=c.appealed_on,
            appeal_grounds=c.appeal_grounds,
            appeal_due_on=c.appeal_due_on,
            appeal_outcome=Outcome(c.appeal_outcome) if c.appeal_outcome else None,
            appeal_answer=c.appeal_answer,
            referred_to=c.referred_to,
            referred_on=c.referred_on,
            referral_reference=c.referral_reference,
            closed_on=c.closed_on,
            close_note=c.close_note,
            version=c.version,
        )


class ComplaintIn(In):
    prisoner_id: Id = Field(
        ..., description="A person held where the user works (the inspection body: anyone in custody)."
    )
    kind: Kind
    category: Category
    made_by: MadeBy
    addressee: Addressee = Field(..., description="`inspection` (the confidential route) only for the inspection body.")
    text: str = Field(..., max_length=8000)
    made_on: date
    allegation: bool = Field(False, description="An allegation of torture or ill-treatment (Mandela Rules 57(3), 71).")


class ComplaintAnswerIn(In):
    outcome: Outcome = Field(
        ..., description="A request: granted or not_granted; a complaint: upheld, partly_upheld or not_upheld."
    )
    answer: str = Field(..., max_length=8000)
    version: Version | None = Field(None, description="The `version` last read; a later change refuses.")


class ComplaintAppealIn(In):
    grounds: str = Field(..., max_length=8000)
    version: Version | None = None


class ComplaintReferIn(In):
    referred_to: str = Field(..., max_length=200, description="The independent authority.")
    referred_on: date
    reference: str = Field("", max_length=120)
    version: Version | None = None


class ComplaintCloseIn(In):
    note: str = Field(..., max_length=8000)
    version: Version | None = None
