"""Writes of risk and needs assessments: each step in one transaction with its audit event.

Who may act: only an assessor (the right `assess_risk_and_needs`) working at the prison that holds
the person starts, rates, submits, countersigns or returns an assessment; the countersigning
assessor must be a second person, neither the one who started it nor the one who submitted it.
"""

from datetime import date
from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import works_at
from custodia.core import audit, workflow
from custodia.core.actions import AuditAction
from custodia.core.levels import RiskLevel
from custodia.core.refusals import ensure_allowed
from custodia.core.rights import right
from custodia.core.versions import bump_version, check_version
from custodia.estate.models import Prison
from custodia.register.models import Prisoner
from custodia.register.selectors import is_vep

from . import rules
from .choices import FROM_RECORDS, AssessmentStatus, TriggerEvent
from .instruments import Instrument, InstrumentError
from .models import Assessment, InstrumentVersion, ItemRating, ReassessmentTrigger
from .selectors import applicable_instruments

ASSESS = right("assess_risk_and_needs")
# Each step reads the assessment again, locked, with what it checks and rates against.
LOCKED_WITH = ("prisoner__current_prison", "instrument")
ASSESSMENTS = workflow.Workflow(
    rules.ALLOWED_PREVIOUS,
    AssessmentStatus,
    refused=gettext_lazy("An assessment that is “%(current)s” cannot become “%(new)s”."),
)


# --- who may act ----------------------------------------------------------------------------------
# Each predicate says why the actor may not take the action, or None: the service refuses with it,
# the pages ask it to offer the action only to those it allows.


def assessor_refusal(actor: User, prisoner: Prisoner) -> str | None:
    """Why `actor` may not start, rate or submit an assessment of the person, or record an event
    that calls for one, or None: an assessor at the prison that holds the person."""
    prison = prisoner.current_prison
    if not actor.has_perm(ASSESS) or prison is None or not works_at(actor, prison):
        return _("Only an assessor at the prison that holds this person can do this.")
    return None


def review_refusal(actor: User, assessment: Assessment) -> str | None:
    """Why `actor` may not countersign or return the assessment, or None: an assessor there, and a
    second person, neither the one who started it nor the one who submitted it."""
    if refusal := assessor_refusal(actor, assessment.prisoner):
        return refusal
    if actor.pk in (assessment.created_by_id, assessment.submitted_by_id):
        return _("A second assessor must countersign or return it, not the one who made it.")
    return None


def discard_refusal(actor: User, assessment: Assessment) -> str | None:
    """Why `actor` may not discard the draft, or None: its author, still an assessor where the
    person is held (whether it is still a draft, the workflow says)."""
    if refusal := assessor_refusal(actor, assessment.prisoner):
        return refusal
    if actor.pk != assessment.created_by_id:
        return _("Only the assessor who started this draft can discard it.")
    return None


def instrument_version_publish(instrument: Instrument) -> InstrumentVersion:
    """The stored copy of an instrument version, made when it is first used. A file changed after
    publication is refused: a change must be published as a new version."""
    stored, _created = InstrumentVersion.objects.get_or_create(
        code=instrument.id,
        version=instrument.version,
        defaults={"content_hash": instrument.content_hash(), "definition": instrument.model_dump(mode="json")},
    )
    if stored.content_hash != instrument.content_hash():
        raise InstrumentError(
            f"Instrument {instrument.id} version {instrument.version} was published with other content: "
            "a published instrument never changes; give the changed definition a new version number."
        )
    return stored


@transaction.atomic
def assessment_start(*, actor: User, prisoner: Prisoner, instrument_id: str) -> Assessment:
    # Only the person's row is locked: PostgreSQL cannot lock the nullable side of a join.
    prisoner = (
        Prisoner.objects.select_for_update(no_key=True, of=("self",))
        .select_related("current_prison")
        .get(pk=prisoner.pk)
    )
    ensure_allowed(assessor_refusal(actor, prisoner))
    prison = cast(Prison, prisoner.current_prison)  # not None: assessor_refusal refuses a person held nowhere
    instrument = next(
        (i for i in applicable_instruments(prisoner, is_vep=is_vep(prisoner.pk)) if i.id == instrument_id),
        None,
    )
    if instrument is None:
        raise ValidationError({"instrument": _("This instrument does not apply to this person.")})
    if Assessment.objects.filter(
        prisoner=prisoner, instrument_code=instrument.id, status__in=rules.EDITABLE | {AssessmentStatus.SUBMITTED}
    ).exists():
        raise ValidationError({"instrument": _("An assessment with this instrument is already under way.")})
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                prisoner=prisoner,
                prison=prison,
                instrument=instrument_version_publish(instrument),
                instrument_code=instrument.id,
                created_by=actor,
            )
    except IntegrityError as exc:  # another assessor started one at the same moment
        raise ValidationError({"instrument": _("An assessment with this instrument is already under way.")}) from exc
    audit.record(
        actor=actor,
        action=AuditAction.ASSESSMENT_START,
        obj=assessment,
        changes=audit.changes_of(
            prisoner=(None, prisoner.pk), instrument=(None, f"{instrument.id} v{instrument.version}")
        ),
    )
    return assessment


