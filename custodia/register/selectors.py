"""Reads of the prisoner file, always through the acting user.

Need-to-know is decided here, once for every page, API answer, export and search result: a
selector keeps to the people the user may see (where they work; a former prison reads only what
it wrote), logs each read of file content (Mandela Rule 9), and hands back each section the user
may not see as a `Withheld` marker (custodia.core.withheld) that was never fetched. Views and API
handlers render what they get and write no read events themselves.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from copy import copy as shallow_copy
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar, cast, overload

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from custodia.accounts.access import FILE as FILE_RIGHT
from custodia.accounts.selectors import prison_scope
from custodia.core import audit
from custodia.core.days import day_start
from custodia.core.forms import LARGEST_ID
from custodia.core.models import AuditEvent
from custodia.core.rights import right
from custodia.core.withheld import Why, Withheld
from custodia.estate.models import Cell, Prison
from custodia.estate.selectors import active_profile

from . import duplicate_rules, models, name_keys, rules
from .choices import FileCopy, MoveDirection, MovementKind, OffenceStatus, PlannedMoveStatus
from .models import (
    Admission,
    CustodyPeriod,
    Movement,
    Offence,
    Photograph,
    PlannedMove,
    Prisoner,
    PrisonerNameKey,
    PrisonerQuerySet,
)
from .presenters import ShownEvent, file_history, system_note

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
    # A file merged into another (duplicate_merge) is nobody's to list or open: its records are on
    # the file kept, and its address leads there (merged_into_visible).
    files = Prisoner.objects.filter(merged_into__isnull=True)
    return files if scope is None else files.filter(current_prison__in=scope)


def _visible_prisoners(*, user: AnyUser) -> QuerySet[Prisoner]:
    """Those held where the user works and, after a transfer or release, those once held there:
    a former prison keeps reading the records it wrote (see prisoner_file_open)."""
    scope = prison_scope(user)
    if scope is None or not user.has_perm(FILE_RIGHT):
        return _held_where_user_works(user=user)
    once_held = Exists(CustodyPeriod.objects.filter(prisoner=OuterRef("pk"), prison__in=scope))
    return Prisoner.objects.filter(Q(current_prison__in=scope) | once_held, merged_into__isnull=True)


def files_merged_into(prisoner: Prisoner) -> list[tuple[int, str]]:
    """The files merged into this one (duplicate_merge), id and number, by number. Ordered here
    rather than by the model's name order: sorting by name made SQLite walk the name index over
    every file rather than look up the few merged ones by the merged_into index."""
    return sorted(prisoner.merged_files.order_by().values_list("pk", "number"), key=lambda file: file[1])


def merged_into_visible(*, user: AnyUser, prisoner_id: int) -> Prisoner | None:
    """The file a file was merged into, when the user may open it: where the merged file's
    address leads."""
    if not 0 < prisoner_id <= LARGEST_ID:  # the reverse relation's lookup would overflow SQLite's integers
        return None
    return _visible_prisoners(user=user).filter(merged_files=prisoner_id).first()


def visible_prisoners(*, user: AnyUser) -> QuerySet[Prisoner]:
    """For other modules' selectors: the people whose files the user may open."""
    return _visible_prisoners(user=user)


def file_visible(*, user: AnyUser, person: str = "prisoner_id") -> Exists:
    """visible_prisoners() as a condition on rows about a person (their plans, assessments,
    decisions), `person` naming the person's id in the outer query. A correlated EXISTS checks
    only the rows asked for; `prisoner__in=visible_prisoners()` would first list every person the
    user may see (the whole prison, on SQLite), even to open one record."""
    return Exists(_visible_prisoners(user=user).filter(pk=OuterRef(person)))


def held_where_user_works(*, user: AnyUser) -> QuerySet[Prisoner]:
    """For other modules' selectors: the people whose files the user may change."""
    return _held_where_user_works(user=user)


def terrorism_linked(person: str = "pk", *, convicted: bool = False) -> Exists:
    """The one definition of a person linked to violent extremism (a VEP): any offence flagged as
    linked to terrorism or violent extremism; with `convicted`, a conviction for one. `person`
    names the person's id in the outer query: "pk" for people, "prisoner_id" for the rows of
    their assessments or decisions."""
    offences = Offence.objects.filter(prisoner=OuterRef(person), terrorism_link=True)
    return Exists(offences.filter(status=OffenceStatus.CONVICTED) if convicted else offences)


