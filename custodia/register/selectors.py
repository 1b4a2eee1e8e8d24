"""Reads of the prisoner file, always through the acting user.

Need-to-know is decided here, once for every page, API answer, export and search result: a
selector keeps to the people the user may see (where they work; a former prison reads only what
it wrote), logs each read of file content (Mandela Rule 9), and hands back each section the user
may not see as a `Withheld` marker (custodia.core.withheld) that was never fetched. Views and API
handlers render what they get and write no read events themselves.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from custodia.accounts.access import FILE as FILE_RIGHT
from custodia.accounts.access import right
from custodia.accounts.selectors import prison_scope
from custodia.core import audit
from custodia.core.models import AuditEvent
from custodia.core.withheld import Why, Withheld
from custodia.estate.models import Cell, Prison
from custodia.estate.selectors import active_profile

from . import rules
from .models import (
    Admission,
    CourtCase,
    CustodyPeriod,
    FamilyMember,
    LegalStatusChange,
    Movement,
    Offence,
    Prisoner,
    PrisonerQuerySet,
    Sentence,
)

T = TypeVar("T")

# The helpers other apps scope their reads with take request.user as it comes: an anonymous user
# gets nobody (deny by default).
AnyUser = User | AnonymousUser


def _held_where_user_works(*, user: AnyUser) -> QuerySet[Prisoner]:
    """Deny by default: people held where the user works, or everyone for nationwide roles.
    Only these files can be changed."""
    if not (user and user.is_authenticated and user.is_active and user.has_perm(FILE_RIGHT)):
        return Prisoner.objects.none()
    scope = prison_scope(user)
    return Prisoner.objects.all() if scope is None else Prisoner.objects.filter(current_prison__in=scope)


def _visible_prisoners(*, user: AnyUser) -> QuerySet[Prisoner]:
    """Those held where the user works and, after a transfer or release, those once held there:
    a former prison keeps reading the records it wrote (see prisoner_file_open)."""
    scope = prison_scope(user)
    if scope is None or not user.has_perm(FILE_RIGHT):
        return _held_where_user_works(user=user)
    once_held = Exists(CustodyPeriod.objects.filter(prisoner=OuterRef("pk"), prison__in=scope))
    return Prisoner.objects.filter(Q(current_prison__in=scope) | once_held)


def visible_prisoners(*, user: AnyUser) -> QuerySet[Prisoner]:
    """For other modules' selectors: the people whose files the user may open."""
    return _visible_prisoners(user=user)


def held_where_user_works(*, user: AnyUser) -> QuerySet[Prisoner]:
    """For other modules' selectors: the people whose files the user may change."""
    return _held_where_user_works(user=user)


def terrorism_linked() -> Exists:
    """A person with any offence flagged as linked to terrorism or violent extremism (a VEP)."""
    return Exists(Offence.objects.filter(prisoner=OuterRef("pk"), terrorism_link=True))


@dataclass(frozen=True)
class PrisonerFilters:
    q: str = ""
    prison: int | None = None
    legal_status: str = ""
    sex: str = ""
    custody_status: str = ""
    vep: bool | None = None
    on_roll: bool = True


def prisoner_list(*, user: AnyUser, filters: PrisonerFilters = PrisonerFilters()) -> QuerySet[Prisoner]:
    """The index of people (names, numbers, where held): no file content, so no read is logged."""
    if filters.on_roll:
        qs: QuerySet[Prisoner] = cast(PrisonerQuerySet, _held_where_user_works(user=user)).on_roll()
    else:
        qs = _visible_prisoners(user=user)
    qs = qs.select_related("current_prison", "current_cell__unit")
    # Each word must appear in the number or in one of the names, in any order. The forms refuse a
    # search of more words; a caller that did not check still never builds a query too large for
    # SQLite (each word is one more condition).
    for word in rules.search_words(filters.q)[: rules.SEARCH_MAX_WORDS]:
        qs = qs.filter(search_text__contains=word)
    if filters.prison:
        qs = qs.filter(current_prison_id=filters.prison)
    if filters.legal_status:
        qs = qs.filter(legal_status=filters.legal_status)
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    if filters.custody_status:
        qs = qs.filter(custody_status=filters.custody_status)
    if filters.vep is not None:
        qs = qs.filter(terrorism_linked()) if filters.vep else qs.exclude(terrorism_linked())
    scope = prison_scope(user)
    # People once held here but now elsewhere or released: their present placement, legal status
    # and offences are not the former prison's records (see prisoner_file_open).
    held_elsewhere = Value(False) if scope is None else ~Q(current_prison__in=scope, current_prison__isnull=False)
    qs = qs.annotate(is_vep=terrorism_linked(), held_elsewhere=ExpressionWrapper(held_elsewhere, BooleanField()))
    return qs.order_by("display_name", "number")


