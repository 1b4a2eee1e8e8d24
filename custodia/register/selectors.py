"""Reads of the prisoner file, always through the acting user.

Scoping by prison and by sensitive section arrives with access control; every view and API
handler already reads through these functions so that it applies everywhere at once.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from custodia.accounts.access import FILE as FILE_RIGHT
from custodia.accounts.selectors import prison_scope
from custodia.estate.selectors import active_profile

from . import rules
from .models import (
    Admission,
    CourtCase,
    CustodyPeriod,
    FamilyMember,
    Hearing,
    LegalStatusChange,
    Movement,
    Offence,
    Prisoner,
    Sentence,
)


def _held_where_user_works(*, user) -> QuerySet[Prisoner]:
    """Deny by default: people held where the user works, or everyone for nationwide roles.
    Only these files can be changed."""
    if not (user and user.is_authenticated and user.is_active and user.has_perm(FILE_RIGHT)):
        return Prisoner.objects.none()
    scope = prison_scope(user)
    return Prisoner.objects.all() if scope is None else Prisoner.objects.filter(current_prison__in=scope)


def _visible_prisoners(*, user) -> QuerySet[Prisoner]:
    """Those held where the user works and, after a transfer or release, those once held there:
    a former prison keeps reading the records it wrote (see prisoner_get)."""
    scope = prison_scope(user)
    if scope is None or not user.has_perm(FILE_RIGHT):
        return _held_where_user_works(user=user)
    once_held = Exists(CustodyPeriod.objects.filter(prisoner=OuterRef("pk"), prison__in=scope))
    return Prisoner.objects.filter(Q(current_prison__in=scope) | once_held)


def visible_prisoners(*, user) -> QuerySet[Prisoner]:
    """For other modules' selectors: the people whose files the user may open."""
    return _visible_prisoners(user=user)


def held_where_user_works(*, user) -> QuerySet[Prisoner]:
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


def prisoner_list(*, user, filters: PrisonerFilters = PrisonerFilters()) -> QuerySet[Prisoner]:
    if filters.on_roll:
        qs = _held_where_user_works(user=user).on_roll()
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
    # and offences are not the former prison's records (see prisoner_get).
    held_elsewhere = Value(False) if scope is None else ~Q(current_prison__in=scope, current_prison__isnull=False)
    qs = qs.annotate(is_vep=terrorism_linked(), held_elsewhere=ExpressionWrapper(held_elsewhere, BooleanField()))
    return qs.order_by("display_name", "number")


# Sections a former prison does not see: they were written, or may have changed, after the
# person left, and are shown as held by another prison rather than as empty.
HELD_ELSEWHERE = ("placement", "legal", "family", "history")


def prisoner_get(*, user, prisoner_id: int) -> Prisoner:
    """One prisoner file with everything its page shows, in a fixed number of queries.

    At a prison that held the person before a transfer or release, the file holds only what that
    prison wrote: its admissions, its custody periods and the movements it recorded;
    `prisoner.held_elsewhere` then lists the sections left out."""
    scope = prison_scope(user)
    former = scope is not None and not _held_where_user_works(user=user).filter(pk=prisoner_id).exists()
    admissions = Admission.objects.select_related("prison").prefetch_related("property_items")
    periods = CustodyPeriod.objects.select_related("prison")
    movements = Movement.objects.select_related("from_prison", "to_prison", "to_cell__unit", "from_cell__unit")
    if former:
        admissions = admissions.filter(prison__in=scope)
        periods = periods.filter(prison__in=scope)
        movements = movements.filter(_recorded_at(scope))
    prisoner = (
        _visible_prisoners(user=user)
        .select_related("current_prison__region", "current_cell__unit")
        .annotate(is_vep=terrorism_linked())
        .prefetch_related(
            "names",
            Prefetch("admissions", queryset=admissions),
            *_empty_if(former, family=FamilyMember, legal_status_history=LegalStatusChange),
            *_empty_if(former, offences=Offence, sentences=Sentence, court_cases=CourtCase),
            *(() if former else (Prefetch("court_cases__hearings", queryset=Hearing.objects.all()),)),
            Prefetch("custody_periods", queryset=periods),
            Prefetch("movements", queryset=movements),
        )
        .get(pk=prisoner_id)
    )
    prisoner.held_elsewhere = HELD_ELSEWHERE if former else ()
    if former:
        prisoner.is_vep = None  # offences are part of the legal situation, not shown to a former prison
    return prisoner


