"""Assessment instruments: versioned YAML files under instruments/, validated against a schema.

An instrument is data, not code: its domains, items, rating scales, scoring and reassessment
triggers. A published version never changes (its content hash proves it); a revision is a new
file `<id>.v<version+1>.yaml`, so an assessment always names the exact version it was made with.
"""

import hashlib
import json
import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from custodia.core.levels import RiskLevel
from custodia.core.profiles import Label, Strict

from .choices import NeedArea, TriggerEvent

Kind = Literal["actuarial", "spj", "screening"]
Population = Literal["all", "vep", "women", "juveniles"]
# The sensitive section an instrument's results belong to decides who may read them.
Section = Literal["general", "vep_assessment", "health"]

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]

# Principle 4: religion, ethnicity and nationality are never risk items, and religiosity is not
# extremism. Word boundaries keep "trace" or "embrace" from matching "race".
PROTECTED_CHARACTERISTIC = re.compile(
    r"\b("
    r"religions?|religious|religiosity|faiths?|prayers?|mosques?|church(?:es)?"
    r"|ethnic|ethnicity|ethnicities|tribes?|tribal|clans?|races?|racial"
    r"|nationality|nationalities|national\s+origins?|citizenship|foreigners?"
    r")\b"
)


class ScaleLevel(Strict):
    value: Annotated[int, Field(ge=0)]
    label: Label
    description: Label


class Urgent(Strict):
    """A rating that calls for action the same day: from `from_value` up, the alerts app proposes
    the alert `alert` (a code of the country profile's alerts, ignored where the profile has none)
    to those who may set it, with `referral`, what is to be done now. The system proposes; people
    decide (the alert is set, or the proposal dismissed with a reason)."""

    from_value: Annotated[int, Field(ge=1)]
    alert: Slug
    referral: Label


class Item(Strict):
    code: Slug
    prompt: Label
    # Exempt from the protected-characteristic check, so that it can tell raters what not to rate.
    guidance: Label | None = None
    scale: list[ScaleLevel] = Field(min_length=2)
    nature: Literal["static", "dynamic"]
    direction: Literal["risk", "protective"]
    need_area: NeedArea | None = None
    evidence_required: bool
    # Added in the third versions of the shipped instruments: absent from earlier files.
    urgent: Urgent | None = None

    @field_validator("scale")
    @classmethod
    def scale_counts_from_zero(cls, scale: list[ScaleLevel]) -> list[ScaleLevel]:
        values = [level.value for level in scale]
        if values != list(range(len(scale))):
            raise PydanticCustomError(
                "scale_values",
                "values must be 0, 1, 2, ... in order, without gaps; found {found}",
                {"found": ", ".join(str(value) for value in values)},
            )
        return scale

    @model_validator(mode="after")
    def scores_no_protected_characteristic(self) -> "Item":
        # Codes join words with underscores, which \b treats as part of a word.
        texts = [self.code.replace("_", " "), self.prompt.en]
        texts += [text for level in self.scale for text in (level.label.en, level.description.en)]
        for text in texts:
            found = PROTECTED_CHARACTERISTIC.search(text.lower())
            if found:
                raise PydanticCustomError(
                    "protected_characteristic",
                    'an item may not score religion, ethnicity or nationality (found "{word}")',
                    {"word": found.group(0)},
                )
        return self

    @model_validator(mode="after")
    def urgent_value_on_the_scale(self) -> "Item":
        if self.urgent is not None and self.urgent.from_value > self.top_value:
            raise PydanticCustomError(
                "urgent_value",
                "urgent.from_value ({value}) is above the top of the scale ({top})",
                {"value": self.urgent.from_value, "top": self.top_value},
            )
        return self

    @property
    def top_value(self) -> int:
        return self.scale[-1].value


class Domain(Strict):
    code: Slug
    title: Label
    items: list[Item] = Field(min_length=1)


class Band(Strict):
    level: RiskLevel
    min: int
    max: int
    label: Label

    @model_validator(mode="after")
    def min_not_above_max(self) -> "Band":
        if self.min > self.max:
            raise PydanticCustomError(
                "band_range", "min ({min}) is above max ({max})", {"min": self.min, "max": self.max}
            )
        return self


class SumScoring(Strict):
    method: Literal["sum"]
    bands: list[Band] = Field(min_length=1)


class SpjScoring(Strict):
    # The rater chooses the final judgement; the system never computes one.
    method: Literal["spj"]


Scoring = Annotated[SumScoring | SpjScoring, Field(discriminator="method")]


