"""Programmes and activities in figures, for the rehabilitation oversight page (which renders any
list of core.figures.FigureTable): aggregates only, never names, scoped to the prisons the user
oversees or to one of them. A handful of queries whatever the number of people."""

from collections import Counter, defaultdict

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.core.figures import Cell, FigureTable
from custodia.core.rights import right
from custodia.register.selectors import terrorism_linked

from . import rules
from .choices import ParticipationStatus, ProgrammeKind
from .models import Participation, Programme

OVERSEE = right("view_rehabilitation_oversight")
S = ParticipationStatus
# The ways a place ends, in the order the completion table shows them. A declined referral or
# place is the person's choice, not the end of a place, and is left out.
ENDED = (S.COMPLETED, S.DROPPED_OUT, S.REMOVED, S.TRANSFERRED, S.LEFT_CUSTODY)


def _programmes(user: User, prison_id: int | None) -> QuerySet[Programme]:
    if not user.has_perm(OVERSEE):
        return Programme.objects.none()
    programmes = Programme.objects.all()
    scope = prison_scope(user)
    if scope is not None:
        programmes = programmes.filter(prison__in=scope)
    return programmes.filter(prison_id=prison_id) if prison_id is not None else programmes


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _places(programmes: QuerySet[Programme], *, several_prisons: bool) -> FigureTable:
    offered = (
        programmes.filter(is_active=True)
        .annotate(taken=Count("participations", filter=Q(participations__status=S.ALLOCATED)))
        .order_by("prison__name", "name")
        .values_list("name", "prison__name", "capacity", "taken")
    )
    rows: list[list[Cell]] = [
        [name, *([prison] if several_prisons else []), capacity, taken, _share(taken, capacity)]
        for name, prison, capacity, taken in offered
    ]
    first = 2 if several_prisons else 1
    return FigureTable(
        slug="programme-places",
        title=_("Places and occupancy, by programme"),
        columns=[
            _("Programme"),
            *([_("Prison")] if several_prisons else []),
            _("Places"),
            _("Allocated now"),
            _("Occupancy (%)"),
        ],
        rows=rows,
        chart="horizontal",
        charted_columns=[first, first + 1],
        note=_("Programmes offered now; a place is counted while it is allocated."),
    )


def _waiting(participations: QuerySet[Participation]) -> FigureTable:
    today = timezone.localdate()
    people: dict[str, set[int]] = defaultdict(set)
    waited: dict[str, list[float]] = defaultdict(list)
    for kind, prisoner_id, referred_at in participations.filter(status=S.REFERRED).values_list(
        "programme__kind", "prisoner_id", "referred_at"
    ):
        people[kind].add(prisoner_id)
        waited[kind].append(rules.days_waited(timezone.localdate(referred_at), today))
    return FigureTable(
        slug="programme-waiting",
        title=_("Waiting lists, by kind of programme"),
        columns=[_("Kind"), _("People waiting"), _("Median days waited")],
        rows=[[str(kind.label), len(people[kind]), rules.median(waited[kind])] for kind in ProgrammeKind],
        chart="horizontal",
        note=_("Referrals not yet allocated a place; a person on two lists of one kind is counted once."),
    )


def _completions(participations: QuerySet[Participation]) -> FigureTable:
    counts = Counter(
        {
            (kind, status): n
            for kind, status, n in participations.filter(status__in=ENDED)
            .values_list("programme__kind", "status")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    rows: list[list[Cell]] = []
    for kind in ProgrammeKind:
        ended = [counts[(kind.value, status.value)] for status in ENDED]
        rows.append([str(kind.label), *ended, _share(ended[0], sum(ended))])
    return FigureTable(
        slug="programme-completions",
        title=_("How places ended, by kind of programme"),
        columns=[_("Kind"), *[status.label for status in ENDED], _("Completion (%)")],
        rows=rows,
        chart="horizontal",
        charted_columns=list(range(1, len(ENDED) + 1)),
        note=_("Places that have ended. Declining a referral or a place is the person's choice and is not counted."),
    )


def _extremism(participations: QuerySet[Participation]) -> FigureTable:
    taking_part: dict[str, set[int]] = defaultdict(set)
    linked: dict[str, set[int]] = defaultdict(set)
    for kind, prisoner_id, vep in (
        participations.filter(status=S.ALLOCATED)
        .annotate(vep=terrorism_linked("prisoner_id"))
        .values_list("programme__kind", "prisoner_id", "vep")
    ):
        taking_part[kind].add(prisoner_id)
        if vep:
            linked[kind].add(prisoner_id)
    return FigureTable(
        slug="programme-vep-participation",
        title=_("Participation of people linked to violent extremism, by kind of programme"),
        columns=[_("Kind"), _("People taking part now"), _("Linked to violent extremism")],
        rows=[[str(kind.label), len(taking_part[kind]), len(linked[kind])] for kind in ProgrammeKind],
        chart="horizontal",
        charted_columns=[1, 2],
        note=_("A person is linked to violent extremism by an offence flagged so, as everywhere in the service."),
    )


def figures(*, user: User, prison_id: int | None) -> list[FigureTable]:
    """The figures of programmes and activities, for the prisons the user oversees (or one)."""
    programmes = _programmes(user, prison_id)
    scope = prison_scope(user)
    several_prisons = prison_id is None and (scope is None or len(scope) > 1)
    participations = Participation.objects.filter(programme__in=programmes)
    return [
        _places(programmes, several_prisons=several_prisons),
        _waiting(participations),
        _completions(participations),
        _extremism(participations),
    ]
