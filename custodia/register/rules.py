"""Pure rules of the prisoner file: no database, easy to test."""

import calendar
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import iccs
from .choices import PLANNED_MOVE_KINDS, Script, WithheldFromPerson
from .choices import CustodyStatus as S
from .choices import LegalStatus as L
from .choices import MovementKind as M
from .choices import PlannedMoveStatus as P

if TYPE_CHECKING:
    from custodia.core.profiles import Profile

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
ENDS_CUSTODY = frozenset({M.RELEASE, M.ESCAPE, M.DEATH, M.TRANSFER})
# Movements that need a destination prison and possibly a cell.
NEEDS_PRISON = frozenset({M.TRANSFER, M.RECAPTURE, M.ADMISSION})
NEEDS_CELL = frozenset({M.CELL_MOVE})
# Movements that place the person: they record a destination, which the placement check must allow.
PLACES = NEEDS_PRISON | NEEDS_CELL
# Movements that begin a stay in a prison: a custody period opens there.
OPENS_PERIOD = NEEDS_PRISON
# Statuses in which no prison holds the person: prison and cell are cleared.
NOT_HELD = frozenset({S.RELEASED, S.ESCAPED, S.DECEASED})
# Movements that end custody for good as far as the prison can tell: the officer confirms them
# before they are recorded, and the audit trail says who confirmed.
NEEDS_CONFIRMATION = frozenset({M.RELEASE, M.ESCAPE, M.DEATH})


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


def readmission_problem(current: str) -> str | None:
    """Why a person already on file cannot be admitted again on that file, or None: a readmission
    follows a release (after an escape the person is returned, not admitted)."""
    if current in MOVEMENT_TRANSITIONS[M.ADMISSION]:
        return None
    return _("Only a released person can be readmitted on the same file; this person's status is: %(status)s.") % {
        "status": S(current).label
    }


@dataclass(frozen=True)
class Custody:
    """Where a person is: the custody status, and the ids of the prison and cell holding them."""

    status: str
    prison: int | None = None
    cell: int | None = None


# A person not yet admitted: an admission is the one movement that follows, as after a release.
NOT_YET_ADMITTED = Custody(S.RELEASED)


@dataclass(frozen=True)
class Move:
    """A movement as asked for. Its destination (ids) counts only for a movement that places the
    person (PLACES), and a cell move stays in the present prison whatever prison is given."""

    kind: str
    occurred_at: datetime
    to_prison: int | None = None
    to_cell: int | None = None
    cell_prison: int | None = None  # the prison of `to_cell`
    reason: str = ""
    release_reason: str = ""
    death_circumstances: str = ""
    # For a movement that ends custody (NEEDS_CONFIRMATION): whether the officer confirmed it; None
    # where no one is asked (an API client's request, an import), False where a form asked in vain.
    confirmed: bool | None = None


@dataclass(frozen=True)
class MovementEffect:
    """What a movement does: where the person is after it, the destination it records (None for
    a movement that does not place), whether it ends the open custody period, and the prison
    where it opens the next one (None when it opens none)."""

    after: Custody
    to_prison: int | None
    to_cell: int | None
    ends_period: bool
    opens_period_in: int | None


def _destination(before: Custody, move: Move) -> tuple[int | None, int | None]:
    if move.kind not in PLACES:
        return None, None
    return (before.prison if move.kind == M.CELL_MOVE else move.to_prison), move.to_cell


def movement_row(before: Custody, move: Move, effect: MovementEffect) -> dict[str, Any]:
    """The columns of the Movement row that records `move`: the services and the demo write the
    same row, so that a history built either way reads the same."""
    return {
        "kind": move.kind,
        "occurred_at": move.occurred_at,
        "from_prison_id": before.prison,
        "from_cell_id": before.cell,
        "to_prison_id": effect.to_prison,
        "to_cell_id": effect.to_cell,
        "reason": move.reason,
        "release_reason": move.release_reason,
        "death_circumstances": move.death_circumstances,
    }


