"""The information sheet given on admission (Mandela Rules 54-55): versioned YAML under
information_sheets/ (settings.INFORMATION_SHEETS_DIR), one text per language for each part.
The country profile fills its {placeholders} (the inspection body, how soon a complaint is
answered, when visits take place) and the table of visits per classification level, so the sheet
says what the service's own rules say. A person's record names the version they were given."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, translation
from django.utils.dates import WEEKDAYS
from pydantic import Field, model_validator

from custodia.core.profiles import Profile, Strict
from custodia.core.versioned import load_versions, parse_versioned

STEM = "admission"
INTERFACE = ("en", "fr", "ar", "ru", "kk")
RIGHT_TO_LEFT = {"ar"}
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # django.utils.dates.WEEKDAYS' order

Text = dict[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], Annotated[str, Field(min_length=1)]]


class Section(Strict):
    code: Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")]
    title: Text
    paragraphs: list[Text] = Field(min_length=1)


class VisitsTable(Strict):
    level: Text
    per_month: Text
    unclassified: Text


class Sheet(Strict):
    version: Annotated[int, Field(ge=1)]
    languages: Text  # code -> the language's own name
    title: Text
    introduction: Text
    sections: list[Section] = Field(min_length=1)
    visits_table: VisitsTable  # the table of visits a month by classification level, after the visits section
    received: Text  # the line the person signs on paper

    @model_validator(mode="after")
    def every_text_in_every_language(self) -> "Sheet":
        missing_interface = sorted(set(INTERFACE) - set(self.languages))
        if missing_interface:
            raise ValueError(f"the sheet must exist in the interface's languages: {', '.join(missing_interface)}")
        table = self.visits_table
        texts = [self.title, self.introduction, self.received, table.level, table.per_month, table.unclassified]
        texts += [text for section in self.sections for text in (section.title, *section.paragraphs)]
        for text in texts:
            if set(text) != set(self.languages):
                raise ValueError(f"a text is not in exactly the sheet's languages: {sorted(text)}")
        return self


def parse_sheet(path: Path) -> Sheet:
    return parse_versioned(path, STEM, Sheet, "Information sheets")


@cache
def sheets() -> dict[int, Sheet]:
    return load_versions(
        Path(settings.INFORMATION_SHEETS_DIR), STEM, Sheet, "Information sheets", "CUSTODIA_INFORMATION_SHEETS_DIR"
    )


def current() -> Sheet:
    return sheets()[max(sheets())]


def languages(profile: Profile) -> list[tuple[str, str]]:
    """The languages the sheet is given in: the interface's the profile offers, then those it adds.
    A language the profile adds without a text is a configuration error, said at once."""
    sheet = current()
    codes = [*profile.languages, *(code for code in profile.information_languages if code not in profile.languages)]
    missing = [code for code in codes if code not in sheet.languages]
    if missing:
        raise ImproperlyConfigured(
            f"The information sheet v{sheet.version} has no text in {', '.join(missing)}, "
            f"which the country profile {profile.id} names (information_languages)."
        )
    return [(code, sheet.languages[code]) for code in codes]


@dataclass(frozen=True)
class DrawnSection:
    code: str
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Drawn:
    """The sheet in one language with the profile's values in place."""

    version: int
    language: str
    language_name: str
    right_to_left: bool
    service: str
    title: str
    introduction: str
    sections: list[DrawnSection]
    visits_heading: tuple[str, str]  # the table's column headings
    visits_per_month: list[tuple[str, int]]  # (classification level, visits a month)
    received: str


def _in(label: object, language: str) -> str:
    """A profile label in `language`; English for a language the interface does not have."""
    return str(getattr(label, language if language in INTERFACE else "en"))


def drawn(profile: Profile, language: str) -> Drawn:
    sheet = current()
    if language not in dict(languages(profile)):
        raise KeyError(language)
    visits, complaints = profile.visits, profile.complaints
    # Day names and times as the language writes them; Django has no names in a language it lacks.
    with translation.override(language if language in INTERFACE else "en"):
        days = ", ".join(str(WEEKDAYS[WEEKDAY_CODES.index(day)]) for day in visits.days)
        opens, closes = (
            formats.time_format(visits.opens, "TIME_FORMAT"),
            formats.time_format(visits.closes, "TIME_FORMAT"),
        )
    values = {
        "service": _in(profile.service_name, language),
        "inspection_body": _in(complaints.inspection_body, language),
        "answer_days": complaints.answer_days,
        "appeal_days": complaints.appeal_answer_days,
        "visit_days": days,
        "opens": opens,
        "closes": closes,
        "video_calls": visits.video_calls_per_month,
        "mother_extra": visits.mother_extra_per_month,
    }
    levels = {level.code: _in(level.label, language) for level in profile.classification.levels}
    return Drawn(
        version=sheet.version,
        language=language,
        language_name=sheet.languages[language],
        right_to_left=language in RIGHT_TO_LEFT,
        service=values["service"],  # type: ignore[arg-type]
        title=sheet.title[language],
        introduction=sheet.introduction[language].format(**values),
        sections=[
            DrawnSection(s.code, s.title[language], [p[language].format(**values) for p in s.paragraphs])
            for s in sheet.sections
        ],
        visits_heading=(sheet.visits_table.level[language], sheet.visits_table.per_month[language]),
        visits_per_month=[
            (sheet.visits_table.unclassified[language] if code == "unclassified" else levels[code], number)
            for code, number in visits.per_month.items()
        ],
        received=sheet.received[language],
    )
