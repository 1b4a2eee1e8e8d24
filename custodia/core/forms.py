"""Form helpers shared by every app: dates typed in the user's language, country names in the
user's language."""

import unicodedata
from functools import cache
from typing import Any

from babel import Locale
from django import forms
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.forms.widgets import DateTimeBaseInput
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def format_hint(strptime_format: str) -> str:
    """What a strptime format asks the user to type, in words they read: "%d/%m/%Y" -> "dd/mm/yyyy"."""
    parts = {"%d": _("dd"), "%m": _("mm"), "%Y": _("yyyy"), "%H": _("hh"), "%M": _("mm")}
    for directive, hint in parts.items():
        strptime_format = strptime_format.replace(directive, str(hint))
    return strptime_format


class LocalizedDateInput(DateTimeBaseInput):
    """A text field in the language's own order (05/01/1990, 05.01.1990), with that order shown.

    A browser's date picker follows the browser's language, not the interface's: the same page
    would ask one officer for 01/05/1990 and another for 05.01.1990. The field is read with the
    language's input formats (custodia/core/formats), which accept an ISO date too."""

    input_type = "text"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        typed = formats.get_format(self.format_key)[0]
        hint = {"placeholder": format_hint(typed), "title": format_hint(typed), "dir": "ltr", "inputmode": "numeric"}
        return super().get_context(name, value, {**hint, **(attrs or {})})


class DateInput(LocalizedDateInput):
    format_key = "DATE_INPUT_FORMATS"


class DateTimeInput(LocalizedDateInput):
    format_key = "DATETIME_INPUT_FORMATS"


# CLDR territory codes that are not countries a person can be a national of: groupings (European
# Union, Eurozone, United Nations), codes ISO 3166 reserves for other uses (Ascension, Canary
# Islands, Ceuta and Melilla, Clipperton, Diego Garcia, Sark, Tristan da Cunha) and places with no
# population of their own (Antarctica, Bouvet, Heard and McDonald, the U.S. Outlying Islands).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "AC", "CP", "CQ", "DG", "EA", "IC", "TA", "AQ", "BV", "HM", "UM"})
# Kosovo's code sits in the user-assigned range, but it is the one every register uses.
USER_ASSIGNED_COUNTRIES = frozenset({"XK"})


def is_country(code: str) -> bool:
    """A two-letter code of a country or territory one can be a national of: not a grouping, and not
    one of ISO 3166's user-assigned codes (AA, QM-QZ, XA-XZ, ZZ), where CLDR keeps "Unknown Region",
    "Outlying Oceania" and the pseudo-locales "Pseudo-Accents" (XA) and "Pseudo-Bidi" (XB)."""
    if len(code) != 2 or not code.isalpha() or code in NOT_COUNTRIES:
        return False
    user_assigned = code == "AA" or code == "ZZ" or code[0] == "X" or (code[0] == "Q" and code[1] >= "M")
    return not user_assigned or code in USER_ASSIGNED_COUNTRIES


# The Kazakh Cyrillic alphabet, whose letters beyond Russian's (Ә, Ғ, Қ...) come after Я in Unicode.
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
# Each letter's rank as a private-use character, which nothing decomposes.
KAZAKH_RANK = {letter: chr(0xE000 + rank) for rank, letter in enumerate(KAZAKH_ALPHABET)}


def collation_key(text: str, language: str) -> str:
    """A sort key that orders names as a reader of `language` expects, without ICU: case and accents
    ignored (Égypte among the E, Ё with Е), and Kazakh letters in the Kazakh alphabet's order."""
    if language == "kk":
        # Kazakh letters are whole letters: Қ is not К with a descender, and Ё is not Е.
        return "".join(KAZAKH_RANK.get(letter, letter) for letter in text.casefold())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class FastSelect(forms.Select):
    """A select rendered in one pass. Django renders every option through a template, which
    costs tens of milliseconds on the lists of 250 prisons or countries officers use all day."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        selected = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in selected else ""}>{escape(label)}</option>'
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return mark_safe(f"<select{attributes}>{options}</select>")  # every value in it is escaped


@cache
def _territories(language: str) -> dict[str, str]:
    return dict(Locale.parse(language).territories)


def country_name(code: str, language: str | None = None) -> str:
    """A country's name in the user's language, from the Unicode CLDR data shipped with Babel."""
    return _territories((language or get_language() or "en")[:2]).get(code, code)


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    territories = _territories(language)
    countries = ((code, name) for code, name in territories.items() if is_country(code))
    return tuple(sorted(countries, key=lambda item: collation_key(item[1], language)))


def country_choices() -> list[tuple[str, str]]:
    return list(_country_choices((get_language() or "en")[:2]))


class BootstrapMixin(forms.BaseForm):
    """Bootstrap classes on every widget; templates/core/field.html marks fields with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"
                self.fields[name].widget.attrs["aria-invalid"] = "true"


# The largest id a database column holds (a signed 64-bit integer): a larger number in an address
# would overflow SQLite's integers in a query rather than find nothing.
LARGEST_ID = 2**63 - 1


def int_or_none(value: str | None) -> int | None:
    """A whole number from a query string or a hidden field; None when absent, not a number or
    beyond what a database column holds, as for a version or a filter left empty or altered by hand."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is None or abs(number) <= LARGEST_ID else None
