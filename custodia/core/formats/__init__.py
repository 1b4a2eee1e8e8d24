"""Dates and numbers in the reader's language.

`FORMAT_MODULE_PATH` points here: each language's `formats.py` gives the order of a date and the
signs of a number. Every country whose profile ships with Custodia (Uganda, Kazakhstan, Tunisia,
and the generic profile) writes the day first, so each language has one short date order; a
country that writes the month first would add its own language variant here.

`local_date` is for dates told inside generated text (a classification reason, a refusal): they
are written as the reader reads them, never in ISO order; `local_number` likewise for a number
inside a sentence (templates group counts with |intcomma).
"""

from datetime import date, datetime

from django.utils import formats, timezone


def local_date(value: date | str) -> str:
    """A date (or a date in ISO form, as stored in JSON) in the reader's short date format."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def local_datetime(value: datetime) -> str:
    """A moment in the reader's short date and time format, in the installation's time zone."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def local_number(value: float, decimals: int = 0) -> str:
    """A number with the reader's decimal sign and grouping: 3,183.5 in English, 3 183,5 in Russian."""
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)