def movement_effect(before: Custody, move: Move) -> MovementEffect:
    """The state a movement leaves the person in; MovementRefused when the present status does not
    allow it. The rest of `move` is taken as movement_problems found it: check that first."""
    status = next_custody_status(before.status, move.kind)
    to_prison, to_cell = _destination(before, move)
    if status in NOT_HELD:
        after = Custody(status)
    elif to_prison is not None:
        after = Custody(status, to_prison, to_cell)
    else:  # out at court, in hospital, on temporary release and back: the place is kept for them
        after = replace(before, status=status)
    return MovementEffect(
        after,
        to_prison,
        to_cell,
        ends_period=move.kind in ENDS_CUSTODY,
        opens_period_in=to_prison if move.kind in OPENS_PERIOD else None,
    )


def movement_problems(
    before: Custody, move: Move, *, last_at: datetime | None, now: datetime, bounds: "DateBounds", tz: tzinfo
) -> dict[str, str]:
    """Why a movement cannot be recorded, by field; {} when it can. `last_at` is the time of the
    last recorded movement. A movement the present status does not allow is refused on `kind` alone."""
    try:
        next_custody_status(before.status, move.kind)
    except MovementRefused as exc:
        return {"kind": str(exc)}
    problems: dict[str, str] = {}
    if last_at is not None and move.occurred_at < last_at:
        problems["occurred_at"] = _("A movement cannot be dated before the last recorded movement.")
    if move.occurred_at > now:
        problems["occurred_at"] = _("A movement cannot be in the future.")
    elif problem := record_day_problem(day_of(move.occurred_at, tz), bounds):
        problems["occurred_at"] = problem
    to_prison, to_cell = _destination(before, move)
    if move.kind == M.CELL_MOVE:
        if to_cell is None:
            problems["to_cell"] = _("Choose the cell.")
        elif to_cell == before.cell:
            problems["to_cell"] = _("The person is already in this cell.")
    if move.kind in NEEDS_PRISON and to_prison is None:
        problems["to_prison"] = _("Choose the prison.")
    if move.kind == M.TRANSFER and to_prison == before.prison:
        problems["to_prison"] = _("A transfer must be to another prison.")
    if to_cell is not None and to_prison is not None and move.cell_prison != to_prison:
        problems["to_cell"] = _("This cell is not in the chosen prison.")
    if move.kind == M.RELEASE and not move.release_reason:
        problems["release_reason"] = _("Give the reason for release.")
    if move.kind == M.DEATH and not move.death_circumstances.strip():
        problems["death_circumstances"] = _("Describe the circumstances of the death (Mandela Rule 8(f)).")
    if move.kind in NEEDS_CONFIRMATION and move.confirmed is False:
        problems["confirmed"] = _("Confirm the movement: it ends the person's custody here.")
    return problems


class DateOutOfRange(ValueError):
    """A computed date beyond the calendar Python can hold (years 1 to 9999)."""


def add_months(start: date, months: int) -> date:
    """Calendar months, landing on the last day of a shorter month (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if not MINYEAR <= year <= MAXYEAR:
        raise DateOutOfRange(f"{start} + {months} months is beyond the years {MINYEAR}-{MAXYEAR}")
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


RELEASE_OUT_OF_RANGE = gettext_lazy("The release date this sentence gives is out of range.")


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
    end = sentence_end(starts_on=starts_on, years=years, months=months, days=days)
    term_days = (end - starts_on).days
    if term_days <= 0:
        raise ValueError(_("A sentence must have a length."))
    try:
        full_term = end - timedelta(days=remand_credit_days)
        earliest = starts_on + timedelta(days=round(term_days * earliest_fraction)) - timedelta(days=remand_credit_days)
    except OverflowError as exc:
        raise DateOutOfRange(RELEASE_OUT_OF_RANGE) from exc
    return ReleaseDates(full_term=full_term, earliest=min(earliest, full_term))


def sentence_end(*, starts_on: date, years: int, months: int, days: int) -> date:
    """The day a fixed term ends, before any credit; DateOutOfRange past the year 9999."""
    try:
        return add_months(starts_on, 12 * years + months) + timedelta(days=days)
    except (DateOutOfRange, OverflowError) as exc:
        raise DateOutOfRange(RELEASE_OUT_OF_RANGE) from exc


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


# Each word of a search is one more condition in the query: SQLite refuses a query of a thousand
# ("Expression tree is too large"), and nobody searches a name with more than a few. The web form
# and the API filter both refuse a longer search with these limits.
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 10
# Characters no stored name holds (see clean_person_text) and that PostgreSQL refuses in a query
# (NUL) or cannot encode (a lone surrogate): dropped from a search rather than sent to the database.
_NEVER_IN_A_NAME = {"Cc", "Cs"}


def search_words(text: str) -> list[str]:
    """The distinct words of a search, in the form they are matched against Prisoner.search_text."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in _NEVER_IN_A_NAME)
    return list(dict.fromkeys(search_key(kept).split()))


