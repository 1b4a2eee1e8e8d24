"""Country profiles: YAML files under profiles/ validated against a schema at start-up.

A profile holds what differs between prison services: interface languages, the legal
statuses in use with their national wording, prison types, security levels or regimes,
the prisoner number format and review intervals.
"""

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

LanguageCode = Literal["en", "fr", "ar", "ru", "kk"]
LegalStatusCode = Literal["pre_trial", "convicted", "under_appeal", "civil", "probation"]
PrisonTypeCode = Literal["closed", "semi_open", "open", "remand", "juvenile", "women"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(Strict):
    """A label in each of the five interface languages."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)
    ar: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    kk: str = Field(min_length=1)

    def __str__(self) -> str:
        return getattr(self, (get_language() or "en")[:2], self.en)


class CodedLabel(Strict):
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    label: Label


class LegalStatusEntry(Strict):
    code: LegalStatusCode
    label: Label


class PrisonerNumberFormat(Strict):
    # `template` builds a number from {year} and {seq}; `pattern` is what a valid number looks like.
    template: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def pattern_compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def template_matches_pattern(self) -> "PrisonerNumberFormat":
        try:
            sample = self.template.format(year=2026, seq=1)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"template may only use {{year}} and {{seq}}: {exc}") from exc
        if not re.fullmatch(self.pattern, sample):
            raise ValueError(f"a number made by the template ({sample}) does not match the pattern")
        return self


class ReviewIntervals(Strict):
    first_assessment_days: Annotated[int, Field(gt=0)]
    reassessment_days: Annotated[int, Field(gt=0)]
    classification_review_days: Annotated[int, Field(gt=0)]


class ReleaseRules(Strict):
    # Share of the sentence after which early (conditional) release may be considered;
    # 1.0 where the law has none.
    earliest_release_fraction: Annotated[float, Field(gt=0, le=1)]


class Profile(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    country_code: str = Field(pattern=r"^[A-Z]{2}$")
    service_name: Label
    default_language: LanguageCode
    languages: list[LanguageCode] = Field(min_length=1)
    default_nationality: str = Field(pattern=r"^[A-Z]{2}$")
    prisoner_number: PrisonerNumberFormat
    legal_statuses: list[LegalStatusEntry] = Field(min_length=1)
    prison_types: list[PrisonTypeCode] = Field(min_length=1)
    security_levels: list[CodedLabel] = Field(min_length=1)
    review_intervals: ReviewIntervals
    release: ReleaseRules
    juvenile_age: Annotated[int, Field(ge=14, le=21)] = 18

    @model_validator(mode="after")
    def default_language_offered(self) -> "Profile":
        if self.default_language not in self.languages:
            raise ValueError("default_language must be one of languages")
        return self

    def legal_status_label(self, code: str) -> str:
        return next((str(entry.label) for entry in self.legal_statuses if entry.code == code), code)

    def security_level_label(self, code: str) -> str:
        return next((str(level.label) for level in self.security_levels if level.code == code), code)


class ProfileError(ImproperlyConfigured):
    pass


def _describe(error: ValidationError, path: Path) -> str:
    lines = [f"Country profile {path} is not valid:"]
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"  {key}: {item['msg']}")
    return "\n".join(lines)


def parse_profile(path: Path) -> Profile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"Country profile {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"Country profile {path} must be a mapping of keys to values")
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(_describe(exc, path)) from exc
    if profile.id != path.stem:
        raise ProfileError(f"Country profile {path}: id: must be the file name ({path.stem!r})")
    return profile


@cache
def load_profiles() -> dict[str, Profile]:
    directory = Path(settings.PROFILES_DIR)
    profiles = {path.stem: parse_profile(path) for path in sorted(directory.glob("*.yaml"))}
    if "generic" not in profiles:
        raise ProfileError(f"{directory}/generic.yaml is missing: it is the profile used when none is chosen")
    return profiles


def get_profile(profile_id: str) -> Profile:
    profiles = load_profiles()
    if profile_id not in profiles:
        raise ProfileError(f"No country profile {profile_id!r} in {settings.PROFILES_DIR}")
    return profiles[profile_id]
