"""Writes of programmes and activities: each step in one transaction with its audit event.

Who may act: the programme coordinator (`manage_programmes`) at the programme's prison keeps the
catalogue, allocates places and ends them; a case manager (`refer_to_programme`) at the prison
that holds the person refers from a sentence plan objective; a facilitator of the programme, or
the coordinator, records attendance (`record_attendance`).

Participation is voluntary (Mandela Rules 4, 91-92): a person who declines a referral or a place
has it recorded as their choice, with their reason, and nothing else changes — no sanction, no
classification input, no place in another queue.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import works_at
from custodia.assessment.choices import NeedArea, TriggerEvent
from custodia.assessment.instruments import latest_instruments
from custodia.assessment.services import reassessment_trigger_from_file
from custodia.core import audit, workflow
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.rights import right
from custodia.core.versions import bump_version, check_version
from custodia.estate.models import Prison, Unit
from custodia.plans.choices import ObjectiveStatus, PlanStatus
from custodia.plans.models import Objective
from custodia.register.models import Prisoner

from . import rules, suitability
from .choices import ParticipationStatus, ProgrammeKind
from .models import Attendance, Participation, Programme, Session

MANAGE = right("manage_programmes")
REFER = right("refer_to_programme")
ATTEND = right("record_attendance")
PARTICIPATIONS = workflow.Workflow(
    rules.ALLOWED_PREVIOUS,
    ParticipationStatus,
    refused=gettext_lazy("A participation that is “%(current)s” cannot become “%(new)s”."),
)
# Objectives a referral may come from: accepted and not closed.
REFERABLE_OBJECTIVES = frozenset({ObjectiveStatus.NOT_STARTED, ObjectiveStatus.IN_PROGRESS})


# --- who may act ----------------------------------------------------------------------------------


def coordinator_refusal(actor: User, prison: Prison) -> str | None:
    if not actor.has_perm(MANAGE) or not works_at(actor, prison):
        return _("Only a programme coordinator at this prison can do this.")
    return None


def referrer_refusal(actor: User, prisoner: Prisoner) -> str | None:
    prison = prisoner.current_prison
    if not actor.has_perm(REFER) or prison is None or not works_at(actor, prison):
        return _("Only a case manager at the prison that holds this person can refer them.")
    return None


def attendance_refusal(actor: User, programme: Programme) -> str | None:
    """A facilitator of the programme, or a coordinator at its prison."""
    if coordinator_refusal(actor, programme.prison) is None:
        return None
    if actor.has_perm(ATTEND) and programme.facilitators.filter(pk=actor.pk).exists():
        return None
    return _("Only a facilitator of this programme or the programme coordinator can record attendance.")


def decline_refusal(actor: User, participation: Participation) -> str | None:
    """The person's choice is recorded by their case manager or the coordinator."""
    if referrer_refusal(actor, participation.prisoner) is None:
        return None
    return coordinator_refusal(actor, participation.programme.prison)


# --- the catalogue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeData:
    name: str
    kind: str
    capacity: int
    description: str = ""
    need_areas: tuple[str, ...] = ()
    eligible_sexes: tuple[str, ...] = ()
    eligible_levels: tuple[str, ...] = ()
    eligible_legal_statuses: tuple[str, ...] = ()
    venue: Unit | None = None
    facilitators: tuple[User, ...] = ()
    accredited: bool = False
    mixes_people: bool = True
    is_active: bool = True


def _programme_problems(prison: Prison, data: ProgrammeData) -> dict[str, str]:
    problems = {}
    if not data.name.strip():
        problems["name"] = _("Name the programme.")
    if data.kind not in ProgrammeKind.values:
        problems["kind"] = _("Choose the kind of programme.")
    if data.capacity < 1:
        problems["capacity"] = _("A programme has at least one place.")
    if any(need not in NeedArea.values for need in data.need_areas):
        problems["need_areas"] = _("Choose the needs among those sentence plans use.")
    if data.venue is not None and data.venue.prison_id != prison.pk:
        problems["venue"] = _("The venue is a unit of the programme's prison.")
    return problems


def _programme_values(data: ProgrammeData) -> dict[str, object]:
    return {
        "name": data.name.strip(),
        "kind": data.kind,
        "capacity": data.capacity,
        "description": data.description.strip(),
        "need_areas": list(data.need_areas),
        "eligible_sexes": list(data.eligible_sexes),
        "eligible_levels": list(data.eligible_levels),
        "eligible_legal_statuses": list(data.eligible_legal_statuses),
        "venue_id": data.venue.pk if data.venue else None,
        "accredited": data.accredited,
        "mixes_people": data.mixes_people,
        "is_active": data.is_active,
    }