def search_problem(text: str) -> str | None:
    """Why a search is refused, or None; the words are counted as they are matched."""
    if len(text) > SEARCH_MAX_LENGTH:
        return _("Enter at most %(count)d characters.") % {"count": SEARCH_MAX_LENGTH}
    if len(search_words(text)) > SEARCH_MAX_WORDS:
        return _("Search with at most %(count)d words.") % {"count": SEARCH_MAX_WORDS}
    return None


# The list's filters by date (a court hearing, a release due): today, or today and the six days
# after it, the week reception plans for.
TODAY, WEEK = "today", "week"


def date_window(window: str, today: date) -> tuple[date, date]:
    """The first and last day of a window of the list's date filters."""
    return today, today + timedelta(days=6 if window == WEEK else 0)


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


# --- Text that identifies a person -----------------------------------------------------------

# Bidirectional controls reorder what is shown: with U+202E "Ali" can be shown as another name,
# or a name as a different number. Most are format characters (Cf), listed here to say so.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# The zero-width non-joiner is part of the spelling of Persian, Kurdish, Pashto and Urdu names
# (and of some Indic scripts): the one invisible character a name may hold, between letters.
ZWNJ = "\u200c"


class TextRefused(ValueError):
    pass


def clean_person_text(text: str, *, max_length: int | None = None) -> str:
    """A name (of a person, a relative, a custodian, a lawyer) as it is stored: in NFC, so that the
    same name typed on two keyboards is the same text; whitespace stripped and collapsed; a
    zero-width non-joiner only inside a word. TextRefused, saying which characters, for controls
    (Cc, NUL included), bidirectional controls and other invisible format characters (Cf), which
    would let two different names look alike or one name look like another, and for lone
    surrogates, which cannot be stored."""
    # Tabs and line breaks are whitespace typed or pasted by mistake: collapsed like spaces.
    words = (word.strip(ZWNJ) for word in text.split())
    cleaned = unicodedata.normalize("NFC", " ".join(word for word in words if word))
    cleaned = re.sub(ZWNJ + "{2,}", ZWNJ, cleaned)
    hidden = sorted({ch for ch in cleaned if _hidden(ch)})
    if hidden:
        raise TextRefused(
            _("Remove the hidden or control characters from this name: %(characters)s.")
            % {"characters": ", ".join(f"U+{ord(ch):04X}" for ch in hidden)}
        )
    if max_length is not None and len(cleaned) > max_length:
        raise TextRefused(_("Enter at most %(count)d characters.") % {"count": max_length})
    return cleaned


def _hidden(ch: str) -> bool:
    category = unicodedata.category(ch)
    return ch in BIDI_CONTROLS or category in ("Cc", "Cs") or (category == "Cf" and ch != ZWNJ)


# --- The script of a name ----------------------------------------------------------------------

# Unicode names its letters after their script: "CYRILLIC CAPITAL LETTER SCHWA" (Kazakh Ә),
# "ARABIC LETTER KEHEH", "LATIN SMALL LETTER DOTLESS I".
_SCRIPT_OF_NAME = (("LATIN ", Script.LATIN), ("CYRILLIC ", Script.CYRILLIC), ("ARABIC ", Script.ARABIC))
# Letters proper: modifier letters (Lm) are apostrophes and length marks ("Oʻ", "ʼ") or the Arabic
# tatweel, which belong to no script, like marks, digits, spaces, hyphens and apostrophes.
_LETTERS = ("Lu", "Ll", "Lt", "Lo")


def scripts_of(text: str) -> set[str]:
    """The scripts (Script codes) of the letters of `text`; "Zyyy" stands for any script but Latin,
    Cyrillic and Arabic."""
    found: set[str] = set()
    for ch in text:
        if unicodedata.category(ch) in _LETTERS:
            name = unicodedata.name(ch, "")
            found.add(next((script for prefix, script in _SCRIPT_OF_NAME if name.startswith(prefix)), Script.OTHER))
    return found