def is_vep(prisoner_id: int) -> bool:
    """terrorism_linked() for one person."""
    return Prisoner.objects.filter(pk=prisoner_id).filter(terrorism_linked()).exists()


@dataclass(frozen=True)
class PrisonerFilters:
    q: str = ""
    prison: int | None = None
    legal_status: str = ""
    sex: str = ""
    custody_status: str = ""
    vep: bool | None = None
    on_roll: bool = True
    unit: int | None = None
    without_cell: bool = False
    hearing: str = ""  # a window of rules.date_window: a court hearing then
    release: str = ""  # a window of rules.date_window: the full-term release date then


def _prisoner_index(*, user: AnyUser, filters: PrisonerFilters) -> QuerySet[Prisoner]:
    """The people the filters ask for but the search of names: scoped to what the user may see."""
    if filters.on_roll:
        qs: QuerySet[Prisoner] = cast(PrisonerQuerySet, _held_where_user_works(user=user)).on_roll()
    else:
        qs = _visible_prisoners(user=user)
    # A word with a digit is searched in the number (and the names, as before): each must appear.
    # The forms refuse a search of more words; a caller that did not check still never builds a
    # query too large for SQLite (each word is one more condition).
    for word in _number_words(filters.q):
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
    if filters.unit:
        qs = qs.filter(current_cell__unit_id=filters.unit)
    if filters.without_cell:
        qs = qs.filter(current_cell__isnull=True)
    return _by_dates(qs, user=user, filters=filters)


def _as_rows(qs: QuerySet[Prisoner], *, user: AnyUser) -> QuerySet[Prisoner]:
    """The people of the index with what a row of the list shows."""
    scope = prison_scope(user)
    # People once held here but now elsewhere or released: their present placement, legal status
    # and offences are not the former prison's records (see prisoner_file_open).
    held_elsewhere = Value(False) if scope is None else ~Q(current_prison__in=scope, current_prison__isnull=False)
    return qs.select_related("current_prison", "current_cell__unit").annotate(
        is_vep=terrorism_linked(),
        held_elsewhere=ExpressionWrapper(held_elsewhere, BooleanField()),
        photograph_id=current_photograph(),
    )


def prisoner_list(*, user: AnyUser, filters: PrisonerFilters = PrisonerFilters()) -> QuerySet[Prisoner]:
    """The index of people (names, numbers, where held): no file content, so no read is logged.
    A search of names keeps the people prisoner_search finds, here in the order of their names."""
    qs = _prisoner_index(user=user, filters=filters)
    if _name_text(filters.q):
        qs = qs.filter(pk__in=[found.pk for found in _names_found(qs, filters.q)])
    return _as_rows(qs, user=user).order_by("display_name", "number")


def prisoner_search(
    *, user: AnyUser, filters: PrisonerFilters = PrisonerFilters()
) -> "QuerySet[Prisoner] | RankedPrisoners":
    """prisoner_list, a search of names ranked by similarity (exact matches first, then
    transliterations and spelling variants; docs/search.md), each person found with why
    (`search_match`). The same people as prisoner_list: the same scope, the same filters."""
    if not _name_text(filters.q):
        return prisoner_list(user=user, filters=filters)
    qs = _prisoner_index(user=user, filters=filters)
    return RankedPrisoners(_as_rows(qs, user=user), _names_found(qs, filters.q))


# A search of names answers at most this many people, the closest: a name that common is
# narrowed by another word or a filter, not read through thousands of rows.
SEARCH_LIMIT = 500


def _number_words(q: str) -> list[str]:
    return [w for w in rules.search_words(q)[: rules.SEARCH_MAX_WORDS] if any(ch.isdigit() for ch in w)]


def _name_text(q: str) -> str:
    """The words of a search that are searched as names: those without a digit."""
    return " ".join(w for w in rules.search_words(q)[: rules.SEARCH_MAX_WORDS] if not any(ch.isdigit() for ch in w))


