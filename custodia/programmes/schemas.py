"""API schemas of programmes and activities."""

from datetime import datetime

from ninja import Field, Schema

from custodia.core.api import Id, In, PrisonRef

from .choices import Achievement, ParticipationStatus, ProgrammeKind


class ProgrammeListIn(In):
    prison: Id | None = Field(None, description="Only the programmes of this prison.")


class ParticipationListIn(In):
    prisoner: Id = Field(..., description="Id of the person whose participations are listed.")


class SessionOut(Schema):
    id: int
    starts_at: datetime
    minutes: int
    attendance_at: datetime | None = Field(..., description="When attendance was recorded; null until then.")


class ProgrammeOut(Schema):
    id: int
    prison: PrisonRef
    name: str
    kind: ProgrammeKind
    description: str
    need_areas: list[str] = Field(..., description="The sentence plan need areas it addresses.")
    capacity: int
    accredited: bool
    mixes_people: bool = Field(..., description="A group activity: allocation checks separation and non-associations.")
    is_active: bool
    eligible_sexes: list[str] = Field(..., description="Empty: open to all.")
    eligible_levels: list[str] = Field(..., description="Classification levels; empty: open to all.")
    eligible_legal_statuses: list[str] = Field(..., description="Empty: open to all.")


class ProgrammeDetailOut(ProgrammeOut):
    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(obj) -> list:
        return list(obj.sessions.all())


class ParticipationOut(Schema):
    id: int
    programme: ProgrammeOut
    status: ParticipationStatus
    objective_id: int | None = Field(..., description="The sentence plan objective the referral came from.")
    referred_at: datetime
    allocated_at: datetime | None
    ended_at: datetime | None
    end_reason: str = Field(..., description="Why it ended; for a decline, the person's own reason.")
    achievement: Achievement | None
    report: str = Field(..., description="The end-of-programme report.")

    @staticmethod
    def resolve_achievement(obj) -> str | None:
        return obj.achievement or None
