"""The security audit checklist: versioned YAML under audit_checklists/
(settings.AUDIT_CHECKLISTS_DIR), validated against this schema. An audit names the version it
was made with; a revision is a new file."""

from functools import cache
from pathlib import Path
from typing import Annotated

from django.conf import settings
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from custodia.core.profiles import Label, Strict
from custodia.core.versioned import load_versions, parse_versioned

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
STEM = "security_audit"


class Item(Strict):
    code: Slug
    label: Label


class Area(Strict):
    code: Slug
    label: Label
    items: list[Item] = Field(min_length=1)


class Checklist(Strict):
    version: Annotated[int, Field(ge=1)]
    areas: list[Area] = Field(min_length=1)

    @model_validator(mode="after")
    def codes_unique(self) -> "Checklist":
        areas = [area.code for area in self.areas]
        items = [item.code for area in self.areas for item in area.items]
        if len(areas) != len(set(areas)) or len(items) != len(set(items)):
            raise PydanticCustomError("duplicate", "two areas, or two items, share a code")
        return self

    def area_of(self) -> dict[str, str]:
        """Each item's area, in the checklist's order."""
        return {item.code: area.code for area in self.areas for item in area.items}

    def item(self, code: str) -> Item | None:
        return next((item for area in self.areas for item in area.items if item.code == code), None)

    def area(self, code: str) -> Area | None:
        return next((area for area in self.areas if area.code == code), None)


def parse_checklist(path: Path) -> Checklist:
    return parse_versioned(path, STEM, Checklist, "Security audit checklists")


@cache
def checklists() -> dict[int, Checklist]:
    return load_versions(
        Path(settings.AUDIT_CHECKLISTS_DIR),
        STEM,
        Checklist,
        "Security audit checklists",
        "CUSTODIA_AUDIT_CHECKLISTS_DIR",
    )


def current() -> Checklist:
    """The checklist new audits are made with: the latest version."""
    return checklists()[max(checklists())]


def of_version(version: int) -> Checklist:
    return checklists()[version]