@dataclass(frozen=True)
class _Found:
    pk: int
    match: name_keys.SearchMatch


# How many people found by their keys a search reads and ranks at most: those found by the Latin
# forms of every word first (as written, or through a transliteration), then the others, each in
# the order of their names. Only a search of one common name finds more ("Mohamed").
CANDIDATES_READ = 500
# A search whose every word finds someone but that finds nobody by all of them together is tried
# again with each word left out in turn (a spelling no key meets: Vicent for Vincent), when the
# other words find at most this many people: rapidfuzz then decides on every word.
RELAXED_READ = 500


@dataclass(frozen=True)
class _WordIds:
    """The people a word of a search finds by its keys: `strong`, by its Latin forms."""

    all: frozenset[int]
    strong: frozenset[int]


# A word is also looked for as the beginning of names ("muk" for Mukasa) when its own keys find
# fewer people than this: a word typed whole and common ("Ali") is not read as the start of
# thousands of others (Alimov, Alisher...).
PREFIX_BELOW = 100


def _word_ids(word: name_keys.QueryWord) -> _WordIds:
    """The people a word finds by its keys (one query, on the index of keys alone), and by the
    keys its beginning begins (a second, for a word that finds few)."""
    strong_keys = word.strong
    every: set[int] = set()
    strong: set[int] = set()
    for prisoner_id, key in PrisonerNameKey.objects.filter(key__in=sorted(word.keys)).values_list("prisoner_id", "key"):
        every.add(prisoner_id)
        if key in strong_keys:
            strong.add(prisoner_id)
    if word.prefix and len(every) < PREFIX_BELOW:
        end = name_keys.prefix_end(word.prefix)
        begun = PrisonerNameKey.objects.filter(key__gte=word.prefix, **({"key__lt": end} if end else {}))
        every.update(begun.values_list("prisoner_id", flat=True))
    return _WordIds(frozenset(every), frozenset(strong))


def _intersection(sets: Iterable[frozenset[int]]) -> set[int]:
    ordered = sorted(sets, key=len)
    return set(ordered[0]).intersection(*ordered[1:]) if ordered else set()


Row = tuple[int, str, str, str]
ROW_COLUMNS = ("pk", "search_text", "display_name", "number")


def _candidate_rows(qs: QuerySet[Prisoner], ids: set[int], limit: int) -> list[Row]:
    """The people of `qs` (its scope and filters) among `ids`, at most `limit` in the order of
    their names."""
    if not ids or limit <= 0:
        return []
    chosen = qs.filter(pk__in=sorted(ids)).values_list(*ROW_COLUMNS)
    return list(chosen if len(ids) <= limit else chosen.order_by("display_name", "number")[:limit])


def _names_found(qs: QuerySet[Prisoner], q: str) -> list[_Found]:
    """The people of `qs` whose names match the search, closest first (at most SEARCH_LIMIT):
    candidates by their keys (every word of the search must meet one of its keys: one query a
    word, on the index of keys alone), read from `qs` (one query, or two for a common name: the
    scope and the filters apply), ranked by name_keys.best_match on the names their search text
    holds."""
    text = _name_text(q)
    words = name_keys.query_words(text)
    if not words:
        return []
    found = [_word_ids(word) for word in words]
    every = _intersection(f.all for f in found)
    if len(every) <= CANDIDATES_READ:
        rows = _candidate_rows(qs, every, CANDIDATES_READ)
    else:
        strong = _intersection(f.strong for f in found)
        rows = _candidate_rows(qs, strong, CANDIDATES_READ)
        rows += _candidate_rows(qs, every - strong, CANDIDATES_READ - len(rows))
    scored = _scored(text, rows)
    if not scored and len(words) > 1:
        for left_out in range(len(words)):
            others = _intersection(f.all for i, f in enumerate(found) if i != left_out)
            if len(others) <= RELAXED_READ:
                scored.update(_scored(text, _candidate_rows(qs, others - every, RELAXED_READ)))
    ranked = sorted(scored.values(), key=lambda row: row[:4])[:SEARCH_LIMIT]
    return [_Found(row[4], name_keys.SearchMatch(row[5].score, row[5].reason)) for row in ranked]


