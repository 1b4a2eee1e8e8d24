"""API schemas of alerts. Input is checked for types and lengths; the services check the rest
(who may set which code, one in force per code, the dates)."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from custodia.core.api import Id, In, PrisonerRef, PrisonRef, Version

from . import selectors
from .models import Alert


class AlertListIn(In):
    prisoner: Id | None = Field(None, description="Only the alerts of this person.")
    prison: Id | None = Field(None, description="Only the alerts of people held at, or set at, this prison.")
    code: str | None = Field(None, max_length=60, description="Only alerts with this code (the country profile's).")
    active: bool | None = Field(None, description="`true`: in force today; `false`: ended or past their planned end.")


class AlertSetIn(In):
    prisoner_id: Id = Field(..., description="A person held at a prison where the user works.")
    code: str = Field(..., max_length=60, description="A code of the country profile the user's role may set.")
    reason: str = Field(..., max_length=8000, description="Why: what staff must know and do.")
    active_from: date = Field(..., description="Today or an earlier day.")
    active_to: date | None = Field(None, description="The planned end, if known: today or later.")


class AlertEndIn(In):
    reason: str = Field(..., max_length=8000, description="Why the alert ends.")
    version: Version | None = Field(None, description="The `version` of the alert last read; a later change refuses.")


class AlertOut(Schema):
    id: int
    prisoner: PrisonerRef
    prison: PrisonRef = Field(..., description="Where the alert was set.")
    code: str
    label: str = Field(..., description="The code's name in the user's language.")
    reason: str
    active_from: date
    active_to: date | None = Field(..., description="The planned end; null until ended.")
    in_force: bool = Field(..., description="Not ended and not past its planned end.")
    set_by: str
    set_at: datetime
    ended_on: date | None
    ended_by: str | None
    end_reason: str = Field(..., description="Empty when closed at its planned end or by a release or death.")
    assessment_id: int | None = Field(..., description="The assessment whose urgent rating proposed it.")
    referred_on: date | None = Field(..., description="The day the referral the proposal called for was made.")
    version: int

    @staticmethod
    def resolve_label(obj: Alert) -> str:
        return selectors.label_of(obj.code)

    @staticmethod
    def resolve_in_force(obj: Alert) -> bool:
        return selectors.is_in_force(obj)

    @staticmethod
    def resolve_set_by(obj: Any) -> str:
        return obj.set_by.get_username()

    @staticmethod
    def resolve_ended_by(obj: Any) -> str | None:
        return obj.ended_by.get_username() if obj.ended_by_id else None
