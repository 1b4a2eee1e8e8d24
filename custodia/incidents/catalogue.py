"""The kinds of incident and the questions each asks: versioned YAML under incident_types/
(settings.INCIDENT_TYPES_DIR), validated against a schema, as the assessment instruments are.
A report names the catalogue version it was written with; a revision is a new file."""

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pydantic import Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from custodia.core.profiles import Label, Strict

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
FILE_NAME = re.compile(r"^incident_types\.v(?P<version>[1-9][0-9]*)\.yaml$")


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


class CatalogueError(ImproperlyConfigured):
    pass


def parse_catalogue(path: Path) -> Catalogue:
    name = FILE_NAME.match(path.name)
    if name is None:
        raise CatalogueError(f"{path}: the file must be named incident_types.v<version>.yaml")
    try:
        catalogue = Catalogue.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(f"Incident types {path} are not valid: {exc}") from exc
    if catalogue.version != int(name["version"]):
        raise CatalogueError(f"{path}: version: must match the file name ({name['version']})")
    return catalogue


@cache
def catalogues() -> dict[int, Catalogue]:
    directory = Path(settings.INCIDENT_TYPES_DIR)
    found = [parse_catalogue(path) for path in sorted(directory.glob("incident_types.v*.yaml"))]
    if not found:
        raise CatalogueError(f"No incident types under {directory} (CUSTODIA_INCIDENT_TYPES_DIR)")
    return {catalogue.version: catalogue for catalogue in found}


def current() -> Catalogue:
    """The catalogue new reports are written with: the latest version."""
    return catalogues()[max(catalogues())]


def type_of(version: int, code: str) -> IncidentType | None:
    catalogue = catalogues().get(version)
    return catalogue.get(code) if catalogue else None