# --- One person's file -----------------------------------------------------------------------

# Sections a former prison does not see: they were written, or may have changed, after the
# person left, and are shown as held by another prison rather than as empty.
HELD_ELSEWHERE = ("placement", "legal", "family", "history")
# Sections that need a right of their own, {section: right}.
SECTION_RIGHTS = {"family": right("view_family_section"), "health": right("view_health_section")}
# Who opened a file is for its director and headquarters to see, not for every reader.
READERS_RIGHT = right("view_file_readers")
# The health section of an admission: the condition on arrival, a complaint of prior
# ill-treatment and what was done about it (even whether a complaint is open tells of it).
HEALTH_FIELDS = ("visible_injuries", "ill_treatment_complaint", "ill_treatment_action", "ill_treatment_action_at")
# Who the person is: open to every reader of the file.
IDENTITY = frozenset(
    {
        "pk",
        "id",
        "number",
        "display_name",
        "sex",
        "gender_identity",
        "date_of_birth",
        "birth_year_estimated",
        "nationality",
        "languages",
        "interpreter_needed",
        "returnee",
        "created_at",
        "names",
    }
)


@dataclass(frozen=True)
class PrisonerFile:
    """One person's file as one reader may see it (see prisoner_file_open).

    Each section is what it holds or a `Withheld` marker saying why; the health fields of each
    admission (HEALTH_FIELDS) carry the marker too. Who the person is (IDENTITY) is read from
    `prisoner`, or from the file itself, so that the API answers from this one object. `prisoner`
    holds nothing of a withheld section either: its relations to them are empty."""

    prisoner: Prisoner
    admissions: list[Admission]  # newest first; at a former prison, those it made
    custody_periods: list[CustodyPeriod]
    movements: list[Movement]
    current_prison: Prison | None | Withheld
    current_cell: Cell | None | Withheld
    custody_status: str | Withheld
    # Counts the changes made after the person left too, which are not a former prison's record.
    version: int | Withheld
    legal_status: str | Withheld
    legal_status_history: list[LegalStatusChange] | Withheld
    court_cases: list[CourtCase] | Withheld  # with their hearings
    offences: list[Offence] | Withheld
    sentences: list[Sentence] | Withheld
    is_vep: bool | Withheld  # any offence linked to terrorism: part of the legal situation
    family: list[FamilyMember] | Withheld
    withheld: tuple[str, ...]  # the sections of SECTION_RIGHTS the reader holds no right to
    held_elsewhere: tuple[str, ...]  # HELD_ELSEWHERE when read by a prison that no longer holds the person

    def __getattr__(self, name: str) -> Any:
        if name in IDENTITY:
            return getattr(self.prisoner, name)
        raise AttributeError(name)