@transaction.atomic
def assessment_rate(
    *,
    actor: User,
    assessment: Assessment,
    ratings: dict[str, rules.Rating],
    rationale: str | None = None,
    final_judgement: str | None = None,
    version: int | None = None,
) -> Assessment:
    """Save item ratings with their evidence (and, for SPJ, the rationale and final judgement) on
    a draft or returned assessment. Items not given keep their rating."""
    assessment = workflow.locked(assessment, *LOCKED_WITH)
    ensure_allowed(assessor_refusal(actor, assessment.prisoner))
    check_version(assessment, version)
    if assessment.status not in rules.EDITABLE:
        raise ValidationError({"status": _("Only a draft or a returned assessment can be changed.")})
    instrument = assessment.instrument.instrument
    errors = {
        code: problem
        for code, rating in ratings.items()
        if (problem := rules.value_problem(instrument, code, rating.value))
    }
    if final_judgement and instrument.kind != "spj":
        errors["final_judgement"] = _(
            "Only structured professional judgement has a final judgement chosen by the rater."
        )
    elif final_judgement and final_judgement not in RiskLevel.values:
        errors["final_judgement"] = _("Choose low, moderate or high.")
    if errors:
        raise ValidationError(errors)
    existing = {r.item_code: r for r in assessment.ratings.all()}
    changes: dict[str, tuple[object, object]] = {}
    for code, rating in ratings.items():
        old = existing.get(code)
        if old is None:
            ItemRating.objects.create(
                assessment=assessment, item_code=code, value=rating.value, evidence=rating.evidence
            )
        elif (old.value, old.evidence) != (rating.value, rating.evidence):
            ItemRating.objects.filter(pk=old.pk).update(value=rating.value, evidence=rating.evidence)
        else:
            continue
        changes[code] = (None if old is None else old.value, rating.value)
    fields: list[str] = []
    if rationale is not None and rationale != assessment.rationale:
        changes["rationale"] = (assessment.rationale, rationale)
        assessment.rationale = rationale
        fields.append("rationale")
    if final_judgement is not None and final_judgement != assessment.final_judgement:
        changes["final_judgement"] = (assessment.final_judgement, final_judgement)
        assessment.final_judgement = final_judgement
        fields.append("final_judgement")
    if not changes:
        return assessment  # saving an unchanged form must not make colleagues' copies stale
    bump_version(assessment, fields)
    audit.record(actor=actor, action=AuditAction.ASSESSMENT_RATE, obj=assessment, changes=audit.changes_of(**changes))
    return assessment


def _values(assessment: Assessment) -> dict[str, rules.Rating]:
    return {r.item_code: rules.Rating(r.value, r.evidence) for r in assessment.ratings.all()}


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment, version: int | None = None) -> Assessment:
    """Submit for countersignature. A scored instrument's total and band are computed here; an SPJ
    assessment carries the rater's own judgement and rationale."""
    assessment = workflow.locked(assessment, *LOCKED_WITH)
    ensure_allowed(assessor_refusal(actor, assessment.prisoner))
    check_version(assessment, version)
    instrument = assessment.instrument.instrument
    ratings = _values(assessment)
    problems = rules.submission_problems(
        instrument, ratings, rationale=assessment.rationale, final_judgement=assessment.final_judgement
    )
    if problems:
        raise ValidationError(problems)
    before = ASSESSMENTS.move(assessment, AssessmentStatus.SUBMITTED)
    values = {code: rating.value for code, rating in ratings.items()}
    if instrument.scoring.method == "sum":
        assessment.total_score = instrument.total(values)
        band = instrument.band_for(assessment.total_score)
        assessment.computed_level = band.level if band else ""
        assessment.final_judgement = assessment.computed_level
    assessment.submitted_by, assessment.submitted_at = actor, timezone.now()
    bump_version(
        assessment,
        ["status", "total_score", "computed_level", "final_judgement", "submitted_by", "submitted_at"],
    )
    audit.record(
        actor=actor,
        action=AuditAction.ASSESSMENT_SUBMIT,
        obj=assessment,
        changes=audit.changes_of(
            status=(before, assessment.status),
            total_score=(None, assessment.total_score),
            final_judgement=(None, assessment.final_judgement),
        ),
        reason=assessment.rationale,
    )
    return assessment