class TriggerRule(Strict):
    event: TriggerEvent
    due_within_days: Annotated[int, Field(gt=0)]


class Instrument(Strict):
    id: Slug
    version: Annotated[int, Field(ge=1)]
    title: Label
    purpose: Label
    kind: Kind
    population: Population
    section: Section
    # The interface labels an instrument that is not validated as such, wherever its results show.
    validated: bool
    # None: the country profile's review_intervals.reassessment_days applies.
    reassessment_days: Annotated[int, Field(gt=0)] | None = None
    triggers: list[TriggerRule] = []
    domains: list[Domain] = Field(min_length=1)
    scoring: Scoring

    @model_validator(mode="after")
    def consistent(self) -> "Instrument":
        # Checks across fields only know their path from here: each problem carries its own,
        # and all of them are reported at once so that an author fixes a file in one pass.
        problems = [
            *self._kind_problems(),
            *self._code_problems(),
            *self._band_problems(),
            *self._trigger_problems(),
        ]
        if problems:
            raise PydanticCustomError(
                "instrument", "{problems}", {"problems": "\n  ".join(f"{key}: {msg}" for key, msg in problems)}
            )
        return self

    def _kind_problems(self) -> Iterator[tuple[str, str]]:
        if (self.kind == "spj") != (self.scoring.method == "spj"):
            yield (
                "scoring.method",
                f"an instrument of kind {self.kind!r} cannot use method {self.scoring.method!r}: "
                "kind 'spj' goes with method 'spj', and only with it",
            )

    def _code_problems(self) -> Iterator[tuple[str, str]]:
        domains: dict[str, str] = {}
        items: dict[str, str] = {}
        for d, domain in enumerate(self.domains):
            where = f"domains.{d}"
            if domain.code in domains:
                yield f"{where}.code", f"domain code {domain.code!r} is already used by {domains[domain.code]}"
            domains.setdefault(domain.code, where)
            for i, item in enumerate(domain.items):
                where = f"domains.{d}.items.{i}"
                if item.code in items:
                    yield f"{where}.code", f"item code {item.code!r} is already used by {items[item.code]}"
                items.setdefault(item.code, where)

    def _band_problems(self) -> Iterator[tuple[str, str]]:
        if not isinstance(self.scoring, SumScoring):
            return
        bands = self.scoring.bands
        if bands[0].min != 0:
            yield "scoring.bands.0.min", f"the first band must start at 0, not {bands[0].min}"
        for b, (previous, band) in enumerate(pairwise(bands), start=1):
            if band.min <= previous.max:
                yield (
                    f"scoring.bands.{b}.min",
                    f"starts at {band.min}, but the band before it ends at {previous.max}: "
                    "bands must be in increasing order without overlap",
                )
            elif band.min > previous.max + 1:
                yield (
                    f"scoring.bands.{b}.min",
                    f"starts at {band.min}, leaving a gap: no band covers {previous.max + 1} to {band.min - 1}",
                )
            if band.level.rank <= previous.level.rank:
                yield (
                    f"scoring.bands.{b}.level",
                    f"{band.level.value!r} comes after {previous.level.value!r}: "
                    "levels must rise in the order low, moderate, high",
                )
        last = len(bands) - 1
        if bands[last].max != self.max_total:
            yield (
                f"scoring.bands.{last}.max",
                f"the last band must end at the highest possible total, {self.max_total}, not {bands[last].max}",
            )

    def _trigger_problems(self) -> Iterator[tuple[str, str]]:
        seen: set[str] = set()
        for t, trigger in enumerate(self.triggers):
            if trigger.event in seen:
                yield f"triggers.{t}.event", f"event {trigger.event.value!r} is listed more than once"
            seen.add(trigger.event)

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    def items(self) -> list[tuple[Domain, Item]]:
        return [(domain, item) for domain in self.domains for item in domain.items]

    def item(self, code: str) -> Item:
        for _domain, item in self.items():
            if item.code == code:
                return item
        raise KeyError(code)

    @property
    def max_total(self) -> int:
        return sum(item.top_value for _domain, item in self.items() if item.direction == "risk")

    def _rated(self, ratings: dict[str, int]) -> Iterator[tuple[Item, int]]:
        """Risk items present in ratings with their values, in instrument order.

        A rating outside its item's scale, or for an item the instrument does not have, is an
        error rather than something to skip: it would silently move a total and its band.
        """
        for code, value in ratings.items():
            item = self.item(code)
            if not 0 <= value <= item.top_value:
                raise ValueError(f"{self.id} v{self.version}: {code} is rated {value}, outside 0..{item.top_value}")
        for _domain, item in self.items():
            if item.direction == "risk" and item.code in ratings:
                yield item, ratings[item.code]

    def total(self, ratings: dict[str, int]) -> int:
        # Protective items are shown beside the total, never summed into it.
        return sum(value for _item, value in self._rated(ratings))

    def band_for(self, total: int) -> Band | None:
        if not isinstance(self.scoring, SumScoring):
            return None
        for band in self.scoring.bands:
            if band.min <= total <= band.max:
                return band
        raise ValueError(f"{self.id} v{self.version}: total {total} is outside 0..{self.max_total}")

    def urgent_items(self) -> dict[str, Urgent]:
        """The items whose rating may call for action the same day, by code."""
        return {item.code: item.urgent for _domain, item in self.items() if item.urgent is not None}

    def need_areas(self, ratings: dict[str, int]) -> list[NeedArea]:
        areas: list[NeedArea] = []
        for item, value in self._rated(ratings):
            if value > 0 and item.need_area is not None and item.need_area not in areas:
                areas.append(item.need_area)
        return areas

    def content_hash(self) -> str:
        # Stored with each published version and with each assessment: changing the
        # serialisation here would make every stored hash disagree.
        dumped = self.model_dump(mode="json")
        # An item without `urgent` is dumped as it was before the key existed, so that the hashes
        # of the versions published before it stay what they were.
        for domain in dumped["domains"]:
            for item in domain["items"]:
                if item.get("urgent", False) is None:
                    del item["urgent"]
        canonical = json.dumps(dumped, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class InstrumentError(ImproperlyConfigured):
    pass


FILE_NAME = re.compile(r"^(?P<id>[a-z][a-z0-9_]*)\.v(?P<version>[1-9][0-9]*)\.yaml$")


def _key(loc: tuple[int | str, ...]) -> str:
    parts = list(loc)
    # The discriminated union puts the scoring method into the location; the file has no such key.
    if len(parts) > 1 and parts[0] == "scoring" and parts[1] in ("sum", "spj"):
        del parts[1]
    return ".".join(str(part) for part in parts)


def _describe(error: ValidationError, path: Path) -> str:
    lines = [f"Instrument definition {path} is not valid:"]
    for item in error.errors():
        key = _key(item["loc"])
        # Problems found across fields have no location of their own: their message starts with it.
        lines.append(f"  {key}: {item['msg']}" if key else f"  {item['msg']}")
    return "\n".join(lines)


def parse_instrument(path: Path) -> Instrument:
    name = FILE_NAME.match(path.name)
    if name is None:
        raise InstrumentError(
            f"Instrument definition {path}: the file must be named <id>.v<version>.yaml, e.g. general_screening.v1.yaml"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InstrumentError(f"Instrument definition {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InstrumentError(f"Instrument definition {path} must be a mapping of keys to values")
    try:
        instrument = Instrument.model_validate(data)
    except ValidationError as exc:
        raise InstrumentError(_describe(exc, path)) from exc
    # The file name is how a version is found and kept apart from the others: it must not lie.
    if instrument.id != name["id"]:
        raise InstrumentError(f"Instrument definition {path}: id: must match the file name ({name['id']!r})")
    if instrument.version != int(name["version"]):
        raise InstrumentError(f"Instrument definition {path}: version: must match the file name ({name['version']})")
    return instrument


@cache
def load_instruments() -> dict[tuple[str, int], Instrument]:
    directory = Path(settings.INSTRUMENTS_DIR)
    if not directory.is_dir():
        raise InstrumentError(f"{directory} is not a directory: set CUSTODIA_INSTRUMENTS_DIR to where instruments are")
    instruments = (parse_instrument(path) for path in sorted(directory.glob("*.yaml")))
    return {instrument.key: instrument for instrument in instruments}


def latest_instruments() -> dict[str, Instrument]:
    latest: dict[str, Instrument] = {}
    for instrument in load_instruments().values():
        if instrument.id not in latest or instrument.version > latest[instrument.id].version:
            latest[instrument.id] = instrument
    return latest


def get_instrument(instrument_id: str, version: int) -> Instrument:
    instruments = load_instruments()
    if (instrument_id, version) not in instruments:
        raise InstrumentError(f"No instrument {instrument_id!r} version {version} in {settings.INSTRUMENTS_DIR}")
    return instruments[(instrument_id, version)]
