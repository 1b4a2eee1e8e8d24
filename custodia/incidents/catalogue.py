"""The kinds of incident and the questions each asks: versioned YAML under incident_types/
(settings.INCIDENT_TYPES_DIR), validated against a schema, as the assessment instruments are.
A report names the catalogue version it was written with; a revision is a new file."""

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from django.conf import settings
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from custodia.core.profiles import Label, Strict
from custodia.core.versioned import VersionedDataError, load_versions, parse_versioned

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class Option(Strict):
    code: Slug
    label: Label


class Question(Strict):
    code: Slug
    kind: Literal["yes_no", "number", "text", "choice"]
    prompt: Label
    options: list[Option] = []

    @model_validator(mode="after")
    def options_only_for_a_choice(self) -> "Question":
        if (self.kind == "choice") != bool(self.options):
            raise PydanticCustomError("options", "a choice question needs options, and only a choice question has them")
        return self


class IncidentType(Strict):
    code: Slug
    label: Label
    # A closed report of a serious kind makes a reassessment due for each perpetrator in custody.
    serious: bool
    questions: list[Question] = []

    @model_validator(mode="after")
    def question_codes_unique(self) -> "IncidentType":
        codes = [question.code for question in self.questions]
        if len(codes) != len(set(codes)):
            raise PydanticCustomError("duplicate", "two questions share a code in {type}", {"type": self.code})
        return self


class Catalogue(Strict):
    version: Annotated[int, Field(ge=1)]
    types: list[IncidentType] = Field(min_length=1)

    @model_validator(mode="after")
    def type_codes_unique(self) -> "Catalogue":
        codes = [kind.code for kind in self.types]
        if len(codes) != len(set(codes)):
            raise PydanticCustomError("duplicate", "two incident types share a code")
        return self

    def get(self, code: str) -> IncidentType | None:
        return next((kind for kind in self.types if kind.code == code), None)


CatalogueError = VersionedDataError


def parse_catalogue(path: Path) -> Catalogue:
    return parse_versioned(path, "incident_types", Catalogue, "Incident types")


@cache
def catalogues() -> dict[int, Catalogue]:
    return load_versions(
        Path(settings.INCIDENT_TYPES_DIR), "incident_types", Catalogue, "Incident types", "CUSTODIA_INCIDENT_TYPES_DIR"
    )


def current() -> Catalogue:
    """The catalogue new reports are written with: the latest version."""
    return catalogues()[max(catalogues())]


def type_of(version: int, code: str) -> IncidentType | None:
    catalogue = catalogues().get(version)
    return catalogue.get(code) if catalogue else None
