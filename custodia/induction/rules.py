"""Pure rules of the information given on admission (Mandela Rules 54-55)."""

from datetime import date

# Rule 54: "upon admission". Reception is prompted until it is given, and says so after this
# many days: the person has then lived by rules no one told them.
DUE_WITHIN_DAYS = 2


def given_on_problems(given_on: date, *, admitted_on: date, today: date) -> dict[str, str]:
    """Which field is wrong with the day the sheet was given, by problem code."""
    if given_on > today:
        return {"given_on": "in_future"}
    if given_on < admitted_on:
        return {"given_on": "before_admission"}
    return {}


def late(admitted_on: date, today: date) -> bool:
    return (today - admitted_on).days > DUE_WITHIN_DAYS
