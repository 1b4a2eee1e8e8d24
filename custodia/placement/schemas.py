"""API schemas of placement: the fit list of a person's cells and separation exceptions."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from custodia.core.api import Id, In, PersonRef

from .checks import ProblemKind
from .rules import SeparationRule


class ProblemOut(Schema):
    kind: ProblemKind
    blocking: bool = Field(..., description="True: the placement is refused. False: a warning only.")
    message: str = Field(..., description="In the user's language, citing the rule or the reason.")
    rule: SeparationRule | None = Field(
        None, description="The part of Nelson Mandela Rule 11, for a separation problem."
    )
    others: list[str] = Field(..., description="Numbers of the other people concerned.")
    exception_id: int | None = Field(None, description="The separation exception that allows it, if any.")
    non_association_id: int | None = None

    @staticmethod
    def resolve_rule(obj: Any) -> str | None:
        return obj.rule or None

    @staticmethod
    def resolve_others(obj: Any) -> list[str]:
        return list(obj.others)

    @staticmethod
    def resolve_exception_id(obj: Any) -> int | None:
        return obj.exception.pk if obj.exception else None

    @staticmethod
    def resolve_non_association_id(obj: Any) -> int | None:
        return obj.record_id if obj.kind == ProblemKind.NON_ASSOCIATION else None


class CellFitOut(Schema):
    cell_id: int
    label: str
    unit: str
    unit_security_level: str
    capacity: int
    occupants: int
    fits: bool = Field(..., description="No problem refuses it.")
    problems: list[ProblemOut] = Field(..., description="Refusals first, then warnings.")

    @staticmethod
    def resolve_cell_id(obj: Any) -> int:
        return obj.cell.pk

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return obj.cell.label

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.cell.unit.name

    @staticmethod
    def resolve_unit_security_level(obj: Any) -> str:
        return obj.cell.unit.security_level

    @staticmethod
    def resolve_capacity(obj: Any) -> int:
        return obj.cell.capacity


class ExceptionListIn(In):
    in_force: bool = Field(True, description="Only those in force today (false: every one, closed included).")


class ExceptionGrantIn(In):
    prisoner_number: str = Field(
        ..., min_length=1, max_length=40, description="The person may still be held in another prison."
    )
    rule: SeparationRule
    unit_id: Id = Field(..., description="A unit of a prison where the director works.")
    reason: str = Field(..., min_length=1)
    valid_until: date | None = None


class CloseIn(In):
    reason: str = Field(..., min_length=1)


class ExceptionOut(Schema):
    id: int
    prisoner: PersonRef
    rule: SeparationRule
    unit_id: int
    unit: str
    prison: str
    reason: str
    requested_by: str
    approved_by: str
    approved_at: datetime
    valid_until: date | None
    closed_at: datetime | None
    close_reason: str

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_prison(obj: Any) -> str:
        return obj.unit.prison.name

    @staticmethod
    def resolve_requested_by(obj: Any) -> str:
        return obj.requested_by.get_username()

    @staticmethod
    def resolve_approved_by(obj: Any) -> str:
        return obj.approved_by.get_username()


EXCEPTION_ERROR_PATHS: dict[str, str] = {"prisoner": "prisoner_number", "unit": "unit_id"}
