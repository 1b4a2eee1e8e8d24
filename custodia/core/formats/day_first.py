"""What the five languages share: the day first, a 24-hour clock, the week starting on Monday.
A date typed in the language's short order is read, and so is an ISO date (2026-12-04), which is
what a browser sends from a date picker and what the API and tests use. The short order itself is
written with slashes (slashes.py) or with dots (dots.py); each language's formats.py takes one."""

TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
NUMBER_GROUPING = 3
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"


def date_input_formats(short: str) -> list[str]:
    """The short order as strptime reads it, then the ISO order."""
    return [short, "%Y-%m-%d"]


def datetime_input_formats(short: str) -> list[str]:
    return [f"{short} %H:%M", f"{short} %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
