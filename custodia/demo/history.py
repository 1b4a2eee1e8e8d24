"""Years of history before today (`manage.py demo --years N`): the people who came and went.

At national scale a prison service admits and releases tens of thousands of people a year, and
its audit trail grows by millions of events: this adds N years of them after the normal build,
so that the audit trail, the file page, the statistics and the worklists can be measured with
the history a service in use has. Everyone added here was admitted in those years and released
before today, so nothing of today's figures changes (the roll, legal statuses, VEPs, occupancy,
the UN-CTS reference date, the worklists, the reviews due and the people unclassified, which
count people held); only the past does (the trends by month count the custody periods of those
years; the classification oversight counts the decisions made in them).

Each file is made by the demo's own FileMaker (demo/files.py) from a planned Person, so its
movements go through the register's movement rule (rules.movement_problems and
rules.movement_effect) like every other file of the demo. The case work of its stays is made by
demo/casework.py with the pure rules the services apply: final risk and needs assessments (the
general screening, and the women's needs assessment for women; the history makes no one linked
to violent extremism, so no VEP assessment), started, rated, submitted and countersigned within
each stay, and after each a classification decision at the level the system computes, proposed
and approved, superseding the one in force. The audit events are those the services write for
the same steps (register services.prisoner_admit, readmit, movement_record, legal_status_change;
assessment_start, assessment_rate, assessment_submit, assessment_countersign;
classification_propose, classification_approve and the supersession it makes), with the same
actions, changes and reasons, at the times the steps happened, hashed and chained by
core.audit.append_past. Files, case work and events are written a month of admissions at a time,
each month in its own transaction, so memory stays constant and an interrupted run leaves whole
months and a valid chain.

Ids of these events come after those of the build, whose services ran today: the events of one
file are in the order they happened, but the trail is not in order of time across files (as
when the history of an earlier system is brought over).

Uganda at scale 0.05 with one year (SQLite, a 2-core machine shared with other work): 1,714
people, 1,889 assessments, 1,766 decisions and 25,883 audit events in 3.2-3.9 s, where the
movements alone gave 14,351 events in 1.7-1.9 s.
"""

import time as clock
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from random import Random
from typing import Any

from django.db import transaction

from custodia.classification.queries import SENTENCE_FIELDS
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.profiles import Profile
from custodia.register import rules
from custodia.register.choices import MovementKind as M
from custodia.register.models import Prisoner, PrisonerNumberCounter

from . import builder
from .casework import CaseWork, FileFacts, Timed
from .files import FileMaker, Staff, Tables
from .records import RELEASED, Person, PrisonRec
from .scenarios import Scenario
from .styles import STYLES
from .texts import TEXTS
from .writer import reset_sequences

# People admitted, and released since, per year of history, as a share of today's roll: most
# of those who come in are remanded for weeks or months and leave on bail, acquitted or at the
# end of a short sentence (Uganda's roll of 63,581 turns over more than once a year). With the
# events of their movements this gave Uganda at scale 1.0 about 400,000 audit events a year; with
# their case work (demo/casework.py) it gives about 950,000 (2,868,445 for three years, measured).
ADMISSIONS_PER_YEAR = 0.8
# The last admissions of the history are this many days before today: time to be tried and
# released before today, so that no one added here is on the roll.
LAST_ADMISSION_DAYS = 120
PRISONER = Prisoner._meta.label_lower

Progress = Callable[[str], None]


@dataclass
class HistoryMade:
    years: int
    people: int = 0
    rows: int = 0
    events: int = 0
    assessments: int = 0  # final risk and needs assessments (demo/casework.py)
    decisions: int = 0  # classification decisions
    seconds: float = 0.0


