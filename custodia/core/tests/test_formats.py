"""Dates, numbers and country names as each interface language writes them (issue 11, section 5)."""

import re
from datetime import UTC, date, datetime
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils import translation

from custodia.core.formats import local_date, local_datetime, local_number
from custodia.core.forms import DateInput, DateTimeInput, collation_key, country_choices, format_hint, is_country

FIFTH_OF_JANUARY = date(1990, 1, 5)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "05/01/1990"), ("fr", "05/01/1990"), ("ar", "05/01/1990"), ("ru", "05.01.1990"), ("kk", "05.01.1990")],
)
def test_a_short_date_puts_the_day_first_in_every_language(language, shown):
    with translation.override(language):
        assert date_filter(FIFTH_OF_JANUARY, "SHORT_DATE_FORMAT") == shown
        assert local_date(FIFTH_OF_JANUARY) == shown
        assert local_date("1990-01-05") == shown


@pytest.mark.parametrize("language", ["en", "fr", "ar", "ru", "kk"])
def test_every_language_module_gives_every_format(language):
    # A name a module leaves out falls back to Django's own locale formats without a word: the
    # month first in English, for one.
    module = import_module(f"custodia.core.formats.{language}.formats")
    names = (
        "DATE_FORMAT",
        "DATETIME_FORMAT",
        "TIME_FORMAT",
        "YEAR_MONTH_FORMAT",
        "MONTH_DAY_FORMAT",
        "SHORT_DATE_FORMAT",
        "SHORT_DATETIME_FORMAT",
        "FIRST_DAY_OF_WEEK",
        "DATE_INPUT_FORMATS",
        "DATETIME_INPUT_FORMATS",
        "DECIMAL_SEPARATOR",
        "THOUSAND_SEPARATOR",
        "NUMBER_GROUPING",
    )
    assert [name for name in names if not hasattr(module, name)] == []


def test_a_moment_is_told_in_the_short_date_and_time_format():
    with translation.override("ru"):
        assert local_datetime(datetime(2026, 12, 4, 9, 30, tzinfo=UTC)) == "04.12.2026 09:30"


@pytest.mark.parametrize(
    ("language", "grouped"), [("en", "3,183"), ("ru", "3\xa0183"), ("kk", "3\xa0183"), ("ar", "3.183")]
)
def test_a_large_count_is_grouped_with_the_language_sign(language, grouped):
    with translation.override(language):
        assert intcomma(3183) == grouped


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "55.1"), ("fr", "55,1"), ("ru", "55,1"), ("kk", "55,1"), ("ar", "55,1")]
)
def test_a_share_uses_the_language_decimal_sign(language, shown):
    with translation.override(language):
        assert floatformat(55.123, 1) == shown


class DatedForm(forms.Form):
    on = forms.DateField(widget=DateInput())
    at = forms.DateTimeField(widget=DateTimeInput())


@pytest.mark.parametrize(
    ("language", "typed_date", "typed_moment"),
    [
        ("en", "05/01/1990", "05/01/1990 14:30"),
        ("ar", "05/01/1990", "05/01/1990 14:30"),
        ("kk", "05.01.1990", "05.01.1990 14:30"),
    ],
)
def test_a_date_typed_in_the_language_order_is_read_day_first(language, typed_date, typed_moment):
    with translation.override(language):
        form = DatedForm({"on": typed_date, "at": typed_moment})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == FIFTH_OF_JANUARY
    assert (form.cleaned_data["at"].day, form.cleaned_data["at"].month, form.cleaned_data["at"].hour) == (5, 1, 14)


@pytest.mark.parametrize("language", ["en", "fr", "ar", "ru", "kk"])
def test_an_iso_date_is_read_in_every_language(language):
    # What the API, the tests and an older page's date picker send.
    with translation.override(language):
        form = DatedForm({"on": "1990-01-05", "at": "1990-01-05T14:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == FIFTH_OF_JANUARY


def test_a_month_first_date_is_not_read_as_such_in_english():
    with translation.override("en"):
        assert not DatedForm({"on": "12/31/1990", "at": "05/01/1990 14:30"}).is_valid()


def test_the_date_field_is_text_in_the_language_order_with_the_order_shown():
    with translation.override("ru"):
        html = str(DatedForm(initial={"on": FIFTH_OF_JANUARY})["on"])
        hint = format_hint("%d.%m.%Y")  # "dd.mm.yyyy" in the words of the Russian catalogue
    assert 'type="text"' in html
    assert 'value="05.01.1990"' in html
    assert f'placeholder="{hint}"' in html
    assert 'dir="ltr"' in html


def test_format_hint_names_each_part():
    assert format_hint("%d/%m/%Y %H:%M") == "dd/mm/yyyy hh:mm"


@pytest.mark.parametrize("code", ["XA", "XB", "ZZ", "QO", "EU", "UN", "EZ", "AC", "IC", "AQ", "AA", "QM"])
def test_pseudo_locales_groupings_and_reserved_codes_are_not_countries(code):
    assert not is_country(code)


@pytest.mark.parametrize("code", ["UG", "KZ", "TN", "FR", "XK", "PS", "QA"])
def test_countries_are_countries(code):
    assert is_country(code)


@pytest.mark.parametrize("language", ["en", "fr", "ar", "ru", "kk"])
def test_the_nationality_list_holds_no_pseudo_locale_and_is_sorted_for_the_reader(language):
    with translation.override(language):
        choices = country_choices()
    codes = [code for code, _name in choices]
    assert "XA" not in codes and "XB" not in codes and "UG" in codes
    keys = [collation_key(name, language) for _code, name in choices]
    assert keys == sorted(keys)


def test_accented_names_sort_among_their_letter():
    with translation.override("fr"):
        names = [name for _code, name in country_choices()]
    # Égypte between Équateur's neighbours, not after Zimbabwe.
    assert names.index("Égypte") < names.index("Espagne") < names.index("Zimbabwe")


def test_kazakh_letters_follow_the_kazakh_alphabet():
    # Ә comes right after А, and Қ right after К: not after Я as in Unicode.
    words = ["Я", "Қазақстан", "Әзірбайжан", "Кения", "Бельгия", "Австрия"]
    assert sorted(words, key=lambda word: collation_key(word, "kk")) == [
        "Австрия",
        "Әзірбайжан",
        "Бельгия",
        "Кения",
        "Қазақстан",
        "Я",
    ]


def test_cyrillic_yo_sorts_with_ye_in_russian():
    assert collation_key("Ёлка", "ru") < collation_key("Ж", "ru")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "3,183 · 322.5"), ("fr", "3\xa0183 · 322,5"), ("ru", "3\xa0183 · 322,5"), ("ar", "3.183 · 322,5")],
)
def test_a_number_inside_a_sentence_is_written_as_the_reader_writes_it(language, shown):
    """The home page's "People held for 3,183 places (322.5 %)": grouped, with the decimal sign."""
    with translation.override(language):
        assert f"{local_number(3183)} · {local_number(322.5, 1)}" == shown


def test_no_date_field_uses_the_browser_date_picker():
    """A browser's date picker follows the browser's language, not the interface's (see
    core.forms.LocalizedDateInput): no form or template asks for one."""
    root = Path(__file__).resolve().parents[2]
    pickers = re.compile(r"""type=["']date["']|["']type["']:\s*["']date["']""")
    found = [
        str(path.relative_to(root))
        for path in [*root.rglob("*.py"), *root.rglob("*.html")]
        if "tests" not in path.parts and pickers.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