def detect_script(text: str) -> str | None:
    """The script `text` is written in, as a Script code: Latin, Cyrillic, Arabic, or "Zyyy" for
    another one; None where letters of several scripts are mixed, or where there is no letter.
    Arabic vowel marks (harakat) and accents are marks, not letters: they change nothing."""
    scripts = scripts_of(text)
    return next(iter(scripts)) if len(scripts) == 1 else None


def _mixed(scripts: set[str]) -> str:
    labels = sorted(str(Script(script).label) for script in scripts)
    return _(
        "This name mixes letters of several scripts (%(scripts)s): type it in one script, and add its spelling in "
        "another script as a transliteration."
    ) % {"scripts": ", ".join(labels)}


def name_script_problems(*, given_names: str, family_name: str, script: str) -> dict[str, str]:
    """What is wrong with the script of a name, by field: letters of several scripts in it (a
    Cyrillic "А" in "Ali" looks the same and is another name to a search), or a chosen `script`
    ("" when left to be detected) that is not the one its letters are written in (an Arabic name
    recorded as Latin). Every path that records a name asks this: the forms and the services."""
    problems = {}
    for field, text in (("given_names", given_names), ("family_name", family_name)):
        if len(scripts := scripts_of(text)) > 1:
            problems[field] = _mixed(scripts)
    if problems:
        return problems
    scripts = scripts_of(f"{given_names} {family_name}")
    if len(scripts) > 1:
        return {"family_name": _mixed(scripts)}
    detected = next(iter(scripts), None)
    if script and detected is not None and script != detected:
        labels = {"chosen": Script(script).label, "detected": Script(detected).label}
        message = _("The letters of this name are not %(chosen)s but %(detected)s: choose “%(detected)s”.")
        return {"script": message % labels}
    return {}


def name_script(*, given_names: str, family_name: str, script: str) -> str:
    """The script a name is recorded with: the one chosen, or, where none was (""), the one its
    letters are written in ("Zyyy" for a name without letters). Ask name_script_problems first."""
    return script or detect_script(f"{given_names} {family_name}") or Script.OTHER


# --- Plausible dates -------------------------------------------------------------------------

# A hearing or the start of a sentence may be set ahead, but not by more than this: a later
# date is a slip (2062 for 2026), not a plan.
YEARS_AHEAD = 5


@dataclass(frozen=True)
class DateBounds:
    """The dates a file may carry, from the country profile and today's date: nothing of the file
    before the service's records begin, no one older than the oldest age or younger than the
    minimum age for custody. A date outside them is a typing slip (0001 for 2001)."""

    today: date
    records_from: date
    oldest_age: int
    minimum_age: int | None = None

    @classmethod
    def of(cls, profile: "Profile", today: date) -> "DateBounds":
        return cls(
            today=today,
            records_from=profile.records_from,
            oldest_age=profile.oldest_age,
            minimum_age=profile.minimum_age,
        )

    @property
    def latest_ahead(self) -> date:
        return add_months(self.today, 12 * YEARS_AHEAD)


def day_of(at: datetime, tz: tzinfo) -> date:
    """The local date of a moment; a moment the time zone cannot convert (near the year 1 or 9999)
    is given as the first or last date, so that it is refused as out of range, not a crash."""
    try:
        return at.astimezone(tz).date()
    except (OverflowError, ValueError):
        return date.min if at.year < 5000 else date.max


def record_day_problem(day: date, bounds: DateBounds, *, ahead: bool = False) -> str | None:
    """A date of the file (admission, order, arrest, hearing, sentence, movement, legal status):
    from the start of the service's records to today, or a few years ahead for what is scheduled."""
    if day < bounds.records_from:
        return _("The date cannot be before %(date)s, when this service's records begin.") % {
            "date": date_format(bounds.records_from)
        }
    if ahead and day > bounds.latest_ahead:
        return _("The date cannot be more than %(years)d years ahead.") % {"years": YEARS_AHEAD}
    if not ahead and day > bounds.today:
        return _("The date cannot be in the future.")
    return None


_MINIMUM_AGE = gettext_lazy("No one under %(age)d years of age can be admitted into custody.")