class _Recorder(FileMaker):
    """The demo's FileMaker that also keeps, for each movement it writes, what the movement
    service would have recorded in the audit trail."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.moves: list[tuple[rules.Custody, rules.Move, rules.MovementEffect]] = []

    def write_movement(self, pid: int, before: rules.Custody, move: rules.Move, effect: rules.MovementEffect) -> None:
        super().write_movement(pid, before, move, effect)
        self.moves.append((before, move, effect))


def make_history(
    *,
    country: str,
    profile: Profile,
    scenario: Scenario,
    prisons: list[PrisonRec],
    staff: Staff,
    today: date,
    years: int,
    seed: int,
    tz: Any,
    progress: Progress = lambda line: None,
) -> HistoryMade:
    """Admit and release the people of `years` years before `today`, month by month."""
    started = clock.monotonic()
    made = HistoryMade(years)
    if years <= 0:
        return made
    # Its own random stream: the build before it is the same with or without history.
    rng = Random(f"history-{seed}-{years}")
    tables = Tables()
    maker = _Recorder(
        country=country,
        profile=profile,
        style=STYLES[country],
        texts=TEXTS[country],
        rng=rng,
        today=today,
        tz=tz,
        prisons=prisons,
        staff=staff,
        tables=tables,
    )
    # The case work draws from a stream of its own: the files are the same with or without it.
    casework = CaseWork(
        country=country, profile=profile, prisons=prisons, rng=Random(f"history-casework-{seed}-{years}"), tz=tz
    )
    template = profile.prisoner_number.template
    counters = dict(PrisonerNumberCounter.objects.values_list("prefix", "last_value"))
    per_year = max(1, round(scenario.population * ADMISSIONS_PER_YEAR))
    first = rules.add_months(today, -12 * years).toordinal()
    last = today.toordinal() - LAST_ADMISSION_DAYS
    for month_first, month_last in _months(first, last):
        count = _share(per_year, month_last - month_first + 1, rng)
        with transaction.atomic():
            casework.publish()
            people = _people(prisons, scenario, count, rng)
            for person in people:
                maker.plan(person)
                person.admitted = rng.randint(month_first, month_last)
            people.sort(key=lambda p: (p.admitted, p.minute))
            for person in people:
                year = date.fromordinal(person.admitted).year
                prefix = rules.prisoner_number_prefix(template, year=year)
                counters[prefix] = counters.get(prefix, 0) + 1
                person.number = rules.format_prisoner_number(template, year=year, seq=counters[prefix])
            events: list[audit.PastEvent] = []
            for person in people:
                statuses_before, sentences_before = len(tables.statuses.rows), len(tables.sentences.rows)
                admissions_before = len(tables.admissions.rows)
                pid = tables.prisoners.next_id
                maker.moves = []
                maker.make(person)
                file = _file_facts(person, pid, tables, statuses_before, sentences_before, admissions_before)
                done = casework.make(file, maker.moves)
                events.extend(_events(person, pid, maker, tables.statuses, statuses_before, staff, done))
            made.rows += tables.flush() + casework.flush()
            made.assessments, made.decisions = casework.assessments.written, casework.decisions.written
            # The sequences and counters follow each month, so that a run stopped between months
            # leaves a database the services can write on.
            reset_sequences(tables.all() + casework.tables())
            _raise_counters(counters)
            made.events += audit.append_past(events)
        made.people += len(people)
        progress(
            f"history {date.fromordinal(month_first):%Y-%m}: {made.people:,} people admitted and released, "
            f"{made.assessments:,} assessments, {made.decisions:,} classification decisions, "
            f"{made.events:,} audit events"
        )
    builder._analyze()
    made.seconds = clock.monotonic() - started
    return made


def _months(first: int, last: int) -> Iterator[tuple[int, int]]:
    """(first day, last day) of each calendar month from `first` to `last`, cut to them."""
    day = date.fromordinal(first)
    while day.toordinal() <= last:
        following = rules.add_months(day.replace(day=1), 1)
        yield day.toordinal(), min(last, following.toordinal() - 1)
        day = following


def _share(per_year: int, days: int, rng: Random) -> int:
    """Admissions in `days` days at `per_year` a year, the fraction left to chance."""
    expected = per_year * days / 365.25
    whole = int(expected)
    return whole + (rng.random() < expected - whole)


def _people(prisons: list[PrisonRec], scenario: Scenario, count: int, rng: Random) -> list[Person]:
    """`count` people who were released, placed as the builder places those no longer on roll
    (the same rule: pre-trial releases where remand prisoners are held, and so on). None is a
    VEP on probation, an escapee or a death: those are figures of their own."""
    wanted = replace(scenario, released=count, escaped=0, deceased=0, vep_probation=0)
    people = builder._not_on_roll(prisons, wanted, STYLES[scenario.country], rng)
    assert all(person.outcome == RELEASED and not person.vep for person in people)
    return people


def _file_facts(
    person: Person, pid: int, tables: Tables, statuses_before: int, sentences_before: int, admissions_before: int
) -> FileFacts:
    """What the case work reads of the file just made: the person, their legal statuses, sentences
    and admissions."""
    prisoner = tables.prisoners.rows[-1]
    assert prisoner[0] == pid
    statuses, sentences, admissions = tables.statuses, tables.sentences, tables.admissions

    def at(table: Any, name: str) -> int:
        return 1 + table.columns.index(name)

    status, recorded_at = at(statuses, "status"), at(statuses, "recorded_at")
    imposed_on, admitted_at = at(sentences, "imposed_on"), at(admissions, "admitted_at")
    facts = [at(sentences, name) for name in SENTENCE_FIELDS]
    return FileFacts(
        pid=pid,
        sex=person.sex,
        date_of_birth=prisoner[at(tables.prisoners, "date_of_birth")],
        birth_year_estimated=prisoner[at(tables.prisoners, "birth_year_estimated")],
        statuses=[(row[recorded_at], row[status]) for row in statuses.rows[statuses_before:]],
        sentences=[(row[imposed_on], tuple(row[i] for i in facts)) for row in sentences.rows[sentences_before:]],
        admissions=[(row[admitted_at], row[0]) for row in admissions.rows[admissions_before:]],
    )


def _events(
    person: Person,
    pid: int,
    maker: _Recorder,
    statuses: Any,
    statuses_before: int,
    staff: Staff,
    casework: list[Timed],
) -> list[audit.PastEvent]:
    """The audit events of one file, in the order they happened: its movements and legal statuses,
    then its case work (demo/casework.py) among them."""
    object_id = str(pid)
    status_at = 1 + statuses.columns.index("status")
    recorded_at = 1 + statuses.columns.index("recorded_at")
    note_at = 1 + statuses.columns.index("note")
    rows = statuses.rows[statuses_before:]
    timed: list[tuple[datetime, int, audit.PastEvent]] = []
    admitted_as = [row[status_at] for row in rows if row[note_at] == maker.texts.note_admission]
    legal = rows[0][status_at] if rows else ""
    admissions = 0
    for before, move, effect in maker.moves:
        after = effect.after
        if move.kind == M.ADMISSION:
            status = admitted_as[admissions] if admissions < len(admitted_as) else legal
            if admissions == 0:
                action = AuditAction.PRISONER_ADMIT
                changes: dict[str, Any] = {
                    "number": [None, person.number],
                    "prison": [None, effect.to_prison],
                    "legal_status": [None, status],
                }
            else:
                action = AuditAction.PRISONER_READMIT
                changes = audit.changes_of(
                    custody_status=(before.status, after.status),
                    prison=(before.prison, after.prison),
                    cell=(before.cell, after.cell),
                    legal_status=(legal, status),
                )
            legal = status
            admissions += 1
            reason = ""
        else:
            action = AuditAction.of_movement(move.kind)
            changes = audit.changes_of(
                custody_status=(before.status, after.status),
                prison=(before.prison, after.prison),
                cell=(before.cell, after.cell),
            )
            reason = move.reason or move.release_reason or move.death_circumstances
        recorder = staff.reception if move.kind in (M.ADMISSION, M.RELEASE) else staff.wing
        timed.append(
            (
                move.occurred_at,
                len(timed),
                audit.PastEvent(move.occurred_at, recorder, action, PRISONER, object_id, changes, reason),
            )
        )
    # Each change of legal status after admission (services.legal_status_change).
    previous = ""
    for row in rows:
        status, note = row[status_at], row[note_at]
        if note != maker.texts.note_admission and previous and status != previous:
            at = row[recorded_at]
            changes = audit.changes_of(legal_status=(previous, status))
            event = audit.PastEvent(
                at, staff.reception, AuditAction.PRISONER_LEGAL_STATUS, PRISONER, object_id, changes, note
            )
            timed.append((at, len(timed), event))
        previous = status
    timed += [(at, len(timed) + n, event) for n, (at, event) in enumerate(casework)]
    timed.sort(key=lambda item: (item[0], item[1]))
    return [event for _at, _n, event in timed]


def _raise_counters(counters: dict[str, int]) -> None:
    for prefix, last in counters.items():
        counter, _created = PrisonerNumberCounter.objects.get_or_create(prefix=prefix)
        if counter.last_value < last:
            counter.last_value = last
            counter.save(update_fields=["last_value"])