def _scored(text: str, rows: Iterable[Row]) -> dict[int, tuple[float, int, str, str, int, name_keys.NameMatch]]:
    """The people of `rows` close enough to the search, with what they are ranked by."""
    scored = {}
    for pk, search_text, display_name, number in rows:
        match = name_keys.best_match(text, search_text.split(" | ")[1:])
        if match.found:
            scored[pk] = (-match.score, match.extra, display_name, number, pk, match)
    return scored


class RankedPrisoners(Sequence[Prisoner]):
    """People found by a search of names, closest first: a page of them is read in one query (and
    its select_related), each with its `search_match`. Paginates like a query set (count(),
    slices), so that the list page and the API page it as any list of people."""

    def __init__(self, qs: QuerySet[Prisoner], found: list[_Found]) -> None:
        self._qs = qs
        self._found = found

    def __len__(self) -> int:
        return len(self._found)

    def count(self, value: Any = None) -> int:
        return len(self._found)

    def exists(self) -> bool:
        return bool(self._found)

    @overload
    def __getitem__(self, index: int) -> Prisoner: ...

    @overload
    def __getitem__(self, index: slice) -> list[Prisoner]: ...

    def __getitem__(self, index: int | slice) -> Prisoner | list[Prisoner]:
        if isinstance(index, int):
            found = self[index : index + 1 or None] if index >= 0 else self[len(self) + index : len(self) + index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        chosen = self._found[index]
        people = {p.pk: p for p in self._qs.filter(pk__in=[f.pk for f in chosen])}
        page = []
        for f in chosen:
            if (person := people.get(f.pk)) is not None:
                person.search_match = f.match
                page.append(person)
        return page

    def __iter__(self) -> Iterator[Prisoner]:
        return iter(self[:])


def current_photograph(person: str = "pk") -> Subquery:
    """The id of the person's photograph shown now (the newest), or null: for any outer query of
    people, so that a list shows each one's thumbnail without a query per row. `person` names the
    person's id in the outer query, as for terrorism_linked()."""
    return Subquery(Photograph.objects.filter(prisoner=OuterRef(person)).values("pk")[:1])


def _by_dates(qs: QuerySet[Prisoner], *, user: AnyUser, filters: PrisonerFilters) -> QuerySet[Prisoner]:
    """People with a court hearing, or whose release is due, in a window of days from today. A
    release is due on the full-term date of the sentence that ends last; never under a life
    sentence. The legal situation is not a former prison's to search (see prisoner_file_open)."""
    if not (filters.hearing or filters.release):
        return qs
    # Combined with the conditions themselves, not as a list of ids: the list joined the prison's
    # people to themselves (a third of the count's time at a prison of 3,000).
    qs = qs & _held_where_user_works(user=user)
    today = timezone.localdate()
    if filters.hearing:
        hearings = models.Hearing.objects.filter(held_on__range=rules.date_window(filters.hearing, today))
        qs = qs.filter(Exists(hearings.filter(case__prisoner=OuterRef("pk"))))
    if filters.release:
        first, last = rules.date_window(filters.release, today)
        sentences = models.Sentence.objects.filter(prisoner=OuterRef("pk"))
        qs = qs.filter(Exists(sentences.filter(full_term_release_on__range=(first, last)))).exclude(
            Exists(sentences.filter(Q(full_term_release_on__gt=last) | Q(life=True)))
        )
    return qs


# The most files the admission shows as possibly the same person.
MATCHES_SHOWN = 20


def admission_matches(
    *,
    user: AnyUser,
    name: str,
    sex: str,
    date_of_birth: date | None,
    birth_year_estimated: int | None,
    nationality: str,
) -> list[Prisoner]:
    """Files the user may see that may be of a person being admitted: the name matched in any
    script and spelling, as the list's search matches it, and the files of the same date or year
    of birth and the same nationality; each scored by duplicate_rules with the profile's weights
    (its `duplicate_score`, with its parts) and kept when it reaches the profile's threshold,
    highest first. Released and former prisoners included. Like the list, an index of who is on
    file: no read is logged."""
    visible = _visible_prisoners(user=user)
    by_name = _names_found(visible, name)[:MATCHES_SHOWN]
    if date_of_birth is not None:
        born = Q(date_of_birth=date_of_birth)
    elif birth_year_estimated is not None:
        born = Q(birth_year_estimated=birth_year_estimated) | Q(date_of_birth__year=birth_year_estimated)
    else:
        born = Q(pk__in=[])
    by_birth = visible.filter(born & Q(nationality=nationality)).order_by("display_name", "number")
    matches = {found.pk: found.match for found in by_name}
    ids = [*matches, *(pk for pk in by_birth.values_list("pk", flat=True)[:MATCHES_SHOWN] if pk not in matches)]
    people = visible.filter(pk__in=ids).select_related("current_prison").prefetch_related("names")
    weights = active_profile().duplicates
    admitted = duplicate_rules.Facts((name,), sex, date_of_birth, birth_year_estimated, nationality)
    shown = []
    for person in people:
        person.search_match = matches.get(person.pk)
        person.duplicate_score = duplicate_rules.score(admitted, facts_of(person), weights)
        if person.duplicate_score.reaches(weights):
            shown.append(person)
    shown.sort(key=lambda p: (-p.duplicate_score.total if p.duplicate_score else 0, p.display_name, p.number))
    return shown[:MATCHES_SHOWN]


def facts_of(person: Prisoner) -> duplicate_rules.Facts:
    """What duplicate_rules compares of a file (its names prefetched, or read here)."""
    return duplicate_rules.Facts(
        tuple(name.full_name for name in person.names.all()),
        person.sex,
        person.date_of_birth,
        person.birth_year_estimated,
        person.nationality,
    )


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
    legal_status_history: list[models.LegalStatusChange] | Withheld
    court_cases: list[models.CourtCase] | Withheld  # with their hearings
    offences: list[Offence] | Withheld
    sentences: list[models.Sentence] | Withheld
    is_vep: bool | Withheld  # any offence linked to terrorism: part of the legal situation
    family: list[models.FamilyMember] | Withheld
    # Who the person looks like, newest first (the one shown now first), without the images themselves.
    photographs: list[Photograph]
    withheld: tuple[str, ...]  # the sections of SECTION_RIGHTS the reader holds no right to
    held_elsewhere: tuple[str, ...]  # HELD_ELSEWHERE when read by a prison that no longer holds the person

    @property
    def photograph(self) -> Photograph | None:
        """The photograph shown now, if the file has one."""
        return self.photographs[0] if self.photographs else None

    @property
    def photograph_id(self) -> int | None:
        return self.photographs[0].pk if self.photographs else None

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
    former = _former_prisons(user=user, prisoner_id=prisoner_id)
    markers = _markers(user=user, former=former)
    prisoner = _file_query(user=user, markers=markers, former=former).get(pk=prisoner_id)
    if "health" in markers:
        for admission in prisoner.admissions.all():
            for field in HEALTH_FIELDS:
                setattr(admission, field, markers["health"])
    held_elsewhere = HELD_ELSEWHERE if former is not None else ()
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
        photographs=list(prisoner.photographs.all()),
        withheld=_lacking_rights(user),
        held_elsewhere=held_elsewhere,
    )