def prisoner_file_open(*, user: User, prisoner_id: int) -> PrisonerFile:
    """One person's file, for its page, the API and exports, in a fixed number of queries; the
    opening is logged (Mandela Rule 9). Prisoner.DoesNotExist for a person the user may not see.

    At a prison that held the person before a transfer or release, the file holds only what that
    prison wrote: its admissions, its custody periods and the movements it recorded; the other
    sections (HELD_ELSEWHERE) are withheld as held elsewhere."""
    scope = prison_scope(user)
    here = _held_where_user_works(user=user).filter(pk=prisoner_id)
    former: frozenset[int] | None = scope if scope is not None and not here.exists() else None
    no_right = tuple(section for section, needed in SECTION_RIGHTS.items() if not user.has_perm(needed))
    # A section withheld for both reasons shows as held elsewhere: the reason that concerns the file.
    markers = {section: Withheld(section, Why.NO_RIGHT) for section in no_right}
    markers |= {section: Withheld(section, Why.HELD_ELSEWHERE) for section in HELD_ELSEWHERE if former is not None}

    admissions = Admission.objects.select_related("prison").prefetch_related("property_items")
    if "health" in markers:
        admissions = admissions.defer(*HEALTH_FIELDS)
    periods = CustodyPeriod.objects.select_related("prison")
    movements = Movement.objects.select_related("from_prison", "to_prison", "to_cell__unit", "from_cell__unit")
    if former is not None:
        admissions = admissions.filter(prison__in=former)
        periods = periods.filter(prison__in=former)
        movements = movements.filter(_recorded_at(former))
    prisoner = (
        _visible_prisoners(user=user)
        .select_related("current_prison__region", "current_cell__unit")
        .annotate(is_vep=Value(None, BooleanField()) if "legal" in markers else terrorism_linked())
        .prefetch_related(
            "names",
            Prefetch("admissions", queryset=admissions),
            _rows(markers, "legal", "legal_status_history", LegalStatusChange.objects.all()),
            _rows(markers, "legal", "offences", Offence.objects.all()),
            _rows(markers, "legal", "sentences", Sentence.objects.all()),
            _rows(markers, "legal", "court_cases", CourtCase.objects.prefetch_related("hearings")),
            _rows(markers, "family", "family", FamilyMember.objects.all()),
            Prefetch("custody_periods", queryset=periods),
            Prefetch("movements", queryset=movements),
        )
        .get(pk=prisoner_id)
    )
    if "health" in markers:
        for admission in prisoner.admissions.all():
            for field in HEALTH_FIELDS:
                setattr(admission, field, markers["health"])
    held_elsewhere = HELD_ELSEWHERE if former is not None else ()
    # The other apps' file sections (file_sections.py) are given the record and read this on it.
    prisoner.held_elsewhere = held_elsewhere  # type: ignore[attr-defined]
    audit.record_read(actor=user, obj=prisoner)
    return PrisonerFile(
        prisoner=prisoner,
        admissions=list(prisoner.admissions.all()),
        custody_periods=list(prisoner.custody_periods.all()),
        movements=list(prisoner.movements.all()),
        current_prison=_shown(markers, "placement", prisoner.current_prison),
        current_cell=_shown(markers, "placement", prisoner.current_cell),
        custody_status=_shown(markers, "placement", prisoner.custody_status),
        version=_shown(markers, "history", prisoner.version),
        legal_status=_shown(markers, "legal", prisoner.legal_status),
        legal_status_history=_shown(markers, "legal", list(prisoner.legal_status_history.all())),
        court_cases=_shown(markers, "legal", list(prisoner.court_cases.all())),
        offences=_shown(markers, "legal", list(prisoner.offences.all())),
        sentences=_shown(markers, "legal", list(prisoner.sentences.all())),
        is_vep=_shown(markers, "legal", bool(prisoner.is_vep)),
        family=_shown(markers, "family", list(prisoner.family.all())),
        withheld=no_right,
        held_elsewhere=held_elsewhere,
    )


def _rows(markers: Mapping[str, Withheld], section: str, lookup: str, rows: QuerySet[Any]) -> "Prefetch[Any]":
    """The rows of a section, or none for a reader it is withheld from: nothing of it is fetched
    (an empty queryset asks the database nothing), and the record's relation is empty even for a
    template that reads it."""
    return Prefetch(lookup, queryset=rows.none() if section in markers else rows)


def _shown(markers: Mapping[str, Withheld], section: str, value: T) -> T | Withheld:
    return markers.get(section, value)


def _recorded_at(scope: frozenset[int]) -> Q:
    """Movements a prison recorded: those leaving it (moves, transfers, releases) and admissions into it."""
    return Q(from_prison__in=scope) | Q(from_prison__isnull=True, to_prison__in=scope)


@dataclass(frozen=True)
class FileTrail:
    """A file's audit trail as its reader may see it: the newest 50 of each."""

    history: list[AuditEvent] | Withheld  # its changes
    readers: list[AuditEvent] | Withheld  # who opened it


def prisoner_file_trail(*, user: User, file: PrisonerFile) -> FileTrail:
    """The changes of a file opened with prisoner_file_open, without the events of sections the
    user may not see (audit.events_for leaves them out), and who opened it, this opening first.
    Neither is a former prison's to see: they tell what happened after the person left."""
    if file.held_elsewhere:
        return FileTrail(Withheld("history", Why.HELD_ELSEWHERE), Withheld("readers", Why.HELD_ELSEWHERE))
    admissions = [("register.admission", admission.pk) for admission in file.admissions]
    history = audit.events_for("register.prisoner", file.prisoner.pk, user=user, related=admissions)
    if not user.has_perm(READERS_RIGHT):
        return FileTrail(history, Withheld("readers", Why.NO_RIGHT))
    return FileTrail(history, audit.events_for("register.prisoner", file.prisoner.pk, user=user, reads=True))


# The one answer to a number that finds nobody in custody, whether nobody has it or the person was
# released, escaped or died: a lookup by number must not tell anyone's custody status.
NOT_IN_CUSTODY = gettext_lazy("No person in custody has this number.")