@transaction.atomic
def assessment_countersign(*, actor: User, assessment: Assessment, version: int | None = None) -> Assessment:
    assessment = workflow.locked(assessment, *LOCKED_WITH)
    ensure_allowed(review_refusal(actor, assessment))
    check_version(assessment, version)
    before = ASSESSMENTS.move(assessment, AssessmentStatus.FINAL)
    instrument = assessment.instrument.instrument
    values = {code: rating.value for code, rating in _values(assessment).items()}
    assessment.need_areas = instrument.need_areas(values)
    assessment.domain_scores = rules.domain_profile(instrument, values)
    assessment.countersigned_by, assessment.countersigned_at = actor, timezone.now()
    bump_version(assessment, ["status", "need_areas", "domain_scores", "countersigned_by", "countersigned_at"])
    audit.record(
        actor=actor,
        action=AuditAction.ASSESSMENT_COUNTERSIGN,
        obj=assessment,
        changes=audit.changes_of(status=(before, assessment.status)),
    )
    return assessment


@transaction.atomic
def assessment_return(*, actor: User, assessment: Assessment, comment: str, version: int | None = None) -> Assessment:
    assessment = workflow.locked(assessment, *LOCKED_WITH)
    ensure_allowed(review_refusal(actor, assessment))
    check_version(assessment, version)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must be corrected.")})
    before = ASSESSMENTS.move(assessment, AssessmentStatus.RETURNED)
    assessment.return_comment = comment.strip()
    bump_version(assessment, ["status", "return_comment"])
    audit.record(
        actor=actor,
        action=AuditAction.ASSESSMENT_RETURN,
        obj=assessment,
        changes=audit.changes_of(status=(before, assessment.status)),
        reason=assessment.return_comment,
    )
    return assessment


@transaction.atomic
def assessment_discard(
    *, actor: User, assessment: Assessment, reason: str = "", version: int | None = None
) -> Assessment:
    """Discard a draft started by mistake or no longer wanted. It is marked, never deleted: the
    ratings already saved stay in the file's history, the audit trail says who discarded it, when
    and why, and a new assessment with the instrument may be started."""
    assessment = workflow.locked(assessment, *LOCKED_WITH)
    ensure_allowed(discard_refusal(actor, assessment))
    check_version(assessment, version)
    before = ASSESSMENTS.move(assessment, AssessmentStatus.DISCARDED)
    bump_version(assessment, ["status"])
    audit.record(
        actor=actor,
        action=AuditAction.ASSESSMENT_DISCARD,
        obj=assessment,
        changes=audit.changes_of(status=(before, assessment.status)),
        reason=reason.strip(),
    )
    return assessment


@transaction.atomic
def reassessment_trigger_record(
    *, actor: User, prisoner: Prisoner, event: str, occurred_on: date, note: str = ""
) -> ReassessmentTrigger:
    """Record an event after which the instruments that list it are due again (an assessor at the
    prison that holds the person). A serious incident and intelligence graded reliable are refused:
    only their own records write them (choices.FROM_RECORDS), through reassessment_trigger_from_file,
    so that every such trigger names the report it comes from."""
    ensure_allowed(assessor_refusal(actor, Prisoner.objects.select_related("current_prison").get(pk=prisoner.pk)))
    if event in FROM_RECORDS:
        raise ValidationError({"event": FROM_RECORDS[TriggerEvent(event)]})
    return reassessment_trigger_from_file(
        actor=actor, prisoner=prisoner, event=event, occurred_on=occurred_on, note=note
    )


@transaction.atomic
def reassessment_trigger_from_file(
    *, actor: User, prisoner: Prisoner, event: str, occurred_on: date, note: str = ""
) -> ReassessmentTrigger:
    """The same, for an event a record of Custodia writes itself: a transfer or a change of legal
    status (the prisoner file), a closed serious incident report (incidents), an intelligence report
    graded reliable (intelligence), a programme completed (programmes). The service that wrote the
    record has already checked who may act; never reachable from user input."""
    if event not in TriggerEvent.values:
        raise ValidationError({"event": _("Unknown event.")})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    trigger = ReassessmentTrigger.objects.create(
        prisoner=prisoner, event=event, occurred_on=occurred_on, note=note, recorded_by=actor
    )
    audit.record(
        actor=actor,
        action=AuditAction.of_trigger(event),
        obj=prisoner,
        changes=audit.changes_of(trigger=(None, trigger.pk), occurred_on=(None, occurred_on)),
        reason=note,
    )
    return trigger