def _former_prisons(*, user: User, prisoner_id: int) -> frozenset[int] | None:
    """The user's prisons when they held the person before and no longer do; None when the person
    is held where the user works, or for a nationwide reader."""
    scope = prison_scope(user)
    if scope is None or _held_where_user_works(user=user).filter(pk=prisoner_id).exists():
        return None
    return scope


def _lacking_rights(user: User) -> tuple[str, ...]:
    """The sections whose right the user does not hold."""
    return tuple(section for section, needed in SECTION_RIGHTS.items() if not user.has_perm(needed))


def _markers(*, user: User, former: frozenset[int] | None) -> dict[str, Withheld]:
    """The sections withheld from this reader, each with its marker. A section withheld for both
    reasons shows as held elsewhere: the reason that concerns the file."""
    markers = {section: Withheld(section, Why.NO_RIGHT) for section in _lacking_rights(user)}
    markers |= {section: Withheld(section, Why.HELD_ELSEWHERE) for section in HELD_ELSEWHERE if former is not None}
    return markers


def _file_query(*, user: User, markers: Mapping[str, Withheld], former: frozenset[int] | None) -> QuerySet[Any]:
    """The file with every section the reader may see prefetched, and nothing of the others."""
    admissions = Admission.objects.select_related("prison").prefetch_related("property_items")
    if "health" in markers:
        admissions = admissions.defer(*HEALTH_FIELDS)
    periods = CustodyPeriod.objects.select_related("prison")
    movements = Movement.objects.select_related("from_prison", "to_prison", "to_cell__unit", "from_cell__unit")
    if former is not None:
        admissions = admissions.filter(prison__in=former)
        periods = periods.filter(prison__in=former)
        movements = movements.filter(_recorded_at(former))
    return (
        _visible_prisoners(user=user)
        .select_related("current_prison__region", "current_cell__unit")
        .annotate(is_vep=Value(None, BooleanField()) if "legal" in markers else terrorism_linked())
        .prefetch_related(
            "names",
            Prefetch("admissions", queryset=admissions),
            _rows(markers, "legal", "legal_status_history", models.LegalStatusChange.objects.all()),
            _rows(markers, "legal", "offences", Offence.objects.all()),
            _rows(markers, "legal", "sentences", models.Sentence.objects.all()),
            _rows(markers, "legal", "court_cases", models.CourtCase.objects.prefetch_related("hearings")),
            _rows(markers, "family", "family", models.FamilyMember.objects.all()),
            Prefetch("custody_periods", queryset=periods),
            Prefetch("movements", queryset=movements),
            # The images are read by the page's <img>, one request each (photograph_image).
            Prefetch("photographs", queryset=Photograph.objects.defer("image", "thumbnail")),
            # Where the person is to go next is part of the placement: not a former prison's to read.
            _rows(markers, "placement", "planned_moves", PlannedMove.objects.select_related(*PLANNED_MOVE_PLACES)),
        )
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

    history: list[ShownEvent] | Withheld  # its changes, as the reader is told them
    readers: list[AuditEvent] | Withheld  # who opened it


def prisoner_file_trail(
    *, user: User, file: PrisonerFile, merged: Sequence[tuple[int, str]] | None = None
) -> FileTrail:
    """The changes of a file opened with prisoner_file_open, without the events of sections the
    user may not see (audit.events_for leaves them out), and who opened it, this opening first.
    Neither is a former prison's to see: they tell what happened after the person left."""
    if file.held_elsewhere:
        return FileTrail(Withheld("history", Why.HELD_ELSEWHERE), Withheld("readers", Why.HELD_ELSEWHERE))
    related = [("register.admission", admission.pk) for admission in file.admissions]
    # The events of the files merged into this one stay on them (the trail is never rewritten).
    # `merged`: the (id, number) of those files, when the caller has read them already.
    if merged is None:
        merged = files_merged_into(file.prisoner)
    related += [("register.prisoner", pk) for pk, _number in merged]
    related += [("register.plannedmove", move.pk) for move in file.prisoner.planned_moves.all()]
    events = audit.events_for("register.prisoner", file.prisoner.pk, user=user, related=related)
    history = file_history(events, withheld_fields=HEALTH_FIELDS if "health" in file.withheld else ())
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
    # prisoner__pk, not prisoner_id: the primary key's lookup finds nothing for an id beyond the
    # database's integers, where the foreign key's would overflow SQLite.
    admission = Admission.objects.select_related("prisoner").get(
        pk=admission_id, prisoner__pk=prisoner_id, prisoner__in=_held_where_user_works(user=user)
    )
    audit.record_read(actor=user, obj=admission.prisoner, reason="ill-treatment complaint")
    return admission


# The most complaints awaiting action that one page lists.
FLAGS_LISTED = 500


def _open_flags(*, user: User) -> QuerySet[Admission]:
    qs = Admission.objects.filter(prisoner__in=_held_where_user_works(user=user), ill_treatment_action_at__isnull=True)
    return qs.exclude(ill_treatment_complaint="")


def open_ill_treatment_flags(*, user: User) -> list[Admission]:
    """Complaints of prior ill-treatment with no action recorded yet, oldest first: shown to the
    director until closed. Each is read from a person's file: the reads are logged (Rule 9)."""
    qs = _open_flags(user=user).select_related("prisoner", "prison")
    flags = list(qs.order_by("admitted_at")[:FLAGS_LISTED])
    audit.record_reads(actor=user, objs=[flag.prisoner for flag in flags], reason="ill-treatment complaint")
    return flags


def open_ill_treatment_flag_count(*, user: User) -> int:
    """How many complaints open_ill_treatment_flags lists, without reading them (no read to log)."""
    return _open_flags(user=user).count()


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


def _listed(section: list[T] | Withheld) -> list[T]:
    """A withheld section adds nothing to the timeline (the section itself shows the marker)."""
    return [] if isinstance(section, Withheld) else section


def prisoner_timeline(file: PrisonerFile, *, more: Iterable[TimelineEntry] = ()) -> list[TimelineEntry]:
    """Every dated event of a file that its reader may see, newest first, from what prisoner_file_open
    read, with `more`: the events the other apps' sections of the file add (their `timeline`)."""
    profile = active_profile()
    entries = [
        TimelineEntry(m.occurred_at, "movement", m.get_kind_display(), _movement_detail(m)) for m in file.movements
    ]
    entries += [
        TimelineEntry(day_start(c.effective_on), "legal", profile.legal_status_label(c.status), system_note(c.note))
        for c in _listed(file.legal_status_history)
    ]
    entries += [
        TimelineEntry(
            day_start(h.held_on), "hearing", f"{case.court} {case.case_number}", f"{h.purpose} {h.outcome}".strip()
        )
        for case in _listed(file.court_cases)
        for h in case.hearings.all()
    ]
    entries += [
        TimelineEntry(day_start(s.imposed_on), "sentence", gettext("Sentence imposed"), _sentence_detail(s))
        for s in _listed(file.sentences)
    ]
    return sorted([*entries, *more], key=lambda e: e.at, reverse=True)


def _sentence_detail(sentence: models.Sentence) -> str:
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


# --- Planned moves ---------------------------------------------------------------------------

# What a planned move is shown with: the person, where from and where to, and who asked.
PLANNED_MOVE_PLACES = ("from_prison", "to_prison", "to_cell__unit", "requested_by")


def _planned_moves_seen(*, user: AnyUser) -> QuerySet[PlannedMove]:
    """Deny by default: the open plans of moves from or to the prisons where the user works (a
    receiving prison needs to know who is coming before it holds them), or every one for
    nationwide roles."""
    if not (user and user.is_authenticated and user.is_active and user.has_perm(FILE_RIGHT)):
        return PlannedMove.objects.none()
    qs = PlannedMove.objects.filter(status=PlannedMoveStatus.REQUESTED)
    scope = prison_scope(user)
    return qs if scope is None else qs.filter(Q(from_prison__in=scope) | Q(to_prison__in=scope))


@dataclass(frozen=True)
class PlannedMoveFilters:
    direction: str = ""  # a MoveDirection, as the user's prisons see the move
    window: str = ""  # a window of rules.date_window: planned for then


def _in_direction(direction: str, scope: frozenset[int] | None) -> Q:
    """Transfers into or out of the user's prisons, or cell moves inside them; for a nationwide
    reader, every transfer is both arriving and leaving."""
    if direction == MoveDirection.WITHIN:
        return Q(kind=MovementKind.CELL_MOVE)
    if scope is None:
        return Q(kind=MovementKind.TRANSFER)
    side = "to_prison__in" if direction == MoveDirection.ARRIVING else "from_prison__in"
    return Q(kind=MovementKind.TRANSFER, **{side: scope})


def planned_move_list(*, user: AnyUser, filters: PlannedMoveFilters = PlannedMoveFilters()) -> QuerySet[PlannedMove]:
    """The moves requested and not yet made that concern the prisons where the user works, soonest
    first; `openable` says whether the user may open the person's file (a prison expecting someone
    may not yet). Its callers log the reads of what they show (planned_moves_read)."""
    qs = _planned_moves_seen(user=user)
    if filters.direction:
        qs = qs.filter(_in_direction(filters.direction, prison_scope(user)))
    if filters.window:
        qs = qs.filter(planned_on__range=rules.date_window(filters.window, timezone.localdate()))
    openable = Exists(_visible_prisoners(user=user).filter(pk=OuterRef("prisoner_id")))
    return (
        qs.select_related("prisoner__current_prison", *PLANNED_MOVE_PLACES)
        .annotate(openable=openable)
        .order_by("planned_on", "prisoner__display_name", "id")
    )


def planned_moves_read(*, user: User, moves: Iterable[PlannedMove]) -> None:
    """A list of planned moves tells why each person is to move: the read is logged in each
    person's file (Rule 9)."""
    people = {move.prisoner_id: move.prisoner for move in moves}
    audit.record_reads(actor=user, objs=[people[pk] for pk in sorted(people)], reason="planned move")


def planned_move_open(*, user: User, move_id: int) -> PlannedMove:
    """One open plan the user may see, for cancelling it; the read is logged (Rule 9).
    PlannedMove.DoesNotExist for one closed, unknown or not the user's to see."""
    moves = _planned_moves_seen(user=user).select_related("prisoner__current_prison", *PLANNED_MOVE_PLACES)
    move = moves.get(pk=move_id)
    audit.record_read(actor=user, obj=move.prisoner, reason="planned move")
    return move


# --- Photographs -----------------------------------------------------------------------------


def photograph_image(
    *, user: AnyUser, prisoner_id: int, photograph_id: int | None = None, thumbnail: bool = False
) -> bytes:
    """The JPEG of one of a person's photographs (the one shown now, without `photograph_id`), or its
    thumbnail, for a user who may open the person's file; Photograph.DoesNotExist otherwise, as
    for a person who does not exist. A thumbnail goes with a list, which logs the people it shows;
    a full-size photograph can be asked for on its own, outside any page, so its reading is logged
    (Rule 9)."""
    # prisoner__pk, not prisoner_id: an id beyond the database's integers finds nothing (see
    # ill_treatment_complaint_open).
    photographs = Photograph.objects.filter(prisoner__pk=prisoner_id, prisoner__in=_visible_prisoners(user=user))
    if photograph_id is not None:
        photographs = photographs.filter(pk=photograph_id)
    found = photographs.values_list("prisoner_id", "thumbnail" if thumbnail else "image").first()
    if found is None:
        raise Photograph.DoesNotExist
    person, image = found
    if not thumbnail:
        audit.record_read(actor=user, obj=Prisoner(pk=person), reason="photograph")
    return bytes(image)


# --- The printed file (file_pdf.py, docs/file-pdf.md) ------------------------------------------

OWN_COPY_RIGHT = right("print_own_file_copy")


def print_refusal(*, user: User, file: PrisonerFile, copy: str) -> str | None:
    """Why `user` may not print `file`, opened by prisoner_file_open, as `copy` (a FileCopy), or
    None. Only the prison that holds the person, or headquarters, prints the file: a former
    prison reads what it wrote but gives no copy of a file that is no longer its own. The file's
    page asks the same to show its buttons."""
    if copy == FileCopy.OWN and not user.has_perm(OWN_COPY_RIGHT):
        return gettext("Only the director prints the person's own copy of their file.")
    if copy not in FileCopy.values:
        return gettext("There is no such copy of the file.")
    if file.held_elsewhere:
        return gettext("Only the prison that holds this person, or headquarters, prints their file.")
    return None


def own_copy_reader(user: User) -> User:
    """The member of staff printing a person's own copy, as the reader the copy is read by: holding
    only those of their rights that rules.OWN_COPY_RIGHTS gives the person, and working where they
    work. Every selector and section then withholds the rest as from any reader, so that the copy
    holds neither more than the printer's page nor more than the person receives. The same user
    (the audit trail names them), with a narrower has_perm."""
    allowed = frozenset(right(codename) for codename in rules.OWN_COPY_RIGHTS)

    def has_perm(perm: str, obj: Any = None) -> bool:
        return perm in allowed and user.has_perm(perm, obj)

    reader = shallow_copy(user)
    reader.has_perm = has_perm  # type: ignore[method-assign]
    return reader
