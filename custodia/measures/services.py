"""Writes of restrictive measures, each in one transaction with its audit event.

The services refuse what Mandela Rules 43-46 prohibit, whoever asks: solitary confinement for a
woman, a child or a person whose disability it would worsen, and any run of solitary
confinement longer than 15 consecutive days (rules.py). A measure is reviewed, and an appeal
decided, by someone other than who imposed it."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.versions import bump_version, check_version
from custodia.estate.selectors import active_profile
from custodia.register.models import Admission, Prisoner
from custodia.register.rules import age_on

from . import rules, selectors
from .choices import AppealOutcome, MeasureStatus, ReviewOutcome
from .models import Appeal, HealthVisit, Measure, Review


def _refusal(actor: User, permission: str, prison_id: int | None, message: str) -> str | None:
    """`message` unless the actor holds `permission` at the prison (headquarters everywhere)."""
    scope = prison_scope(actor)
    if actor.has_perm(permission) and prison_id is not None and (scope is None or prison_id in scope):
        return None
    return message


def impose_refusal(actor: User, prisoner: Prisoner) -> str | None:
    return _refusal(
        actor,
        selectors.IMPOSE,
        prisoner.current_prison_id,
        _("Only the director of the prison that holds the person can impose a restrictive measure."),
    )


def change_refusal(actor: User, measure: Measure) -> str | None:
    return _refusal(
        actor,
        selectors.IMPOSE,
        measure.prison_id,
        _("Only the director of the prison where the measure applies can extend or end it."),
    )


def review_refusal(actor: User, measure: Measure) -> str | None:
    if refusal := _refusal(
        actor, selectors.REVIEW, measure.prison_id, _("You do not have the right to review this measure.")
    ):
        return refusal
    if actor.pk == measure.imposed_by_id:
        return _("A measure is reviewed by someone other than who imposed it.")
    return None


def notice_refusal(actor: User, measure: Measure) -> str | None:
    return _refusal(
        actor,
        selectors.NOTICE,
        measure.prison_id,
        _("Only staff of the prison where the measure applies can record this."),
    )


def visit_refusal(actor: User, measure: Measure) -> str | None:
    return _refusal(
        actor,
        selectors.VISIT,
        measure.prison_id,
        _("Only health-care staff of the prison where the measure applies can record a visit."),
    )


@dataclass(frozen=True)
class MeasureData:
    kind: str
    legal_basis: str
    reason: str
    hours_without_contact: int
    starts_on: date
    ends_on: date | None
    health_view: str = ""
    worsened: bool = False


def _solitary_problems(prisoner: Prisoner, data: MeasureData) -> dict[str, str]:
    """Rule 45 (who may never be held so) and Rules 43-44 (never more than 15 consecutive days)."""
    problems: dict[str, str] = {}
    if not data.health_view.strip():
        problems["health_view"] = _("Record the health service's view before imposing solitary confinement.")
    # With only an estimated year of birth, the youngest age the person may be.
    age = age_on(data.starts_on, date_of_birth=prisoner.date_of_birth, birth_year_estimated=None)
    if age is None and prisoner.birth_year_estimated:
        age = data.starts_on.year - prisoner.birth_year_estimated - 1
    if refused := rules.solitary_eligibility_problems(
        sex=prisoner.sex, age=age, juvenile_age=active_profile().juvenile_age, worsened=data.worsened
    ):
        problems["hours_without_contact"] = " ".join(refused)
    elif data.ends_on is not None and (
        prolonged := rules.prolonged_problem(
            selectors.solitary_periods(prisoner.pk),
            rules.Period(data.starts_on, data.ends_on),
            break_days=active_profile().measures.solitary_break_days,
        )
    ):
        problems["ends_on"] = prolonged
    return problems


@transaction.atomic
def measure_impose(*, actor: User, prisoner: Prisoner, data: MeasureData) -> Measure:
    # The person's row is locked: two measures recorded at once are counted one after the other.
    prisoner = Prisoner.objects.select_for_update(no_key=True, of=("self",)).get(pk=prisoner.pk)
    ensure_allowed(impose_refusal(actor, prisoner))
    problems = rules.measure_problems(
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        today=timezone.localdate(),
        legal_basis=data.legal_basis,
        reason=data.reason,
        hours=data.hours_without_contact,
    )
    admitted_at = (
        Admission.objects.filter(prisoner=prisoner)
        .order_by("-admitted_at")
        .values_list("admitted_at", flat=True)
        .first()
    )
    if admitted_at is not None and data.starts_on < timezone.localdate(admitted_at):
        problems["starts_on"] = _("A measure starts on or after the person's admission.")
    if prisoner.current_prison_id is None:
        problems["starts_on"] = _("The person is not held in a prison.")
    solitary = rules.is_solitary(data.hours_without_contact)
    if solitary and not problems:
        problems.update(_solitary_problems(prisoner, data))
    if problems:
        raise ValidationError(problems)
    assert data.ends_on is not None and prisoner.current_prison_id is not None  # checked above
    measure = Measure.objects.create(
        prisoner=prisoner,
        prison_id=prisoner.current_prison_id,
        kind=data.kind,
        legal_basis=data.legal_basis.strip(),
        reason=data.reason.strip(),
        hours_without_contact=data.hours_without_contact,
        solitary=solitary,
        health_view=data.health_view.strip(),
        worsened=data.worsened,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        imposed_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.MEASURE_IMPOSE,
        obj=measure,
        changes=audit.changes_of(
            kind=(None, measure.kind),
            starts_on=(None, measure.starts_on),
            ends_on=(None, measure.ends_on),
            solitary=(None, measure.solitary),
        ),
        reason=measure.reason,
    )
    return measure


def _locked(measure: Measure, version: int | None) -> Measure:
    # The person first (as measure_impose locks them), then the measure: the same order everywhere.
    Prisoner.objects.select_for_update(no_key=True, of=("self",)).filter(pk=measure.prisoner_id).first()
    locked = Measure.objects.select_for_update(no_key=True, of=("self",)).select_related("prisoner").get(pk=measure.pk)
    check_version(locked, version)
    return locked


def _in_force(measure: Measure) -> None:
    if measure.status != MeasureStatus.IN_FORCE:
        raise ValidationError({"status": _("This measure has already ended.")})


@transaction.atomic
def measure_extend(*, actor: User, measure: Measure, ends_on: date, reason: str, version: int | None = None) -> Measure:
    measure = _locked(measure, version)
    ensure_allowed(change_refusal(actor, measure))
    _in_force(measure)
    if ends_on <= measure.ends_on:
        raise ValidationError({"ends_on": _("An extension ends after the planned end it replaces.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if measure.solitary and (
        prolonged := rules.prolonged_problem(
            selectors.solitary_periods(measure.prisoner_id, excluding=measure.pk),
            rules.Period(measure.starts_on, ends_on),
            break_days=active_profile().measures.solitary_break_days,
        )
    ):
        raise ValidationError({"ends_on": prolonged})
    before, measure.ends_on = measure.ends_on, ends_on
    bump_version(measure, ["ends_on"])
    audit.record(
        actor=actor,
        action=AuditAction.MEASURE_EXTEND,
        obj=measure,
        changes=audit.changes_of(ends_on=(before, ends_on)),
        reason=reason.strip(),
    )
    return measure


def _end(measure: Measure, *, actor: User | None, reason: str, ended_on: date, action: AuditAction) -> Measure:
    measure.status, measure.ended_on, measure.ended_by = MeasureStatus.ENDED, ended_on, actor
    measure.end_reason = reason.strip()
    bump_version(measure, ["status", "ended_on", "ended_by", "end_reason"])
    audit.record(
        actor=actor,
        action=action,
        obj=measure,
        changes=audit.changes_of(status=(MeasureStatus.IN_FORCE, measure.status), ended_on=(None, ended_on)),
        reason=measure.end_reason,
    )
    return measure


@transaction.atomic
def measure_end(*, actor: User, measure: Measure, reason: str, version: int | None = None) -> Measure:
    measure = _locked(measure, version)
    ensure_allowed(change_refusal(actor, measure))
    _in_force(measure)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the measure ends.")})
    today = timezone.localdate()
    return _end(
        measure, actor=actor, reason=reason, ended_on=max(today, measure.starts_on), action=AuditAction.MEASURE_END
    )


@transaction.atomic
def measure_review(*, actor: User, measure: Measure, outcome: str, note: str, version: int | None = None) -> Review:
    measure = _locked(measure, version)
    ensure_allowed(review_refusal(actor, measure))
    _in_force(measure)
    problems = {}
    if outcome not in ReviewOutcome.values:
        problems["outcome"] = _("Choose the outcome of the review.")
    if not note.strip():
        problems["note"] = _("Give the reasons of the review: why the measure is still needed, or not.")
    if problems:
        raise ValidationError(problems)
    today = timezone.localdate()
    review = Review.objects.create(
        measure=measure, reviewed_on=today, reviewed_by=actor, outcome=outcome, note=note.strip()
    )
    audit.record(
        actor=actor,
        action=AuditAction.MEASURE_REVIEW,
        obj=measure,
        changes=audit.changes_of(outcome=(None, outcome)),
        reason=review.note,
    )
    if outcome == ReviewOutcome.END:
        _end(measure, actor=actor, reason=review.note, ended_on=today, action=AuditAction.MEASURE_END)
    return review


def _day_in_measure(measure: Measure, day: date, field: str) -> None:
    today = timezone.localdate()
    if day > today:
        raise ValidationError({field: _("The date cannot be in the future.")})
    if day < measure.starts_on or day > measure.last_day:
        raise ValidationError({field: _("The date must fall within the measure.")})


@transaction.atomic
def told_record(*, actor: User, measure: Measure, told_on: date, version: int | None = None) -> Measure:
    """The day the person was told the reason for the measure, in a language they understand."""
    measure = _locked(measure, version)
    ensure_allowed(notice_refusal(actor, measure))
    _day_in_measure(measure, told_on, "told_on")
    before, measure.told_on = measure.told_on, told_on
    bump_version(measure, ["told_on"])
    audit.record(
        actor=actor, action=AuditAction.MEASURE_TOLD, obj=measure, changes=audit.changes_of(told_on=(before, told_on))
    )
    return measure


@transaction.atomic
def health_visit_record(
    *, actor: User, measure: Measure, visited_on: date, adverse_effects: bool, note: str
) -> HealthVisit:
    measure = _locked(measure, None)
    ensure_allowed(visit_refusal(actor, measure))
    if not selectors.visit_due(measure):
        raise ValidationError({"visited_on": _("This measure does not hold the person apart: no daily visit is due.")})
    _day_in_measure(measure, visited_on, "visited_on")
    if adverse_effects and not note.strip():
        raise ValidationError({"note": _("Describe the adverse effects, for the director.")})
    if measure.health_visits.filter(visited_on=visited_on).exists():
        raise ValidationError({"visited_on": _("A visit is already recorded for this day.")})
    visit = HealthVisit.objects.create(
        measure=measure, visited_on=visited_on, visited_by=actor, adverse_effects=adverse_effects, note=note.strip()
    )
    audit.record(
        actor=actor,
        action=AuditAction.MEASURE_HEALTH_VISIT,
        obj=measure,
        changes=audit.changes_of(visited_on=(None, visited_on), adverse_effects=(None, adverse_effects)),
    )
    return visit


@transaction.atomic
def appeal_lodge(*, actor: User, measure: Measure, lodged_on: date, grounds: str) -> Appeal:
    measure = _locked(measure, None)
    ensure_allowed(notice_refusal(actor, measure))
    if lodged_on > timezone.localdate() or lodged_on < measure.starts_on:
        raise ValidationError(
            {"lodged_on": _("An appeal is lodged on or after the start of the measure, and not in the future.")}
        )
    if not grounds.strip():
        raise ValidationError({"grounds": _("Record the grounds, in the person's words.")})
    appeal = Appeal.objects.create(measure=measure, lodged_on=lodged_on, grounds=grounds.strip(), recorded_by=actor)
    audit.record(
        actor=actor,
        action=AuditAction.MEASURE_APPEAL,
        obj=measure,
        changes=audit.changes_of(appeal=(None, appeal.pk), lodged_on=(None, lodged_on)),
        reason=appeal.grounds,
    )
    return appeal


@transaction.atomic
def appeal_decide(*, actor: User, appeal: Appeal, outcome: str, note: str) -> Appeal:
    appeal = Appeal.objects.select_for_update(no_key=True, of=("self",)).get(pk=appeal.pk)
    measure = _locked(appeal.measure, None)
    ensure_allowed(review_refusal(actor, measure))
    if appeal.outcome != AppealOutcome.PENDING:
        raise ValidationError({"outcome": _("This appeal has already been decided.")})
    problems = {}
    if outcome not in (AppealOutcome.UPHELD, AppealOutcome.DISMISSED):
        problems["outcome"] = _("Choose the decision.")
    if not note.strip():
        problems["decision_note"] = _("Give the reasons for the decision, as the person will be told them.")
    if problems:
        raise ValidationError(problems)
    today = timezone.localdate()
    appeal.outcome, appeal.decided_on, appeal.decided_by, appeal.decision_note = outcome, today, actor, note.strip()
    appeal.save(update_fields=["outcome", "decided_on", "decided_by", "decision_note"])
    audit.record(
        actor=actor,
        action=AuditAction.MEASURE_APPEAL_DECIDE,
        obj=measure,
        changes=audit.changes_of(appeal=(None, appeal.pk), outcome=(AppealOutcome.PENDING, outcome)),
        reason=appeal.decision_note,
    )
    if outcome == AppealOutcome.UPHELD and measure.status == MeasureStatus.IN_FORCE:
        _end(measure, actor=actor, reason=appeal.decision_note, ended_on=today, action=AuditAction.MEASURE_END)
    return appeal


@transaction.atomic
def measures_end_on_leaving(*, actor: User | None, prisoner: Prisoner, occurred_on: date) -> list[Measure]:
    """A transfer, a release or a death ends the person's measures in force (the receiver of
    register.signals.file_event; the movement's service checked who may act)."""
    ended = []
    for measure in Measure.objects.select_for_update(no_key=True, of=("self",)).filter(
        prisoner=prisoner, status=MeasureStatus.IN_FORCE
    ):
        ended.append(
            _end(
                measure,
                actor=actor,
                reason="",
                ended_on=max(occurred_on, measure.starts_on),
                action=AuditAction.MEASURE_LEFT,
            )
        )
    return ended
