"""Form helpers shared by every app: native date and time pickers, country names in the
user's language."""

from functools import cache
from typing import Any

from babel import Locale
from django import forms
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


# CLDR territory codes that are not countries a person can be a national of.
NOT_COUNTRIES = frozenset({"ZZ", "EU", "UN", "EZ", "QO"})


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
    codes = [code for code in territories if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES]
    return tuple(sorted(((code, territories[code]) for code in codes), key=lambda item: item[1]))


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


def int_or_none(value: str | None) -> int | None:
    """A whole number from a query string or a hidden field; None when absent or not a number, as
    for a version or a filter left empty or altered by hand."""
    try:
        return int(value) if value else None
    except ValueError:
        return None
