"""Pure rules of staff training: a participant's result, how long a certificate is valid and
whether it is on a day, the days of a session, certificate codes, and the reading of a staff
import line by line. No database here: the services gather the facts and these decide.

- A participant who attended fewer than the course's `attendance_needed` per cent of the session's
  days did not complete it, whatever the score; otherwise the score passes at the course's
  `pass_mark` or above (no score: failed).
- A certificate is valid from the day it is issued until `valid_until`, the first day it no
  longer counts (`validity_months` calendar months after the issue; none: it does not expire)."""

import calendar
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from custodia.register.choices import Sex

from .choices import Post, Result

# No 0/O, 1/I: a code is read aloud and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT_LANGUAGE = "en"

STAFF_COLUMNS = ("service_number", "family_name", "given_name", "rank", "post", "prison", "sex", "language")
STAFF_REQUIRED_COLUMNS = ("service_number", "family_name", "post")
# The widths of the fields of StaffMember: a longer value is a problem of the line, not a crash.
MAX_LENGTHS = {"service_number": 40, "family_name": 150, "given_name": 150, "rank": 80}
SEXES = {"male": Sex.MALE, "m": Sex.MALE, "female": Sex.FEMALE, "f": Sex.FEMALE, "": Sex.UNKNOWN}


def result_of(
    *, days_attended: int, days_held: int, score: int | None, pass_mark: int, attendance_needed: int
) -> Result:
    """Incomplete below the attendance needed (the score does not count); else passed at the pass
    mark or above, failed below it or without a score."""
    if days_attended * 100 < attendance_needed * days_held:
        return Result.INCOMPLETE
    if score is not None and score >= pass_mark:
        return Result.PASSED
    return Result.FAILED


def add_months(day: date, months: int) -> date:
    """`months` calendar months after `day`, on the month's last day when it is shorter (31 January
    and a month: 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(issued_on: date, validity_months: int | None) -> date | None:
    """The first day a certificate issued on `issued_on` no longer counts; None: it never expires."""
    if not validity_months:
        return None
    return add_months(issued_on, validity_months)


def is_valid_on(valid_until: date | None, day: date) -> bool:
    """Whether a certificate (already issued) still counts on `day`: `valid_until` is its expiry
    day, on which it no longer counts."""
    return valid_until is None or day < valid_until


def is_expiring(valid_until: date | None, day: date, within_days: int) -> bool:
    """Valid on `day` and expiring within `within_days` days (a certificate that never expires
    never is)."""
    return valid_until is not None and is_valid_on(valid_until, day) and valid_until <= day + timedelta(within_days)


def session_days(starts_on: date, ends_on: date) -> list[date]:
    """Every day of a session, the first and last included (none if it ends before it starts)."""
    return [starts_on + timedelta(days=n) for n in range((ends_on - starts_on).days + 1)]


def new_certificate_code() -> str:
    """A random code of twelve characters, grouped by four (XXXX-XXXX-XXXX): 32^12, about 10^18."""
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_GROUP_LENGTH)) for _g in range(CODE_GROUPS)
    )


def normalise_code(text: str) -> str | None:
    """A code as typed (any case, with or without dashes or spaces) in its printed form; None when
    it cannot be one (wrong length or a character not in the alphabet)."""
    plain = "".join(ch for ch in text.upper() if ch not in "- \t")
    if len(plain) != CODE_GROUPS * CODE_GROUP_LENGTH or any(ch not in CODE_ALPHABET for ch in plain):
        return None
    return "-".join(plain[i : i + CODE_GROUP_LENGTH] for i in range(0, len(plain), CODE_GROUP_LENGTH))


# --- staff import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    line: int  # the file's line: the header is line 1
    field: str  # the column, or "" for the whole file
    message: str


@dataclass(frozen=True)
class StaffRow:
    """One line of a staff import, checked: `known` when its service number is already recorded
    (the line then updates that record)."""

    line: int
    service_number: str
    family_name: str
    given_name: str
    rank: str
    post: str
    prison_id: int | None
    sex: str
    language: str
    known: bool = False

    def values(self) -> dict[str, str | int | None]:
        """The fields of StaffMember the line sets, by name."""
        return {
            "service_number": self.service_number,
            "family_name": self.family_name,
            "given_name": self.given_name,
            "rank": self.rank,
            "post": self.post,
            "prison_id": self.prison_id,
            "sex": self.sex,
            "language": self.language,
        }


def post_of(text: str) -> str | None:
    """A Post from its code or its English label, in any case; None for anything else."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    with translation.override("en"):
        for post in Post:
            if wanted in (post.value.casefold(), str(post.label).casefold()):
                return post.value
    return None