def _saved(programme: Programme) -> None:
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("This prison already has a programme of this name.")}) from exc


@transaction.atomic
def programme_create(*, actor: User, prison: Prison, data: ProgrammeData) -> Programme:
    ensure_allowed(coordinator_refusal(actor, prison))
    if problems := _programme_problems(prison, data):
        raise ValidationError(problems)
    values = _programme_values(data)
    programme = Programme(prison=prison, created_by=actor, **values)
    _saved(programme)
    programme.facilitators.set(data.facilitators)
    audit.record(
        actor=actor,
        action=AuditAction.PROGRAMME_CREATE,
        obj=programme,
        changes=audit.changes_of(
            prison=(None, prison.pk),
            facilitators=(None, sorted(u.pk for u in data.facilitators)),
            **{k: (None, v) for k, v in values.items()},
        ),
    )
    return programme


@transaction.atomic
def programme_update(
    *, actor: User, programme: Programme, data: ProgrammeData, version: int | None = None
) -> Programme:
    programme = workflow.locked(programme, "prison")
    ensure_allowed(coordinator_refusal(actor, programme.prison))
    check_version(programme, version)
    if problems := _programme_problems(programme.prison, data):
        raise ValidationError(problems)
    changes: dict[str, tuple[object, object]] = {}
    for name, value in _programme_values(data).items():
        if getattr(programme, name) != value:
            changes[name] = (getattr(programme, name), value)
            setattr(programme, name, value)
    before = sorted(programme.facilitators.values_list("pk", flat=True))
    after = sorted(u.pk for u in data.facilitators)
    if before != after:
        changes["facilitators"] = (before, after)
        programme.facilitators.set(data.facilitators)
    if changes:
        programme.version += 1
        _saved(programme)
        audit.record(
            actor=actor, action=AuditAction.PROGRAMME_UPDATE, obj=programme, changes=audit.changes_of(**changes)
        )
    return programme


@transaction.atomic
def sessions_schedule(
    *,
    actor: User,
    programme: Programme,
    first_day: date,
    weekdays: tuple[int, ...],
    at: time,
    weeks: int,
    minutes: int = 90,
) -> list[Session]:
    """Sessions on the given weekdays at `at`, for `weeks` weeks from `first_day` (one session:
    its weekday and one week)."""
    programme = workflow.locked(programme, "prison")
    ensure_allowed(coordinator_refusal(actor, programme.prison))
    problems = {}
    if not weekdays or any(not 0 <= day <= 6 for day in weekdays):
        problems["weekdays"] = _("Choose at least one day of the week.")
    if not 1 <= weeks <= 52:
        problems["weeks"] = _("Schedule between 1 and 52 weeks.")
    if not 15 <= minutes <= 480:
        problems["minutes"] = _("A session lasts between 15 minutes and 8 hours.")
    if problems:
        raise ValidationError(problems)
    zone = timezone.get_current_timezone()
    sessions = Session.objects.bulk_create(
        Session(programme=programme, starts_at=datetime.combine(day, start, tzinfo=zone), minutes=minutes)
        for day, start in rules.weekly_starts(first_day=first_day, weekdays=weekdays, at=at, weeks=weeks)
    )
    audit.record(
        actor=actor,
        action=AuditAction.PROGRAMME_SESSIONS,
        obj=programme,
        changes=audit.changes_of(sessions=(None, [s.starts_at for s in sessions])),
    )
    return sessions


# --- referral, allocation, decline and end --------------------------------------------------------


@transaction.atomic
def participation_refer(*, actor: User, objective: Objective, programme: Programme, note: str = "") -> Participation:
    """A referral from an objective of the person's sentence plan in force: onto the waiting list."""
    objective = workflow.locked(objective, "plan__prisoner__current_prison")
    prisoner = objective.plan.prisoner
    ensure_allowed(referrer_refusal(actor, prisoner))
    problems = {}
    if objective.plan.status == PlanStatus.SUPERSEDED or objective.status not in REFERABLE_OBJECTIVES:
        problems["objective"] = _("Refer from an accepted objective of the plan in force.")
    if programme.prison_id != prisoner.current_prison_id or not programme.is_active:
        problems["programme"] = _("Choose a programme offered at the prison that holds the person.")
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                programme=programme,
                prisoner=prisoner,
                objective=objective,
                referred_by=actor,
                referred_at=timezone.now(),
                referral_note=note.strip(),
            )
    except IntegrityError as exc:
        raise ValidationError({"programme": _("This person is already referred to or on this programme.")}) from exc
    audit.record(
        actor=actor,
        action=AuditAction.PARTICIPATION_REFER,
        obj=participation,
        changes=audit.changes_of(
            prisoner=(None, prisoner.pk), programme=(None, programme.pk), objective=(None, objective.pk)
        ),
        reason=participation.referral_note,
    )
    return participation


