"""API schemas of the information given on admission."""

from datetime import date

from ninja import Field, Schema

from custodia.core.api import Id, In

from .models import InformationGiven


class GivenListIn(In):
    prisoner: Id = Field(..., description="The person whose records are listed.")


class GivenIn(In):
    prisoner_id: Id
    given_on: date
    language: str = Field(..., max_length=3, description="One of the languages the sheet is given in (GET /sheets).")
    interpreter: bool = False
    read_aloud: bool = Field(False, description="Read aloud to a person who cannot read it (Mandela Rule 55(2)).")
    note: str = Field("", max_length=2000)


class GivenOut(Schema):
    id: int
    prisoner_id: int
    admission_id: int
    given_on: date
    language: str
    language_name: str
    sheet_version: int
    interpreter: bool
    read_aloud: bool
    note: str
    given_by: str

    @classmethod
    def of(cls, given: InformationGiven, language_name: str) -> "GivenOut":
        return cls(
            id=given.pk,
            prisoner_id=given.prisoner_id,
            admission_id=given.admission_id,
            given_on=given.given_on,
            language=given.language,
            language_name=language_name,
            sheet_version=given.sheet_version,
            interpreter=given.interpreter,
            read_aloud=given.read_aloud,
            note=given.note,
            given_by=given.given_by.get_username(),
        )


class SheetLanguageOut(Schema):
    code: str
    name: str = Field(..., description="The language's own name.")


class SheetSectionOut(Schema):
    code: str
    title: str
    paragraphs: list[str]


class SheetOut(Schema):
    version: int
    language: str
    right_to_left: bool
    title: str
    introduction: str
    sections: list[SheetSectionOut]
    visits_per_month: list[tuple[str, int]] = Field(..., description="Classification level and visits a month.")
