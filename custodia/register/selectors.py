"""Reads of the prisoner file, always through the acting user.

Scoping by prison and by sensitive section arrives with access control; every view and API
handler already reads through these functions so that it applies everywhere at once.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from custodia.accounts.access import FILE as FILE_RIGHT
from custodia.accounts.selectors import prison_scope
from custodia.estate.selectors import active_profile

from . import rules
from .models import Admission, CustodyPeriod, Hearing, Movement, Offence, Prisoner


def _visible_prisoners(*, user) -> QuerySet[Prisoner]:
    """Deny by default: people held where the user works, or everyone for nationwide roles."""
    if not (user and user.is_authenticated and user.is_active and user.has_perm(FILE_RIGHT)):
        return Prisoner.objects.none()
    scope = prison_scope(user)
    return Prisoner.objects.all() if scope is None else Prisoner.objects.filter(current_prison__in=scope)


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
    qs = _visible_prisoners(user=user).select_related("current_prison", "current_cell__unit")
    if filters.on_roll:
        qs = qs.on_roll()
    if filters.q.strip():
        # Each word must appear in the number or in one of the names, in any order.
        for word in rules.search_key(filters.q).split():
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
    return qs.annotate(is_vep=terrorism_linked()).order_by("display_name", "number")


def prisoner_get(*, user, prisoner_id: int) -> Prisoner:
    """One prisoner file with everything its page shows, in a fixed number of queries."""
    return (
        _visible_prisoners(user=user)
        .select_related("current_prison__region", "current_cell__unit")
        .annotate(is_vep=terrorism_linked())
        .prefetch_related(
            "names",
            Prefetch(
                "admissions", queryset=Admission.objects.select_related("prison").prefetch_related("property_items")
            ),
            "family",
            "legal_status_history",
            Prefetch("court_cases__hearings", queryset=Hearing.objects.all()),
            "offences",
            "sentences",
            Prefetch("custody_periods", queryset=CustodyPeriod.objects.select_related("prison")),
            Prefetch(
                "movements",
                queryset=Movement.objects.select_related(
                    "from_prison", "to_prison", "to_cell__unit", "from_cell__unit"
                ),
            ),
        )
        .get(pk=prisoner_id)
    )


def prisoner_find(*, user, prisoner_id: int) -> Prisoner:
    """One prisoner without the rest of the file, for writes that need only the person."""
    return _visible_prisoners(user=user).get(pk=prisoner_id)


def movement_list(*, user, prisoner_id: int) -> QuerySet[Movement]:
    prisoner = prisoner_find(user=user, prisoner_id=prisoner_id)
    return prisoner.movements.select_related("from_prison", "to_prison", "from_cell__unit", "to_cell__unit")


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
    qs = Admission.objects.filter(prisoner__in=_visible_prisoners(user=user), ill_treatment_action_at__isnull=True)
    qs = qs.exclude(ill_treatment_complaint="").select_related("prisoner", "prison")
    return qs.filter(prison_id=prison_id) if prison_id else qs