def in_custody_by_number(number: str) -> Prisoner | None:
    """A person on a prison's roll, anywhere, by exact number: for a record that concerns someone
    held elsewhere (the other person of a non-association, a transfer's exception), named by the
    number staff were given. The callers check that the user may make such a record."""
    return Prisoner.objects.on_roll().filter(number=number.strip()).first()


def prisoner_for_change(*, user: User, prisoner_id: int) -> Prisoner:
    """The person, for the forms and calls that change the file: only where the person is held now
    (a former prison reads, never writes). None of the file's sections: a change shows none."""
    return _held_where_user_works(user=user).select_related("current_prison").get(pk=prisoner_id)


def ill_treatment_complaint_open(*, user: User, prisoner_id: int, admission_id: int) -> Admission:
    """A complaint of prior ill-treatment, for the director to record the action taken: on an
    admission of a person held where the user works. The read is logged (Rule 9)."""
    admission = Admission.objects.select_related("prisoner").get(
        pk=admission_id, prisoner_id=prisoner_id, prisoner__in=_held_where_user_works(user=user)
    )
    audit.record_read(actor=user, obj=admission.prisoner, reason="ill-treatment complaint")
    return admission


# The most complaints awaiting action that one page lists.
FLAGS_LISTED = 500


def open_ill_treatment_flags(*, user: User) -> list[Admission]:
    """Complaints of prior ill-treatment with no action recorded yet, oldest first: shown to the
    director until closed. Each is read from a person's file: the reads are logged (Rule 9)."""
    qs = Admission.objects.filter(prisoner__in=_held_where_user_works(user=user), ill_treatment_action_at__isnull=True)
    qs = qs.exclude(ill_treatment_complaint="").select_related("prisoner", "prison")
    flags = list(qs.order_by("admitted_at")[:FLAGS_LISTED])
    audit.record_reads(actor=user, objs=[flag.prisoner for flag in flags], reason="ill-treatment complaint")
    return flags


def movement_list(*, user: User, prisoner_id: int) -> list[Movement]:
    """A person's movements, oldest first; at a former prison, those it recorded. The read is logged (Rule 9)."""
    prisoner = _visible_prisoners(user=user).get(pk=prisoner_id)
    movements = prisoner.movements.select_related("from_prison", "to_prison", "from_cell__unit", "to_cell__unit")
    scope = prison_scope(user)
    if scope is not None and prisoner.current_prison_id not in scope:
        movements = movements.filter(_recorded_at(scope))
    listed = list(movements)
    audit.record_read(actor=user, obj=prisoner, reason="movements")
    return listed


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    detail: str


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _listed(section: list[T] | Withheld) -> list[T]:
    """A withheld section adds nothing to the timeline (the section itself shows the marker)."""
    return [] if isinstance(section, Withheld) else section


def prisoner_timeline(file: PrisonerFile) -> list[TimelineEntry]:
    """Every dated event of a file that its reader may see, newest first, from what prisoner_file_open read."""
    profile = active_profile()
    entries = [
        TimelineEntry(m.occurred_at, "movement", m.get_kind_display(), _movement_detail(m)) for m in file.movements
    ]
    entries += [
        TimelineEntry(_at(c.effective_on), "legal", profile.legal_status_label(c.status), c.note)
        for c in _listed(file.legal_status_history)
    ]
    entries += [
        TimelineEntry(_at(h.held_on), "hearing", f"{case.court} {case.case_number}", f"{h.purpose} {h.outcome}".strip())
        for case in _listed(file.court_cases)
        for h in case.hearings.all()
    ]
    entries += [
        TimelineEntry(_at(s.imposed_on), "sentence", gettext("Sentence imposed"), _sentence_detail(s))
        for s in _listed(file.sentences)
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _sentence_detail(sentence: Sentence) -> str:
    if sentence.life:
        return gettext("Life imprisonment")
    return gettext("%(years)s years, %(months)s months, %(days)s days") % {
        "years": sentence.years,
        "months": sentence.months,
        "days": sentence.days,
    }


def _movement_detail(movement: Movement) -> str:
    parts = []
    if movement.from_prison and movement.to_prison and movement.from_prison != movement.to_prison:
        parts.append(f"{movement.from_prison.name} → {movement.to_prison.name}")
    elif movement.to_prison:
        parts.append(movement.to_prison.name)
    if movement.to_cell:
        parts.append(str(movement.to_cell))
    parts += [movement.get_release_reason_display(), movement.reason, movement.death_circumstances]
    return " · ".join(p for p in parts if p)