def _empty_if(former: bool, **models) -> list[str | Prefetch]:
    """The lookups to prefetch, or empty ones for a former prison, so that nothing of them can
    reach its page, even by a template reading them."""
    if former:
        return [Prefetch(lookup, queryset=model.objects.none()) for lookup, model in models.items()]
    return [lookup for lookup in models if lookup != "court_cases"]


def _recorded_at(scope: frozenset[int]) -> Q:
    """Movements a prison recorded: those leaving it (moves, transfers, releases) and admissions into it."""
    return Q(from_prison__in=scope) | Q(from_prison__isnull=True, to_prison__in=scope)


# The one answer to a number that finds nobody in custody, whether nobody has it or the person was
# released, escaped or died: a lookup by number must not tell anyone's custody status.
NOT_IN_CUSTODY = gettext_lazy("No person in custody has this number.")


def in_custody_by_number(number: str) -> Prisoner | None:
    """A person on a prison's roll, anywhere, by exact number: for a record that concerns someone
    held elsewhere (the other person of a non-association, a transfer's exception), named by the
    number staff were given. The callers check that the user may make such a record."""
    return Prisoner.objects.on_roll().filter(number=number.strip()).first()


def prisoner_find(*, user, prisoner_id: int) -> Prisoner:
    """One prisoner without the rest of the file, for writes: only where the person is held now."""
    return _held_where_user_works(user=user).get(pk=prisoner_id)


def prisoner_for_change(*, user, prisoner_id: int) -> Prisoner:
    """The file as prisoner_get reads it, for the forms that change it: only where the person is
    held now (a former prison reads, never writes)."""
    _held_where_user_works(user=user).filter(pk=prisoner_id).get()
    return prisoner_get(user=user, prisoner_id=prisoner_id)


def movement_list(*, user, prisoner_id: int) -> QuerySet[Movement]:
    prisoner = _visible_prisoners(user=user).get(pk=prisoner_id)
    movements = prisoner.movements.select_related("from_prison", "to_prison", "from_cell__unit", "to_cell__unit")
    scope = prison_scope(user)
    if scope is not None and prisoner.current_prison_id not in scope:
        movements = movements.filter(_recorded_at(scope))
    return movements


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    detail: str


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def prisoner_timeline(prisoner: Prisoner) -> list[TimelineEntry]:
    """Every dated event of a file, newest first, from records already prefetched by prisoner_get."""
    profile = active_profile()
    entries = [
        TimelineEntry(m.occurred_at, "movement", m.get_kind_display(), _movement_detail(m))
        for m in prisoner.movements.all()
    ]
    entries += [
        TimelineEntry(_at(c.effective_on), "legal", profile.legal_status_label(c.status), c.note)
        for c in prisoner.legal_status_history.all()
    ]
    entries += [
        TimelineEntry(_at(h.held_on), "hearing", f"{case.court} {case.case_number}", f"{h.purpose} {h.outcome}".strip())
        for case in prisoner.court_cases.all()
        for h in case.hearings.all()
    ]
    entries += [
        TimelineEntry(_at(s.imposed_on), "sentence", gettext("Sentence imposed"), _sentence_detail(s))
        for s in prisoner.sentences.all()
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _sentence_detail(sentence) -> str:
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


def open_ill_treatment_flags(*, user, prison_id: int | None = None) -> QuerySet[Admission]:
    """Complaints of prior ill-treatment with no action recorded yet: shown to the director until closed."""
    qs = Admission.objects.filter(prisoner__in=_held_where_user_works(user=user), ill_treatment_action_at__isnull=True)
    qs = qs.exclude(ill_treatment_complaint="").select_related("prisoner", "prison")
    return qs.filter(prison_id=prison_id) if prison_id else qs
