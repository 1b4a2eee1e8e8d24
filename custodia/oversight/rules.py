"""Pure rules of the UN-CTS figures (docs/uncts.md): the reference date, the UN-CTS category of a
legal status, the legal status on a day from the file's history, who awaits trial, the most serious
offence, and the count of people held at many moments in one sweep over their custody periods.
No database: oversight/uncts.py reads the rows and hands them here."""

import calendar
from bisect import bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TypeVar

from custodia.register import iccs
from custodia.register import rules as register_rules
from custodia.register.choices import LegalStatus as L

from .choices import UnctsStatus

K = TypeVar("K", bound=Hashable)

# UN-CTS counts as unsentenced whoever awaits a first decision on guilt; a person sentenced at first
# instance and appealing is sentenced. A civil debtor is held, but not for a criminal offence.
UNCTS_STATUS: dict[str, UnctsStatus] = {
    L.PRE_TRIAL: UnctsStatus.UNSENTENCED,
    L.CONVICTED: UnctsStatus.SENTENCED,
    L.UNDER_APPEAL: UnctsStatus.SENTENCED,
    L.CIVIL: UnctsStatus.OTHER,
}

# The ICCS sections from the most serious down: the file records no penalty for each offence, so
# the offence that outweighs the others is the one of the gravest section, by this order (deaths,
# sexual violence, harm to the person, robbery, public safety and state security with terrorism,
# drugs, fraud and corruption, property, public order, environment, other). Within a section the
# lower code is the graver (0101 intentional homicide before 0103 non-intentional homicide).
SECTION_SERIOUSNESS = ("01", "03", "02", "04", "09", "06", "07", "05", "08", "10", "11")


def reference_date(year: int, today: date) -> date:
    """UN-CTS counts the people held on 31 December; for the year under way, today."""
    if year > today.year:
        raise ValueError(f"{year} has not begun")
    return today if year == today.year else date(year, 12, 31)


def end_of(day: date, tz: tzinfo) -> datetime:
    """The moment a day ends (midnight, local time): the people held on a day are those held then."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)


def held_at(started_at: datetime, ended_at: datetime | None, moment: datetime) -> bool:
    """A custody period holds its person at `moment` if it began before and had not ended: of a
    transfer at the moment itself, the period ending counts, the one beginning does not."""
    return started_at < moment and (ended_at is None or moment <= ended_at)


def uncts_status(legal_status: str | None) -> UnctsStatus:
    if legal_status is None:
        return UnctsStatus.UNKNOWN
    return UNCTS_STATUS.get(legal_status, UnctsStatus.UNKNOWN)


def status_on(changes: Sequence[tuple[date, int, str]], day: date) -> str | None:
    """The legal status on `day`: of the changes (effective date, id, status) of one person, the
    last in force by then (the later recorded of two on the same day); None before the first."""
    in_force = [change for change in changes if change[0] <= day]
    return max(in_force)[2] if in_force else None


def changed_after(changes: Sequence[tuple[date, int, str]], day: date) -> bool:
    return any(effective_on > day for effective_on, _id, _status in changes)


def awaiting_trial(status: UnctsStatus, *, convicted_offence: bool, changed_since: bool) -> bool:
    """An unsentenced person awaits trial unless already convicted and awaiting sentence. The file
    dates a conviction only through the change of legal status that follows it: a person whose
    status has not changed since the day and whose file records a convicted offence was convicted
    before and awaits sentence; one whose status changed since was still unconvicted on the day."""
    return status == UnctsStatus.UNSENTENCED and not (convicted_offence and not changed_since)


def most_serious_section(codes: Iterable[str]) -> str:
    """The ICCS section of the most serious of the offences (SECTION_SERIOUSNESS); "" for none."""
    ranked = sorted(
        (SECTION_SERIOUSNESS.index(section), code)
        for code in codes
        if (section := iccs.section_of(code)) in SECTION_SERIOUSNESS
    )
    return SECTION_SERIOUSNESS[ranked[0][0]] if ranked else ""


def is_juvenile(born_on: date | None, birth_year: int | None, day: date, juvenile_age: int) -> bool:
    """Under the juvenile age on `day`, reckoned as the statistics page reckons it
    (register.rules.juvenile_birth_cutoffs): with only an estimated year, by the year."""
    by_date, by_year = register_rules.juvenile_birth_cutoffs(day, juvenile_age)
    if born_on is not None:
        return born_on > by_date
    return birth_year is not None and birth_year > by_year


def month_ends(first: date, last: date) -> list[date]:
    """The last day of each month from `first`'s to `last`'s, the last one being `last` itself
    (today, in the month under way)."""
    days = []
    year, month = first.year, first.month
    while (year, month) < (last.year, last.month):
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    days.append(last)
    return days


def status_spans(changes: Sequence[tuple[date, int, str]], tz: tzinfo) -> list[tuple[datetime, datetime | None, str]]:
    """A person's legal statuses as spans of time: each from the start of its effective day to the
    start of the next change's (None: still in force)."""
    ordered = sorted(changes)
    starts = [datetime.combine(effective_on, time(), tzinfo=tz) for effective_on, _id, _status in ordered]
    return [
        (starts[i], starts[i + 1] if i + 1 < len(ordered) else None, status)
        for i, (_effective_on, _id, status) in enumerate(ordered)
    ]


def overlap(
    a: tuple[datetime, datetime | None], b: tuple[datetime, datetime | None]
) -> tuple[datetime, datetime | None] | None:
    """The common part of two spans (None for an end still open), or None if they do not meet."""
    start = max(a[0], b[0])
    ends = [end for end in (a[1], b[1]) if end is not None]
    end = min(ends) if ends else None
    return None if end is not None and end <= start else (start, end)


def counts_at(spans: Iterable[tuple[datetime, datetime | None, K]], moments: Sequence[datetime]) -> list[Counter[K]]:
    """For each moment (in order), how many spans of each key hold at it (held_at), in one sweep:
    a span adds one from the first moment after its start and takes it back after its end, so the
    work grows with the spans and the moments, not with their product."""
    changes: list[Counter[K]] = [Counter() for _moment in range(len(moments) + 1)]
    for start, end, key in spans:
        first = bisect_right(moments, start)  # the first moment after the start
        after = len(moments) if end is None else bisect_right(moments, end)  # a span holds at its end
        if first < after:
            changes[first][key] += 1
            changes[after][key] -= 1
    counts: list[Counter[K]] = []
    running: Counter[K] = Counter()
    for i in range(len(moments)):
        running.update(changes[i])
        counts.append(+running)
    return counts


def share(part: int, whole: int) -> float | None:
    """Part of the whole in per cent, to one decimal; None of nothing."""
    return round(100 * part / whole, 1) if whole else None