def birth_problems(
    bounds: DateBounds, *, date_of_birth: date | None, birth_year_estimated: int | None, on: date | None = None
) -> dict[str, str]:
    """What is wrong with a person's date or estimated year of birth, by field: in the future,
    older than the profile's oldest age today, or under its minimum age on `on` (the admission;
    today when not known yet). An estimated year is given the benefit of the doubt: refused only
    when no day of that year would do."""
    problems: dict[str, str] = {}
    on = on or bounds.today
    if date_of_birth is not None:
        if date_of_birth > bounds.today:
            problems["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif (age_on(bounds.today, date_of_birth=date_of_birth, birth_year_estimated=None) or 0) > bounds.oldest_age:
            problems["date_of_birth"] = _(
                "This date of birth makes the person older than %(age)d years: check the year."
            ) % {"age": bounds.oldest_age}
        elif (
            bounds.minimum_age is not None
            and (age_on(on, date_of_birth=date_of_birth, birth_year_estimated=None) or 0) < bounds.minimum_age
        ):
            problems["date_of_birth"] = _MINIMUM_AGE % {"age": bounds.minimum_age}
    if birth_year_estimated is not None:
        if birth_year_estimated > bounds.today.year:
            problems["birth_year_estimated"] = _("The year of birth cannot be in the future.")
        # Born on 31 December of that year, the youngest the person can be.
        elif bounds.today.year - birth_year_estimated - 1 > bounds.oldest_age:
            problems["birth_year_estimated"] = _(
                "This year of birth makes the person older than %(age)d years: check the year."
            ) % {"age": bounds.oldest_age}
        # Born on 1 January of that year, the oldest the person can be.
        elif bounds.minimum_age is not None and on.year - birth_year_estimated < bounds.minimum_age:
            problems["birth_year_estimated"] = _MINIMUM_AGE % {"age": bounds.minimum_age}
    return problems


def relative_birth_year_problem(year: int, bounds: DateBounds) -> str | None:
    """A relative's year of birth: not in the future. A parent may be listed after their death, so
    the oldest age does not apply; the forms and the API refuse a year before 1900."""
    if year > bounds.today.year:
        return _("The year of birth cannot be in the future.")
    return None


def admission_date_problems(
    bounds: DateBounds,
    *,
    now: datetime,
    tz: tzinfo,
    admitted_at: datetime,
    arrested_at: datetime | None,
    order_date: date,
    next_hearing: date | None,
    date_of_birth: date | None,
    birth_year_estimated: int | None,
) -> dict[str, str]:
    """What is wrong with the dates of an admission, by field: each within the records (a hearing
    a few years ahead), the arrest and the commitment order before the admission, and a birth
    known or estimated that makes the person old enough on the day of admission."""
    problems: dict[str, str] = {}
    admitted_on = day_of(admitted_at, tz)
    admitted_problem = (
        _("The admission cannot be in the future.") if admitted_at > now else record_day_problem(admitted_on, bounds)
    )
    if date_of_birth is None and birth_year_estimated is None:
        problems["date_of_birth"] = _("Enter the date of birth or, if it is not known, an estimated year of birth.")
    problems.update(
        birth_problems(
            bounds,
            date_of_birth=date_of_birth,
            birth_year_estimated=birth_year_estimated,
            # The minimum age is reckoned on the day of admission, once that day is a plausible one.
            on=None if admitted_problem else admitted_on,
        )
    )
    if admitted_problem:
        problems["admitted_at"] = admitted_problem
    if arrested_at and arrested_at > admitted_at:
        problems["arrested_at"] = _("The arrest must come before the admission.")
    elif arrested_at and (problem := record_day_problem(day_of(arrested_at, tz), bounds)):
        problems["arrested_at"] = problem
    if order_date > admitted_on:
        problems["order_date"] = _("The commitment order must be dated on or before the admission.")
    elif problem := record_day_problem(order_date, bounds):
        problems["order_date"] = problem
    if next_hearing and (problem := record_day_problem(next_hearing, bounds, ahead=True)):
        problems["next_hearing"] = problem
    return problems


def charge_problems(
    *, legal_status: str, statuses_used: Collection[str], iccs_codes: Iterable[str], sentenced: bool
) -> dict[str, str]:
    """What is wrong with the legal situation on admission, by field: a legal status the service
    does not use, an offence outside ICCS, a sentence for someone not convicted."""
    problems: dict[str, str] = {}
    if legal_status not in statuses_used:
        problems["legal_status"] = _("This legal status is not used by this prison service.")
    for code in iccs_codes:
        if code not in iccs.CODES:
            problems["iccs_code"] = _("Unknown ICCS code: %(code)s.") % {"code": code}
    if sentenced and legal_status not in (L.CONVICTED, L.UNDER_APPEAL):
        problems["legal_status"] = _("A sentence can only be recorded for a convicted person.")
    return problems


def sentence_problems(
    bounds: DateBounds,
    *,
    imposed_on: date,
    starts_on: date,
    years: int,
    months: int,
    days: int,
    remand_credit_days: int,
    life: bool,
    earliest_fraction: float,
) -> dict[str, str]:
    """What is wrong with a sentence, by the field of the sentence form: its dates out of range, no
    length, a release date past the calendar, or more days of pre-trial detention credited than
    there are since the records begin."""
    problems: dict[str, str] = {}
    for field, day, ahead in (("sentence_imposed_on", imposed_on, False), ("sentence_starts_on", starts_on, True)):
        problem = record_day_problem(day, bounds, ahead=ahead)
        if problem:
            problems[field] = problem
    if life or problems:
        return problems
    if not (years or months or days):
        return {"years": _("A sentence must have a length.")}
    # Credit longer than the term is possible (released on sentence, time served), but the days on
    # remand lie between the arrest and the start, so after the records begin.
    if (starts_on - bounds.records_from).days < remand_credit_days:
        return {
            "remand_credit_days": _(
                "So many days of pre-trial detention would begin before %(date)s, when this service's records begin."
            )
            % {"date": date_format(bounds.records_from)}
        }
    try:
        release_dates(
            starts_on=starts_on,
            years=years,
            months=months,
            days=days,
            remand_credit_days=remand_credit_days,
            earliest_fraction=earliest_fraction,
        )
    except DateOutOfRange:
        return {"years": str(RELEASE_OUT_OF_RANGE)}
    return problems


# --- Planned moves ---------------------------------------------------------------------------

# Which status a planned move may take, and from which: a request is carried out or cancelled,
# once. A closed plan stays closed; a move asked for again is a new request.
PLANNED_MOVE_TRANSITIONS: dict[str, frozenset[str]] = {
    P.CARRIED_OUT: frozenset({P.REQUESTED}),
    P.CANCELLED: frozenset({P.REQUESTED}),
}


def planned_move_status_problem(current: str, new: str) -> str | None:
    """Why a planned move in status `current` cannot become `new`, or None."""
    if current in PLANNED_MOVE_TRANSITIONS.get(new, frozenset()):
        return None
    return _("This planned move is closed (%(status)s): it can no longer change.") % {"status": P(current).label}


@dataclass(frozen=True)
class PlannedMoveAsked:
    """A move as requested, with what the request is checked against: the prison and cell that hold
    the person now (ids) and the prison of the cell asked for."""

    kind: str
    planned_on: date
    reason: str
    held_in: Custody
    to_prison: int | None = None
    to_cell: int | None = None
    cell_prison: int | None = None


def planned_move_problems(asked: PlannedMoveAsked, bounds: DateBounds) -> dict[str, str]:
    """Why a move cannot be requested, by field; {} when it can. Where the person may be placed is
    not decided here: the placement check runs when the movement is recorded (and warns at the
    request)."""
    if asked.held_in.prison is None or asked.held_in.status in NOT_HELD:
        return {"kind": _("Only a person held in a prison can be moved.")}
    problems: dict[str, str] = {}
    if asked.kind not in PLANNED_MOVE_KINDS:
        problems["kind"] = _("Only a cell move or a transfer is requested ahead.")
    if asked.planned_on < bounds.today:
        problems["planned_on"] = _("The planned date cannot be in the past.")
    elif problem := record_day_problem(asked.planned_on, bounds, ahead=True):
        problems["planned_on"] = problem
    if asked.kind == M.TRANSFER:
        if asked.to_prison is None:
            problems["to_prison"] = _("Choose the prison.")
        elif asked.to_prison == asked.held_in.prison:
            problems["to_prison"] = _("A transfer must be to another prison.")
    if asked.kind == M.CELL_MOVE and asked.to_cell is not None:
        if asked.cell_prison != asked.held_in.prison:
            problems["to_cell"] = _("This cell is not in the prison that holds the person.")
        elif asked.to_cell == asked.held_in.cell:
            problems["to_cell"] = _("The person is already in this cell.")
    if not asked.reason.strip():
        problems["reason"] = _("Say why the move is requested.")
    return problems


def planned_move_settled_by(
    *, planned_kind: str, planned_from: int, movement_kind: str, held_in: int | None
) -> str | None:
    """What a movement just recorded does to an open planned move of the person (`held_in`: the
    prison holding them after it): carries it out when of the same kind; cancels it when the person
    is no longer held where it was planned from (a transfer, a release, an escape, a death), since
    it can no longer be made from there; None leaves it open (a court production and the return)."""
    if movement_kind == planned_kind:
        return P.CARRIED_OUT
    if held_in != planned_from:
        return P.CANCELLED
    return None


# --- The printed file (file_pdf.py, docs/file-pdf.md) ----------------------------------------

# The person's own copy of their file (Mandela Rule 9; the right of access to one's records) is
# read as a reader who holds only these rights, and those of them the member of staff printing it
# holds (selectors.own_copy_reader): the selectors then withhold everything else as they would
# from any reader, and a section's own reasons are read as that reader (a review brought forward
# by intelligence is not named as such).
OWN_COPY_RIGHTS = frozenset(
    {
        "view_prisoner_file",
        "view_family_section",
        "view_classification",
        "view_sentence_plans",
        "view_programmes",
        "view_release_plans",
        "view_measures",
        "view_incidents",
        "view_contacts",
        "view_visits",
        "view_complaints",
    }
)
# The sections the person receives: who they are, their admission and property, their legal
# situation and custody, their family as recorded, the decisions about them with their reasons
# (classification, restrictive measures), their incidents, sentence plan, programmes and release
# plan, what they were told on admission, their contacts, visits, requests and complaints.
OWN_COPY_GIVEN = frozenset(
    {
        "identity",
        "admission",
        "placement",
        "legal",
        "family",
        "custody",
        "timeline",
        "sentence_plan",
        "measures",
        "incidents",
        "programmes",
        "classification",
        "release_plan",
        "information_given",
        "contacts",
        "complaints",
        "visits",
        "print",  # the buttons that print the file: nothing of it is printed
    }
)
# The sections withheld from the person, each with the reason printed in its place.
OWN_COPY_WITHHELD: dict[str, WithheldFromPerson] = {
    "health": WithheldFromPerson.HEALTH,
    "history": WithheldFromPerson.TRAIL,
    "readers": WithheldFromPerson.TRAIL,
    "planned_moves": WithheldFromPerson.MOVES,
    "alerts": WithheldFromPerson.SAFETY,
    "assessment": WithheldFromPerson.SAFETY,
    "security": WithheldFromPerson.SAFETY,
    "intelligence": WithheldFromPerson.SAFETY,
    "networks": WithheldFromPerson.SAFETY,
}


def withheld_from_person(section: str) -> WithheldFromPerson | None:
    """Why the person's own copy does not hold `section`, or None when it does. Deny by default: a
    section nobody has decided on yet (a new app's) is withheld, saying so."""
    if section in OWN_COPY_GIVEN:
        return None
    return OWN_COPY_WITHHELD.get(section, WithheldFromPerson.UNDECIDED)


# The names a language is written down by in the file's "languages spoken", in the interface's
# languages (as officers type them: "Luganda, English", "казахский, русский", "العربية، الفرنسية").
LANGUAGE_NAMES = {
    "en": ("en", "english", "anglais", "английский", "ағылшын", "الإنجليزية", "الانجليزية", "انجليزي"),
    "fr": ("fr", "french", "français", "francais", "французский", "француз", "الفرنسية", "فرنسي"),
    "ar": ("ar", "arabic", "arabe", "арабский", "араб", "العربية", "عربي", "عربية"),
    "ru": ("ru", "russian", "russe", "русский", "орыс", "الروسية", "روسي"),
    "kk": ("kk", "kazakh", "kazakhe", "казахский", "қазақ", "қазақша", "الكازاخية", "كازاخي"),
}


def copy_language(spoken: str, offered: Collection[str], fallback: str) -> str:
    """The language of the person's own copy: the first of the languages they speak that the
    interface is offered in; otherwise `fallback`, the reader's."""
    for word in re.split(r"[,;/،؛]|\band\b|\bet\b|\bи\b|\bжәне\b|\sو", spoken.casefold()):
        name = word.strip(" .()")
        for code, names in LANGUAGE_NAMES.items():
            if code in offered and name in names:
                return code
    return fallback
