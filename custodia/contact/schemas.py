"""API schemas of contacts. Input is checked for types, choices and lengths; the services check
the rest (who may act, what a restriction may be)."""

from datetime import date

from ninja import Field, Schema

from custodia.core.api import Id, In, Version
from custodia.core.withheld import Withheld

from .choices import ContactKind, RestrictionReason
from .models import Restriction
from .selectors import ContactRow, Details


class ContactListIn(In):
    prisoner: Id = Field(..., description="The person whose contacts are listed.")


class ContactRestrictionOut(Schema):
    id: int
    reason: RestrictionReason
    explanation: str
    starts_on: date
    ends_on: date
    review_on: date | None
    lifted_on: date | None
    version: int

    @classmethod
    def of(cls, r: Restriction) -> "ContactRestrictionOut":
        return cls(
            id=r.pk,
            reason=RestrictionReason(r.reason),
            explanation=r.explanation,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            review_on=r.review_on,
            lifted_on=r.lifted_on,
            version=r.version,
        )


class ContactOut(Schema):
    id: int
    prisoner: int
    kind: ContactKind
    name: str
    relationship: str
    identity_document: str | None = Field(description="Null when withheld (see `withheld`).")
    address: str | None
    telephone: str | None
    withheld: list[str] = Field(description="`contact_details` for a reader who may not read the family section.")
    confidential: bool = Field(description="A legal adviser or consular officer: never listened to (Rule 61).")
    approved_for_visits: bool
    approved_for_calls: bool
    approved_for_video_calls: bool
    may_visit_today: bool = Field(description="Approved and not restricted today.")
    may_call_today: bool
    may_video_call_today: bool
    restrictions: list[ContactRestrictionOut]
    version: int

    @classmethod
    def of(cls, row: ContactRow, restrictions: list[Restriction], details: Details | Withheld) -> "ContactOut":
        c = row.contact
        shown = details if isinstance(details, Details) else None
        return cls(
            id=c.pk,
            prisoner=c.prisoner_id,
            kind=ContactKind(c.kind),
            name=c.name,
            relationship=c.relationship,
            identity_document=shown.identity_document if shown else None,
            address=shown.address if shown else None,
            telephone=shown.telephone if shown else None,
            withheld=[] if shown else ["contact_details"],
            confidential=c.confidential,
            approved_for_visits=c.may_visit,
            approved_for_calls=c.may_call,
            approved_for_video_calls=c.may_video,
            may_visit_today=row.may_visit,
            may_call_today=row.may_call,
            may_video_call_today=row.may_video,
            restrictions=[ContactRestrictionOut.of(r) for r in restrictions],
            version=c.version,
        )


class ContactIn(In):
    prisoner_id: Id = Field(..., description="A person held at a prison where the user works.")
    kind: ContactKind
    name: str = Field(..., max_length=200)
    relationship: str = Field("", max_length=120)
    identity_document: str = Field("", max_length=120)
    address: str = Field("", max_length=300)
    telephone: str = Field("", max_length=60)


class ContactApprovalIn(In):
    may_visit: bool
    may_call: bool
    may_video: bool
    version: Version | None = Field(None, description="The `version` of the contact last read; a later change refuses.")


class ContactRestrictionIn(In):
    reason: RestrictionReason
    explanation: str = Field(..., max_length=8000)
    starts_on: date
    ends_on: date = Field(..., description="At most 90 days after the start.")


class ContactLiftIn(In):
    reason: str = Field(..., max_length=8000)
    version: Version | None = None


class ContactReviewIn(In):
    note: str = Field(..., max_length=8000, description="Why the restriction is still needed.")
    version: Version | None = None
