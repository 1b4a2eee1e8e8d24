"""Reference data kept as versioned YAML files beside the code (incident types, security audit
checklists): `<stem>.v<version>.yaml`, each validated against its pydantic schema, whose
`version` must match the file name. A revision is a new file; records name the version they were
made with, so an old record always reads as it was made."""

import re
from pathlib import Path
from typing import TypeVar

import yaml
from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel, ValidationError


class VersionedDataError(ImproperlyConfigured):
    pass


V = TypeVar("V", bound=BaseModel)


def parse_versioned(path: Path, stem: str, schema: type[V], what: str) -> V:
    name = re.fullmatch(rf"{re.escape(stem)}\.v(?P<version>[1-9][0-9]*)\.yaml", path.name)
    if name is None:
        raise VersionedDataError(f"{path}: the file must be named {stem}.v<version>.yaml")
    try:
        data = schema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise VersionedDataError(f"{what} {path} are not valid: {exc}") from exc
    if getattr(data, "version") != int(name["version"]):  # noqa: B009 - any schema with a version
        raise VersionedDataError(f"{path}: version: must match the file name ({name['version']})")
    return data


def load_versions(directory: Path, stem: str, schema: type[V], what: str, setting: str) -> dict[int, V]:
    """Every version under `directory`, by number; none at all is a configuration error."""
    found = [parse_versioned(path, stem, schema, what) for path in sorted(directory.glob(f"{stem}.v*.yaml"))]
    if not found:
        raise VersionedDataError(f"No {what.lower()} under {directory} ({setting})")
    return {getattr(data, "version"): data for data in found}  # noqa: B009