def sex_of(text: str) -> str | None:
    return SEXES.get(text.strip().casefold())


def language_of(text: str) -> str | None:
    code = text.strip().casefold() or DEFAULT_LANGUAGE
    return code if code in LANGUAGES else None


def parse_staff_rows(
    rows: list[dict[str, str]], *, prisons_by_code: dict[str, int], known_numbers: set[str]
) -> tuple[list[StaffRow], list[RowProblem]]:
    """The lines of a staff file (each a dict by column, as read_table gives them, the first line
    after the header being line 2) checked one by one: the lines that are right and every problem
    of the others. A line with nothing in it is passed over; a service number given twice in the
    file (in any case) is a problem of the second line. Service numbers compare in any case."""
    if not rows:
        return [], [RowProblem(1, "", _("The file has no lines under its header."))]
    present: set[str] = set().union(*(row.keys() for row in rows))
    missing = [column for column in STAFF_REQUIRED_COLUMNS if column not in present]
    if missing:
        message = _("The file has no column %(columns)s (the first line names the columns).")
        return [], [RowProblem(1, column, message % {"columns": column}) for column in missing]
    problems: list[RowProblem] = []
    prisons = {code.strip().casefold(): pk for code, pk in prisons_by_code.items()}
    known = {number.casefold() for number in known_numbers}
    first_line: dict[str, int] = {}
    found: list[StaffRow] = []
    for index, raw in enumerate(rows):
        line = index + 2
        row = {column: (raw.get(column) or "").strip() for column in STAFF_COLUMNS}
        if not any(value.strip() for value in raw.values() if value):
            continue
        mine: list[RowProblem] = []
        number = row["service_number"]
        if not number:
            mine.append(RowProblem(line, "service_number", _("Give the service number.")))
        elif number.casefold() in first_line:
            mine.append(
                RowProblem(
                    line,
                    "service_number",
                    _("Service number %(number)s is already on line %(line)s of this file.")
                    % {"number": number, "line": first_line[number.casefold()]},
                )
            )
        else:
            first_line[number.casefold()] = line
        if not row["family_name"]:
            mine.append(RowProblem(line, "family_name", _("Give the family name.")))
        for column, longest in MAX_LENGTHS.items():
            if len(row[column]) > longest:
                mine.append(RowProblem(line, column, _("At most %(count)s characters.") % {"count": longest}))
        post = post_of(row["post"])
        if post is None:
            mine.append(
                RowProblem(
                    line,
                    "post",
                    _("“%(value)s” is not a post: give one of %(posts)s.")
                    % {"value": row["post"], "posts": ", ".join(Post.values)},
                )
            )
        prison_id: int | None = None
        if row["prison"]:
            prison_id = prisons.get(row["prison"].casefold())
            if prison_id is None:
                mine.append(
                    RowProblem(line, "prison", _("No prison has the code “%(value)s”.") % {"value": row["prison"]})
                )
        sex = sex_of(row["sex"])
        if sex is None:
            mine.append(
                RowProblem(line, "sex", _("“%(value)s” is not a sex: male, female, m or f.") % {"value": row["sex"]})
            )
        language = language_of(row["language"])
        if language is None:
            mine.append(
                RowProblem(
                    line,
                    "language",
                    _("“%(value)s” is not a language: give one of %(codes)s.")
                    % {"value": row["language"], "codes": ", ".join(LANGUAGES)},
                )
            )
        if mine:
            problems.extend(mine)
            continue
        found.append(
            StaffRow(
                line=line,
                service_number=number,
                family_name=row["family_name"],
                given_name=row["given_name"],
                rank=row["rank"],
                post=post or Post.OTHER,
                prison_id=prison_id,
                sex=sex or Sex.UNKNOWN,
                language=language or DEFAULT_LANGUAGE,
                known=number.casefold() in known,
            )
        )
    if not found and not problems:
        problems.append(RowProblem(1, "", _("The file has no lines under its header.")))
    return found, problems
