"""Pure rules of the prisoner file: no database, easy to test."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from .choices import CustodyStatus as S
from .choices import MovementKind as M

# Which movement may follow which custody status, and the status it leads to.
# A movement not listed for the present status is refused: a released person cannot be
# sent to court, a deceased person cannot move at all.
MOVEMENT_TRANSITIONS: dict[str, dict[str, str]] = {
    M.CELL_MOVE: {S.IN_CUSTODY: S.IN_CUSTODY},
    M.TRANSFER: {S.IN_CUSTODY: S.IN_CUSTODY},
    M.COURT_PRODUCTION: {S.IN_CUSTODY: S.AT_COURT},
    M.HOSPITAL: {S.IN_CUSTODY: S.IN_HOSPITAL},
    M.TEMPORARY_RELEASE: {S.IN_CUSTODY: S.TEMPORARY_RELEASE},
    M.RETURN: {S.AT_COURT: S.IN_CUSTODY, S.IN_HOSPITAL: S.IN_CUSTODY, S.TEMPORARY_RELEASE: S.IN_CUSTODY},
    M.RELEASE: {S.IN_CUSTODY: S.RELEASED, S.AT_COURT: S.RELEASED, S.IN_HOSPITAL: S.RELEASED},
    M.ESCAPE: {
        S.IN_CUSTODY: S.ESCAPED,
        S.AT_COURT: S.ESCAPED,
        S.IN_HOSPITAL: S.ESCAPED,
        S.TEMPORARY_RELEASE: S.ESCAPED,
    },
    M.RECAPTURE: {S.ESCAPED: S.IN_CUSTODY},
    M.DEATH: {
        S.IN_CUSTODY: S.DECEASED,
        S.AT_COURT: S.DECEASED,
        S.IN_HOSPITAL: S.DECEASED,
        S.TEMPORARY_RELEASE: S.DECEASED,
        S.ESCAPED: S.DECEASED,
    },
    M.ADMISSION: {S.RELEASED: S.IN_CUSTODY},
}

# Movements after which the person is no longer on a prison's roll: the custody period closes.
ENDS_CUSTODY = {M.RELEASE, M.ESCAPE, M.DEATH, M.TRANSFER}
# Movements that need a destination prison and possibly a cell.
NEEDS_PRISON = {M.TRANSFER, M.RECAPTURE, M.ADMISSION}
NEEDS_CELL = {M.CELL_MOVE}


class MovementRefused(ValueError):
    pass


def next_custody_status(current: str, kind: str) -> str:
    """The custody status after `kind`, or MovementRefused naming both."""
    allowed = MOVEMENT_TRANSITIONS.get(kind, {})
    if current not in allowed:
        raise MovementRefused(
            _("A %(movement)s cannot be recorded for a person whose status is %(status)s.")
            % {"movement": M(kind).label, "status": S(current).label}
        )
    return allowed[current]


def movements_allowed_from(current: str) -> list[str]:
    """The movements an officer may record next; after a release that is a readmission."""
    return [kind for kind, allowed in MOVEMENT_TRANSITIONS.items() if current in allowed]


def add_months(start: date, months: int) -> date:
    """Calendar months, landing on the last day of a shorter month (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class ReleaseDates:
    full_term: date
    earliest: date


def release_dates(
    *, starts_on: date, years: int, months: int, days: int, remand_credit_days: int, earliest_fraction: float
) -> ReleaseDates:
    """Full-term and earliest release dates of a fixed-term sentence.

    The term runs from the start date; time already spent in pre-trial detention is credited.
    The earliest date applies the profile's fraction (remission or conditional release) to
    the length of the term, counted in days, before the credit.
    """
    end = add_months(starts_on, 12 * years + months) + timedelta(days=days)
    term_days = (end - starts_on).days
    if term_days <= 0:
        raise ValueError(_("A sentence must have a length."))
    full_term = end - timedelta(days=remand_credit_days)
    earliest = starts_on + timedelta(days=round(term_days * earliest_fraction)) - timedelta(days=remand_credit_days)
    return ReleaseDates(full_term=full_term, earliest=min(earliest, full_term))


def age_on(on: date, *, date_of_birth: date | None, birth_year_estimated: int | None) -> int | None:
    if date_of_birth:
        return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    if birth_year_estimated:
        # Without a day, count the birthday as passed at mid-year: the error is at most six months.
        return on.year - birth_year_estimated - (on.month < 7)
    return None


def is_juvenile(age: int | None, juvenile_age: int = 18) -> bool:
    return age is not None and age < juvenile_age


def search_key(text: str) -> str:
    """Case-folded text without diacritics (Latin accents, Arabic harakat) for matching names
    typed with or without them."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped).strip()


def format_prisoner_number(template: str, *, year: int, seq: int) -> str:
    return template.format(year=year, seq=seq)


def prisoner_number_prefix(template: str, *, year: int) -> str:
    """Numbers are counted per prefix, so a template with {year} restarts each year."""
    return template.split("{seq")[0].format(year=year)


def juvenile_birth_cutoffs(today: date, juvenile_age: int = 18) -> tuple[date, int]:
    """Born after the date (or, with only an estimated year, after the year) means juvenile today;
    the same reckoning as age_on, so lists and statistics agree with the file page."""
    by_date = add_months(today, -12 * juvenile_age)
    by_year = today.year - juvenile_age - (today.month < 7)
    return by_date, by_year
