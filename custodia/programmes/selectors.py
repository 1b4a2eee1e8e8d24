"""Reads of programmes and activities, always through the acting user.

Who sees what (need-to-know):
- the coordinator, case managers, directors and the headquarters VEP unit (`view_programmes`)
  see the catalogue of the prisons where they work (HQ: every prison), each programme's group and
  its waiting list;
- a facilitator sees only the programmes they run, and of the people on them only what taking
  attendance needs (number, name): never the waiting list, the referral or the report;
- a person's participations (the file's section, the API) follow the file: `view_programmes` and
  a file the user may open.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.classification.rules import CompletedProgramme
from custodia.core.rights import right
from custodia.plans.objective_work import Work
from custodia.register.models import Prisoner
from custodia.register.selectors import terrorism_linked, visible_prisoners

from . import rules
from .choices import ParticipationStatus
from .models import Attendance, Participation, Programme, Session

if TYPE_CHECKING:  # a development dependency: only for the annotations
    from django_stubs_ext import WithAnnotations

VIEW = right("view_programmes")
MANAGE = right("manage_programmes")
REFER = right("refer_to_programme")
OVERSIGHT = right("view_rehabilitation_oversight")


def facilitator_only(user: User) -> bool:
    """A user whose only reason to see programmes is running some: sees those alone."""
    return not (user.has_perm(MANAGE) or user.has_perm(REFER) or user.has_perm(OVERSIGHT))


def programmes_visible(*, user: User) -> QuerySet[Programme]:
    if not user.has_perm(VIEW):
        return Programme.objects.none()
    scope = prison_scope(user)
    qs = Programme.objects.all() if scope is None else Programme.objects.filter(prison__in=scope)
    if facilitator_only(user):
        qs = qs.filter(facilitators=user)
    return qs.select_related("prison", "venue")


def programme_list(*, user: User, prison_id: int | None = None) -> QuerySet[Programme]:
    """The catalogue in scope, with the places taken and the length of the waiting list."""
    qs = programmes_visible(user=user)
    if prison_id is not None:
        qs = qs.filter(prison_id=prison_id)
    return qs.annotate(
        taken=Count("participations", filter=Q(participations__status=ParticipationStatus.ALLOCATED)),
        waiting=Count("participations", filter=Q(participations__status=ParticipationStatus.REFERRED)),
    ).order_by("prison__name", "name")


def programme_get(*, user: User, programme_id: int, with_sessions: bool = False) -> Programme:
    """Programme.DoesNotExist when the user may not see it."""
    qs = programmes_visible(user=user).prefetch_related("facilitators")
    return (qs.prefetch_related("sessions") if with_sessions else qs).get(pk=programme_id)


@dataclass(frozen=True)
class Participant:
    """What a group list shows of a person: what taking attendance needs, nothing more."""

    participation_id: int
    prisoner_id: int
    number: str
    display_name: str
    version: int


def group(*, programme: Programme) -> list[Participant]:
    """The people allocated a place on a programme the caller has already read through
    programme_get (so the user may see it)."""
    rows = (
        Participation.objects.filter(programme=programme, status=ParticipationStatus.ALLOCATED)
        .order_by("prisoner__display_name", "prisoner__number")
        .values_list("pk", "prisoner_id", "prisoner__number", "prisoner__display_name", "version")
    )
    return [Participant(*row) for row in rows]


@dataclass(frozen=True)
class WaitingEntry:
    participation: Participation
    days_waited: int


def waiting_list(*, user: User, programme: Programme, today: date | None = None) -> list[WaitingEntry]:
    """The waiting list in the order of rules.waiting_order; empty for a facilitator."""
    if facilitator_only(user):
        return []
    today = today or timezone.localdate()
    referrals = list(
        Participation.objects.filter(programme=programme, status=ParticipationStatus.REFERRED)
        .select_related("prisoner__current_prison", "objective", "referred_by")
        .annotate(vep=terrorism_linked("prisoner_id"))
    )
    by_id = {p.pk: p for p in referrals}
    order = rules.waiting_order(
        (
            rules.Waiting(
                key=p.pk,
                need=rules.need_of(p.objective.origin if p.objective else None),
                vep=bool(getattr(p, "vep", False)),
                referred_at=p.referred_at,
            )
            for p in referrals
        ),
        kind=programme.kind,
    )
    return [WaitingEntry(by_id[w.key], rules.days_waited(timezone.localdate(w.referred_at), today)) for w in order]


def sessions_of(*, programme: Programme, around: date | None = None, days: int = 14) -> list[Session]:
    """The sessions within `days` before and after `around` (today), with how many were marked."""
    around = around or timezone.localdate()
    start = datetime.combine(around - timedelta(days=days), datetime.min.time(), tzinfo=timezone.get_current_timezone())
    end = start + timedelta(days=2 * days + 1)
    return list(
        Session.objects.filter(programme=programme, starts_at__gte=start, starts_at__lt=end)
        .annotate(marked=Count("attendances"))
        .order_by("starts_at")
    )


def session_get(*, user: User, session_id: int) -> Session:
    """Session.DoesNotExist when the user may not see its programme."""
    return Session.objects.select_related("programme__prison", "attendance_by").get(
        pk=session_id, programme__in=programmes_visible(user=user)
    )


def marks_of(session: Session) -> dict[int, Attendance]:
    return {a.participation_id: a for a in Attendance.objects.filter(session=session)}


def sessions_today_to_mark(*, user: User, today: date | None = None) -> QuerySet[Session]:
    """Today's sessions, already started, of the programmes the user runs (or coordinates), not yet marked."""
    now = timezone.now()
    today = today or timezone.localdate()
    start = datetime.combine(today, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    return Session.objects.filter(
        programme__in=programmes_visible(user=user).filter(facilitators=user),
        starts_at__gte=start,
        starts_at__lte=now,
        attendance_at__isnull=True,
    )


def participation_get(*, user: User, participation_id: int) -> Participation:
    """One participation on a programme the user sees, not for a facilitator (who sees the group
    only); Participation.DoesNotExist otherwise."""
    if facilitator_only(user):
        raise Participation.DoesNotExist
    return Participation.objects.select_related(
        "programme__prison", "programme__venue", "prisoner__current_prison", "objective__plan"
    ).get(pk=participation_id, programme__in=programmes_visible(user=user))


class AttendanceCounts(TypedDict):
    present: int
    marked: int


def prisoner_participations(
    *, user: User, prisoner: Prisoner
) -> list["WithAnnotations[Participation, AttendanceCounts]"]:
    """A person's participations, newest first, for a reader of the file with `view_programmes`."""
    if not user.has_perm(VIEW) or not visible_prisoners(user=user).filter(pk=prisoner.pk).exists():
        return []
    qs = Participation.objects.filter(prisoner=prisoner)
    scope = prison_scope(user)
    if scope is not None:
        qs = qs.filter(programme__prison__in=scope)
    return list(
        qs.select_related("programme__prison", "objective")
        .annotate(
            present=Count("attendances", filter=Q(attendances__mark="present")),
            marked=Count("attendances"),
        )
        .order_by("-referred_at", "-id")
    )


def open_programmes_for(*, prisoner: Prisoner) -> QuerySet[Programme]:
    """The programmes a person may be referred to: offered at the prison that holds them."""
    return Programme.objects.filter(prison_id=prisoner.current_prison_id or 0, is_active=True).order_by("name")


def waiting_count(*, user: User, prison_id: int) -> int:
    if facilitator_only(user):
        return 0
    return Participation.objects.filter(
        programme__in=programmes_visible(user=user).filter(prison_id=prison_id),
        status=ParticipationStatus.REFERRED,
    ).count()


def completed_programme(prisoner_id: int) -> CompletedProgramme | None:
    """Unscoped, for classification.evidence only: the latest completed programme of a kind that
    counts for a classification prerequisite."""
    row = (
        Participation.objects.filter(
            prisoner_id=prisoner_id,
            status=ParticipationStatus.COMPLETED,
            programme__kind__in=rules.COUNTS_FOR_CLASSIFICATION,
            ended_at__isnull=False,
        )
        .order_by("-ended_at", "-id")
        .values_list("programme__name", "ended_at")
        .first()
    )
    return CompletedProgramme(row[0], timezone.localdate(row[1])) if row else None


def objective_work(user: User, prisoner: Prisoner) -> dict[int, list[Work]]:
    """For plans.objective_work: the person's referrals and places made from an objective of
    their plan, as the reader of the file may see them (prisoner_participations)."""
    visible = set(programmes_visible(user=user).values_list("pk", flat=True))
    found: dict[int, list[Work]] = {}
    for p in prisoner_participations(user=user, prisoner=prisoner):
        if p.objective_id is None:
            continue
        details = []
        if p.marked:
            details.append(
                _("present at %(present)s of %(marked)s sessions") % {"present": p.present, "marked": p.marked}
            )
        if p.achievement:
            details.append(str(p.get_achievement_display()))
        found.setdefault(p.objective_id, []).append(
            Work(
                label=p.programme.name,
                status=str(p.get_status_display()),
                detail=" · ".join(details),
                url=reverse("programmes:detail", args=[p.programme_id]) if p.programme_id in visible else "",
            )
        )
    return found