def _locked(participation: Participation, version: int | None) -> Participation:
    participation = workflow.locked(participation, "programme__prison", "prisoner__current_prison")
    check_version(participation, version)
    return participation


def members_of(programme: Programme) -> list[Prisoner]:
    """The people allocated a place: the group a new member joins."""
    return list(
        Prisoner.objects.filter(
            pk__in=Participation.objects.filter(programme=programme, status=ParticipationStatus.ALLOCATED).values(
                "prisoner_id"
            )
        )
    )


@transaction.atomic
def participation_allocate(*, actor: User, participation: Participation, version: int | None = None) -> Participation:
    """A place for a person on the waiting list, within capacity, once the suitability check finds
    nothing against it; every refusal is named."""
    participation = _locked(participation, version)
    programme = (
        Programme.objects.select_for_update(no_key=True, of=("self",))
        .select_related("prison", "venue")
        .get(pk=participation.programme_id)
    )
    ensure_allowed(coordinator_refusal(actor, programme.prison))
    members = members_of(programme)
    if refused := suitability.refusals(
        programme=programme, prisoner=participation.prisoner, members=members, allocated=len(members)
    ):
        raise ValidationError({"status": refused})
    before = PARTICIPATIONS.move(participation, ParticipationStatus.ALLOCATED)
    participation.allocated_by, participation.allocated_at = actor, timezone.now()
    bump_version(participation, ["status", "allocated_by", "allocated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.PARTICIPATION_ALLOCATE,
        obj=participation,
        changes=audit.changes_of(status=(before, participation.status)),
    )
    return participation


def _end(
    participation: Participation, *, actor: User | None, status: str, reason: str, action: AuditAction
) -> Participation:
    before = PARTICIPATIONS.move(participation, status)
    participation.ended_by, participation.ended_at = actor, timezone.now()
    participation.end_reason = reason.strip()
    fields = ["status", "ended_by", "ended_at", "end_reason", "achievement", "report"]
    bump_version(participation, fields)
    audit.record(
        actor=actor,
        action=action,
        obj=participation,
        changes=audit.changes_of(status=(before, status), achievement=(None, participation.achievement or None)),
        reason=participation.end_reason,
    )
    return participation


@transaction.atomic
def participation_decline(
    *, actor: User, participation: Participation, reason: str, version: int | None = None
) -> Participation:
    """The person declines the referral or the place: their choice, with their reason. Nothing
    else changes (no sanction, no classification input)."""
    participation = _locked(participation, version)
    ensure_allowed(decline_refusal(actor, participation))
    if not reason.strip():
        raise ValidationError({"reason": _("Record the person's reason, in their words.")})
    return _end(
        participation,
        actor=actor,
        status=ParticipationStatus.DECLINED,
        reason=reason,
        action=AuditAction.PARTICIPATION_DECLINE,
    )


@dataclass(frozen=True)
class Ending:
    status: str  # one of rules.ENDINGS
    reason: str = ""
    achievement: str = ""  # choices.Achievement, for the objective the referral came from
    report: str = ""  # the end-of-programme report


@transaction.atomic
def participation_end(
    *, actor: User, participation: Participation, ending: Ending, version: int | None = None
) -> Participation:
    """A place ends: completed (with the end-of-programme report), dropped out or removed (with
    the reason)."""
    participation = _locked(participation, version)
    ensure_allowed(coordinator_refusal(actor, participation.programme.prison))
    problems = {}
    if ending.status not in rules.ENDINGS:
        problems["status"] = _("Choose completed, dropped out or removed.")
    elif ending.status in rules.NEEDS_REASON and not ending.reason.strip():
        problems["reason"] = _("Give the reason.")
    if ending.status == ParticipationStatus.COMPLETED:
        if participation.objective_id and not ending.achievement:
            problems["achievement"] = _("Say how far the objective the referral came from was achieved.")
        if not ending.report.strip():
            problems["report"] = _("Write the end-of-programme report.")
    if problems:
        raise ValidationError(problems)
    participation.achievement = ending.achievement if ending.status == ParticipationStatus.COMPLETED else ""
    participation.report = ending.report.strip()
    participation = _end(
        participation, actor=actor, status=ending.status, reason=ending.reason, action=AuditAction.PARTICIPATION_END
    )
    if ending.status == ParticipationStatus.COMPLETED:
        _completion_trigger(actor, participation)
    return participation


def _completion_trigger(actor: User, participation: Participation) -> None:
    """A completed programme makes due again the assessment instruments that list the event. It
    is recorded only where a current instrument lists it, so that the file never says a
    reassessment is due for an event no instrument reads."""
    event = TriggerEvent.PROGRAMME_COMPLETED
    if not any(rule.event == event for instrument in latest_instruments().values() for rule in instrument.triggers):
        return
    reassessment_trigger_from_file(
        actor=actor,
        prisoner=participation.prisoner,
        event=event,
        occurred_on=timezone.localdate(),
        note=participation.programme.name,
    )


@transaction.atomic
def participations_end_on_leaving(*, actor: User | None, prisoner: Prisoner, event: str) -> list[Participation]:
    """A transfer out of the prison ends the open referrals and places at its programmes; a
    release or a death ends them all (the receiver of register.signals.file_event; the movement's
    service checked who may act)."""
    status, action = (
        (ParticipationStatus.TRANSFERRED, AuditAction.PARTICIPATION_TRANSFER)
        if event == "transfer"
        else (ParticipationStatus.LEFT_CUSTODY, AuditAction.PARTICIPATION_LEFT_CUSTODY)
    )
    ended = []
    for participation in (
        Participation.objects.select_for_update(no_key=True, of=("self",))
        .filter(prisoner=prisoner, status__in=rules.OPEN)
        .exclude(programme__prison_id=prisoner.current_prison_id or 0)
    ):
        ended.append(
            _end(
                participation,
                actor=actor,
                status=status,
                reason="",
                action=action,
            )
        )
    return ended


# --- attendance -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    participation_id: int
    mark: str
    reason: str = ""


@transaction.atomic
def attendance_record(
    *, actor: User, session: Session, marks: list[Mark], notes: str = "", version: int | None = None
) -> Session:
    """The attendance of the whole group at one session, and its notes: one mark for each person
    allocated a place; recording again corrects the marks (each change in the audit event)."""
    session = workflow.locked(session, "programme__prison")
    programme = session.programme
    ensure_allowed(attendance_refusal(actor, programme))
    check_version(session, version)
    group = set(
        Participation.objects.filter(programme=programme, status=ParticipationStatus.ALLOCATED).values_list(
            "pk", flat=True
        )
    )
    problems: dict[str, str] = {}
    given = {m.participation_id: m for m in marks}
    if set(given) != group:
        problems["marks"] = _("Mark every person on the programme, and only them.")
    for mark in marks:
        if problem := rules.mark_problem(mark.mark, mark.reason):
            problems[f"mark_{mark.participation_id}"] = problem
    if timezone.localdate(session.starts_at) > timezone.localdate():
        problems["session"] = _("Attendance is recorded on the day of the session or after.")
    if problems:
        raise ValidationError(problems)
    existing = {a.participation_id: a for a in Attendance.objects.filter(session=session)}
    changes: dict[str, tuple[object, object]] = {}
    for mark in marks:
        before = existing.get(mark.participation_id)
        value = (mark.mark, mark.reason.strip())
        if before is None:
            Attendance.objects.create(
                session=session, participation_id=mark.participation_id, mark=value[0], reason=value[1]
            )
            changes[str(mark.participation_id)] = (None, value[0])
        elif (before.mark, before.reason) != value:
            changes[str(mark.participation_id)] = (before.mark, value[0])
            before.mark, before.reason = value
            before.save(update_fields=["mark", "reason"])
    if notes.strip() != session.notes:
        changes["notes"] = (session.notes, notes.strip())
        session.notes = notes.strip()
    session.attendance_by, session.attendance_at = actor, timezone.now()
    bump_version(session, ["notes", "attendance_by", "attendance_at"])
    audit.record(
        actor=actor,
        action=AuditAction.ATTENDANCE_RECORD,
        obj=session,
        changes=audit.changes_of(**changes),
    )
    return session
