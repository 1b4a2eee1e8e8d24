"""API schemas of non-associations. Input is checked for types, choices and lengths; the service
checks the rest (who may act, the pair, an open record already there)."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from custodia.core.api import Id, In, PersonRef

from .models import Level, NonAssociation, Reason, Role


class NonAssociationListIn(In):
    prisoner: Id = Field(..., description="The person whose records are listed.")


class NonAssociationOpenIn(In):
    prisoner_id: Id = Field(..., description="A person held where the user works (or the other must be).")
    other_number: str = Field(
        ..., min_length=1, max_length=40, description="The other person's number: they may be held in another prison."
    )
    level: Level
    reason: Reason
    role: Role = Field(..., description="The role of `prisoner_id`.")
    other_role: Role = Field(..., description="The role of the other person.")
    comment: str = Field(..., min_length=1, description="The danger and where the information comes from.")


class CloseIn(In):
    reason: str = Field(..., min_length=1)


NON_ASSOCIATION_ERROR_PATHS: dict[str, str] = {"other": "other_number"}


class NonAssociationOut(Schema):
    id: int
    prisoner_a: PersonRef = Field(..., description="The pair is stored with the lower id first.")
    prisoner_b: PersonRef
    level: Level
    reason: Reason
    role_a: Role
    role_b: Role
    comment: str
    authorised_by: str
    opened_at: datetime
    is_open: bool
    closed_at: datetime | None
    closed_by: str | None
    close_reason: str

    @staticmethod
    def resolve_authorised_by(obj: Any) -> str:
        return obj.authorised_by.get_username()

    @staticmethod
    def resolve_closed_by(obj: Any) -> str | None:
        return obj.closed_by.get_username() if obj.closed_by_id else None


class NonAssociationOpenedOut(NonAssociationOut):
    # Filled by `of`: the record itself does not store them.
    warnings: list[str] = Field(
        default_factory=list, description="The two already share the place the record forbids: move one of them."
    )

    @classmethod
    def of(cls, record: NonAssociation, *, warnings: list[str]) -> "NonAssociationOpenedOut":
        return cls.model_validate(record).model_copy(update={"warnings": warnings})
