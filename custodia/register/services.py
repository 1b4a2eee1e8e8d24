"""Writes to the prisoner file. Each runs in one transaction and records its audit event,
so that a change is saved whole, with its audit row, or not at all."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import works_at
from custodia.core import audit
from custodia.core.versions import bump_version, check_version
from custodia.estate.models import Cell, Prison
from custodia.estate.selectors import active_profile

from . import iccs, rules
from .choices import MovementKind, NameKind, OffenceStatus
from .models import (
    Admission,
    CourtCase,
    CustodyPeriod,
    FamilyMember,
    LegalStatusChange,
    Movement,
    Offence,
    Prisoner,
    PrisonerName,
    PrisonerNumberCounter,
    PropertyItem,
    Sentence,
)
from .placing import placement_refusals
from .signals import file_event


@dataclass
class NameData:
    given_names: str
    family_name: str = ""
    script: str = "Latn"
    kind: str = NameKind.PRIMARY


@dataclass
class IdentityData:
    names: list[NameData]
    sex: str
    nationality: str
    date_of_birth: date | None = None
    birth_year_estimated: int | None = None
    gender_identity: str = ""
    languages: str = ""
    interpreter_needed: bool = False
    returnee: bool = False


@dataclass
class CommitmentData:
    prison: Prison
    admitted_at: datetime
    authority: str
    reference: str
    order_date: date
    reasons: str
    legal_status: str
    arrested_at: datetime | None = None
    arrest_place: str = ""
    cell: Cell | None = None
    visible_injuries: str = ""
    ill_treatment_complaint: str = ""


@dataclass
class CaseData:
    court: str
    case_number: str
    legal_representative: str = ""
    representative_contact: str = ""
    next_hearing: date | None = None


@dataclass
class OffenceData:
    iccs_code: str
    national_wording: str
    terrorism_link: bool = False
    status: str = OffenceStatus.CHARGED


@dataclass
class SentenceData:
    imposed_on: date
    starts_on: date
    years: int = 0
    months: int = 0
    days: int = 0
    remand_credit_days: int = 0
    life: bool = False


@dataclass
class PropertyData:
    description: str
    quantity: int = 1
    condition: str = ""


@dataclass
class FamilyData:
    name: str
    relationship: str
    birth_year: int | None = None
    whereabouts: str = ""
    custodian: str = ""
    contact: str = ""
    is_emergency_contact: bool = False
    is_next_of_kin: bool = False


@dataclass
class AdmissionData:
    identity: IdentityData
    commitment: CommitmentData
    case: CaseData | None = None
    offences: list[OffenceData] = field(default_factory=list)
    sentence: SentenceData | None = None
    property_items: list[PropertyData] = field(default_factory=list)
    family: list[FamilyData] = field(default_factory=list)


def date_bounds() -> rules.DateBounds:
    """The dates a file may carry today under the active country profile."""
    return rules.DateBounds.of(active_profile(), timezone.localdate())


def _max_length(model: type[models.Model], field_name: str) -> int:
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{field_name} is not a text field with a length")
    return field.max_length


def _person_text(value: str, *, field_name: str, max_length: int, errors: dict[str, str]) -> str:
    """The name as it is stored (rules.clean_person_text), or the value as given with the refusal
    under `field_name`."""
    try:
        return rules.clean_person_text(value, max_length=max_length)
    except rules.TextRefused as exc:
        errors[field_name] = str(exc)
        return value


def _cleaned(data: AdmissionData, errors: dict[str, str], bounds: rules.DateBounds) -> AdmissionData:
    """The admission with every text that identifies a person (the person's names, a relative's
    name and custodian, the legal representative) as it is stored, so that the web forms, the API
    and any other caller store the same text and no invisible character can make one name look
    like another. Refusals are named as the fields are: "given_names" and "family_name" for the
    primary name, "names.<i>.given_names" for another, "family.<i>.name" for a relative."""
    given_length = _max_length(PrisonerName, "given_names")
    family_length = _max_length(PrisonerName, "family_name")
    names = []
    for i, name in enumerate(data.identity.names):
        prefix = f"names.{i}." if i else ""
        given = _person_text(
            name.given_names, field_name=f"{prefix}given_names", max_length=given_length, errors=errors
        )
        if i and not given:
            errors[f"{prefix}given_names"] = _("Enter at least the given names.")
        family = _person_text(
            name.family_name, field_name=f"{prefix}family_name", max_length=family_length, errors=errors
        )
        names.append(replace(name, given_names=given, family_name=family))
    family_members = []
    for i, member in enumerate(data.family):
        member_name = _person_text(
            member.name, field_name=f"family.{i}.name", max_length=_max_length(FamilyMember, "name"), errors=errors
        )
        if not member_name:
            errors[f"family.{i}.name"] = _("This field is required.")
        custodian = _person_text(
            member.custodian,
            field_name=f"family.{i}.custodian",
            max_length=_max_length(FamilyMember, "custodian"),
            errors=errors,
        )
        if member.birth_year is not None and (problem := rules.relative_birth_year_problem(member.birth_year, bounds)):
            errors[f"family.{i}.birth_year"] = problem
        family_members.append(replace(member, name=member_name, custodian=custodian))
    case = data.case
    if case is not None:
        representative = _person_text(
            case.legal_representative,
            field_name="legal_representative",
            max_length=_max_length(CourtCase, "legal_representative"),
            errors=errors,
        )
        case = replace(case, legal_representative=representative)
    return replace(data, identity=replace(data.identity, names=names), family=family_members, case=case)


def _validate(data: AdmissionData, actor: User | None) -> AdmissionData:
    """Check what the forms and the API cannot see on their own; every message names its field.
    Returns the admission with its names as they are stored (see _cleaned)."""
    errors: dict[str, str] = {}
    profile = active_profile()
    bounds = date_bounds()
    data = _cleaned(data, errors, bounds)
    identity, commitment, sentence = data.identity, data.commitment, data.sentence
    if "given_names" not in errors and (not identity.names or not identity.names[0].given_names):
        errors["given_names"] = _("Enter at least the given names.")
    errors.update(
        rules.admission_date_problems(
            bounds,
            now=timezone.now(),
            tz=timezone.get_current_timezone(),
            admitted_at=commitment.admitted_at,
            arrested_at=commitment.arrested_at,
            order_date=commitment.order_date,
            next_hearing=data.case.next_hearing if data.case else None,
            date_of_birth=identity.date_of_birth,
            birth_year_estimated=identity.birth_year_estimated,
        )
    )
    if actor is not None and not works_at(actor, commitment.prison):
        errors["prison"] = _("You can only admit people into a prison where you work.")
    if commitment.cell and commitment.cell.unit.prison_id != commitment.prison.pk:
        errors["cell"] = _("This cell is not in the chosen prison.")
    errors.update(
        rules.charge_problems(
            legal_status=commitment.legal_status,
            statuses_used={entry.code for entry in profile.legal_statuses},
            iccs_codes=[offence.iccs_code for offence in data.offences],
            sentenced=sentence is not None,
        )
    )
    if sentence:
        errors.update(
            rules.sentence_problems(
                bounds,
                imposed_on=sentence.imposed_on,
                starts_on=sentence.starts_on,
                years=sentence.years,
                months=sentence.months,
                days=sentence.days,
                remand_credit_days=sentence.remand_credit_days,
                life=sentence.life,
                earliest_fraction=profile.release.earliest_release_fraction,
            )
        )
    if errors:
        raise ValidationError(errors)
    return data


def _next_prisoner_number(admitted_on: date) -> str:
    template = active_profile().prisoner_number.template
    prefix = rules.prisoner_number_prefix(template, year=admitted_on.year)
    # The row is locked until the admission commits, so two receptions never draw the same number.
    counter, _created = PrisonerNumberCounter.objects.select_for_update().get_or_create(prefix=prefix)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return rules.format_prisoner_number(template, year=admitted_on.year, seq=counter.last_value)


def search_text_of(number: str, names: list[NameData]) -> str:
    parts = [number] + [f"{n.given_names} {n.family_name}" for n in names]
    return " | ".join(rules.search_key(part) for part in parts)


@transaction.atomic
def prisoner_admit(*, actor: User | None, data: AdmissionData) -> Prisoner:
    """Receive a new person into custody: identity, commitment, legal situation, property
    and family, placed in a prison (and a cell where one is chosen) in one transaction."""
    data = _validate(data, actor)
    commitment = data.commitment
    move = rules.Move(
        MovementKind.ADMISSION,
        commitment.admitted_at,
        to_prison=commitment.prison.pk,
        to_cell=commitment.cell.pk if commitment.cell else None,
    )
    effect = rules.movement_effect(rules.NOT_YET_ADMITTED, move)
    prisoner = _prisoner_create(data.identity, commitment.legal_status, effect.after, commitment.admitted_at)
    _ensure_placement_allowed(prisoner, commitment.prison.pk, commitment.cell, fields=("prison", "cell"))
    _admission_create(prisoner, commitment, data.property_items, actor=actor)
    FamilyMember.objects.bulk_create(FamilyMember(prisoner=prisoner, **vars(f)) for f in data.family)
    LegalStatusChange.objects.create(
        prisoner=prisoner,
        status=commitment.legal_status,
        effective_on=commitment.order_date,
        note=_("On admission"),
        recorded_by=actor,
    )
    case = _case_create(prisoner, data.case) if data.case else None
    _offences_create(prisoner, case, data.offences)
    if data.sentence:
        _sentence_create(prisoner=prisoner, case=case, data=data.sentence)
    _movement_write(prisoner, rules.NOT_YET_ADMITTED, move, effect, actor=actor)
    audit.record(
        actor=actor,
        action="prisoner.admit",
        obj=prisoner,
        changes={
            "number": [None, prisoner.number],
            "prison": [None, commitment.prison.pk],
            "legal_status": [None, commitment.legal_status],
        },
    )
    return prisoner


def _prisoner_create(
    identity: IdentityData, legal_status: str, custody: rules.Custody, admitted_at: datetime
) -> Prisoner:
    number = _next_prisoner_number(timezone.localdate(admitted_at))
    primary = identity.names[0]
    prisoner = Prisoner.objects.create(
        number=number,
        search_text=search_text_of(number, identity.names),
        display_name=" ".join(p for p in (primary.given_names, primary.family_name) if p),
        sex=identity.sex,
        gender_identity=identity.gender_identity,
        date_of_birth=identity.date_of_birth,
        birth_year_estimated=identity.birth_year_estimated,
        nationality=identity.nationality,
        languages=identity.languages,
        interpreter_needed=identity.interpreter_needed,
        returnee=identity.returnee,
        legal_status=legal_status,
        custody_status=custody.status,
        current_prison_id=custody.prison,
        current_cell_id=custody.cell,
    )
    PrisonerName.objects.bulk_create(
        PrisonerName(
            prisoner=prisoner, kind=n.kind, given_names=n.given_names, family_name=n.family_name, script=n.script
        )
        for n in identity.names
    )
    return prisoner


def _admission_create(
    prisoner: Prisoner, commitment: CommitmentData, property_items: list[PropertyData], *, actor: User | None
) -> Admission:
    admission = Admission.objects.create(
        prisoner=prisoner,
        prison=commitment.prison,
        admitted_at=commitment.admitted_at,
        commitment_authority=commitment.authority,
        commitment_reference=commitment.reference,
        commitment_date=commitment.order_date,
        commitment_reasons=commitment.reasons,
        arrested_at=commitment.arrested_at,
        arrest_place=commitment.arrest_place,
        visible_injuries=commitment.visible_injuries,
        ill_treatment_complaint=commitment.ill_treatment_complaint,
        admitted_by=actor,
    )
    PropertyItem.objects.bulk_create(
        PropertyItem(admission=admission, description=p.description, quantity=p.quantity, condition=p.condition)
        for p in property_items
    )
    return admission


def _case_create(prisoner: Prisoner, data: CaseData) -> CourtCase:
    case = CourtCase.objects.create(
        prisoner=prisoner,
        court=data.court,
        case_number=data.case_number,
        legal_representative=data.legal_representative,
        representative_contact=data.representative_contact,
    )
    if data.next_hearing:
        case.hearings.create(held_on=data.next_hearing, purpose=_("Next hearing"))
    return case


def _offences_create(prisoner: Prisoner, case: CourtCase | None, offences: list[OffenceData]) -> None:
    Offence.objects.bulk_create(
        Offence(
            prisoner=prisoner,
            case=case,
            iccs_code=o.iccs_code,
            national_wording=o.national_wording,
            terrorism_link=o.terrorism_link or o.iccs_code in iccs.TERRORISM_CODES,
            status=o.status,
        )
        for o in offences
    )


def _sentence_create(*, prisoner: Prisoner, case: CourtCase | None, data: SentenceData) -> Sentence:
    full_term = earliest = None
    if not data.life:
        dates = rules.release_dates(
            starts_on=data.starts_on,
            years=data.years,
            months=data.months,
            days=data.days,
            remand_credit_days=data.remand_credit_days,
            earliest_fraction=active_profile().release.earliest_release_fraction,
        )
        full_term, earliest = dates.full_term, dates.earliest
    return Sentence.objects.create(
        prisoner=prisoner,
        case=case,
        imposed_on=data.imposed_on,
        starts_on=data.starts_on,
        years=data.years,
        months=data.months,
        days=data.days,
        remand_credit_days=data.remand_credit_days,
        life=data.life,
        full_term_release_on=full_term,
        earliest_release_on=earliest,
    )


def _ensure_placement_allowed(
    prisoner: Prisoner, prison_id: int, cell: Cell | None, *, fields: tuple[str, str]
) -> None:
    """Every placement goes through the one placement check (placement.checks, through placing): a breach of
    Nelson Mandela Rule 11 without an exception, or of an open non-association, is refused on the
    field that chose the place (the cell's, or the prison's when no cell is chosen). Warnings
    (overcrowding, unit level, women's estate) never refuse: the placement page shows them first."""
    # Placements into one prison wait for each other here (PostgreSQL; SQLite transactions are
    # serial already), so that two cannot each pass the check and together breach it.
    prison = Prison.objects.select_for_update().get(pk=prison_id)
    refusals = placement_refusals(prisoner, prison, cell)
    if refusals:
        prison_field, cell_field = fields
        raise ValidationError({cell_field if cell is not None else prison_field: refusals})


def _ensure_held_where_actor_works(actor: User | None, prisoner: Prisoner) -> None:
    """Only the prison holding a person changes the file; a former prison reads what it wrote.
    Views and the API already select through the user's scope: this guards every other caller."""
    if actor is not None and prisoner.current_prison and not works_at(actor, prisoner.current_prison):
        raise PermissionDenied(_("Only the prison that holds this person can change the file."))


@dataclass
class MovementData:
    kind: str
    occurred_at: datetime
    to_prison: Prison | None = None
    to_cell: Cell | None = None
    reason: str = ""
    release_reason: str = ""
    death_circumstances: str = ""
    version: int | None = None  # the file's version the officer saw; None to skip the check


def _move_of(data: MovementData) -> rules.Move:
    return rules.Move(
        data.kind,
        data.occurred_at,
        to_prison=data.to_prison.pk if data.to_prison else None,
        to_cell=data.to_cell.pk if data.to_cell else None,
        cell_prison=data.to_cell.unit.prison_id if data.to_cell else None,
        reason=data.reason,
        release_reason=data.release_reason,
        death_circumstances=data.death_circumstances,
    )


def _custody_of(prisoner: Prisoner) -> rules.Custody:
    return rules.Custody(prisoner.custody_status, prisoner.current_prison_id, prisoner.current_cell_id)


def _movement_write(
    prisoner: Prisoner,
    before: rules.Custody,
    move: rules.Move,
    effect: rules.MovementEffect,
    *,
    actor: User | None,
) -> Movement:
    """The movement row and the custody periods it ends and opens."""
    movement = Movement.objects.create(
        prisoner=prisoner,
        kind=move.kind,
        occurred_at=move.occurred_at,
        from_prison_id=before.prison,
        from_cell_id=before.cell,
        to_prison_id=effect.to_prison,
        to_cell_id=effect.to_cell,
        reason=move.reason,
        release_reason=move.release_reason,
        death_circumstances=move.death_circumstances,
        recorded_by=actor,
    )
    if effect.ends_period:
        CustodyPeriod.objects.filter(prisoner=prisoner, ended_at__isnull=True).update(ended_at=move.occurred_at)
    if effect.opens_period_in is not None:
        CustodyPeriod.objects.create(prisoner=prisoner, prison_id=effect.opens_period_in, started_at=move.occurred_at)
    return movement


@transaction.atomic
def movement_record(*, actor: User | None, prisoner: Prisoner, data: MovementData) -> Movement:
    """Record a movement and bring the person's custody status, prison, cell and custody
    periods in line with it (rules.movement_effect). Movements the present status does not allow
    are refused."""
    prisoner = Prisoner.objects.select_for_update().get(pk=prisoner.pk)
    _ensure_held_where_actor_works(actor, prisoner)
    check_version(prisoner, data.version)
    before, move = _custody_of(prisoner), _move_of(data)
    problems = rules.movement_problems(
        before,
        move,
        last_at=prisoner.movements.order_by("-occurred_at", "-id").values_list("occurred_at", flat=True).first(),
        now=timezone.now(),
        bounds=date_bounds(),
        tz=timezone.get_current_timezone(),
    )
    if problems:
        raise ValidationError(problems)
    effect = rules.movement_effect(before, move)
    if effect.to_prison is not None:
        _ensure_placement_allowed(prisoner, effect.to_prison, data.to_cell, fields=("to_prison", "to_cell"))
    movement = _movement_write(prisoner, before, move, effect, actor=actor)
    after = effect.after
    prisoner.custody_status, prisoner.current_prison_id, prisoner.current_cell_id = (
        after.status,
        after.prison,
        after.cell,
    )
    bump_version(prisoner, ["custody_status", "current_prison", "current_cell"])
    audit.record(
        actor=actor,
        action=f"movement.{data.kind}",
        obj=prisoner,
        changes=audit.changes_of(
            custody_status=(before.status, after.status),
            prison=(before.prison, after.prison),
            cell=(before.cell, after.cell),
        ),
        reason=data.reason or data.release_reason or data.death_circumstances,
    )
    if data.kind == MovementKind.TRANSFER:
        file_event.send(
            sender=Movement,
            actor=actor,
            prisoner=prisoner,
            event="transfer",
            occurred_on=timezone.localdate(data.occurred_at),
            note=data.reason,
        )
    return movement


@transaction.atomic
def legal_status_change(
    *,
    actor: User | None,
    prisoner: Prisoner,
    status: str,
    effective_on: date,
    note: str = "",
    version: int | None = None,
) -> Prisoner:
    prisoner = Prisoner.objects.select_for_update().get(pk=prisoner.pk)
    _ensure_held_where_actor_works(actor, prisoner)
    check_version(prisoner, version)
    if status not in {entry.code for entry in active_profile().legal_statuses}:
        raise ValidationError({"status": _("This legal status is not used by this prison service.")})
    if status == prisoner.legal_status:
        raise ValidationError({"status": _("This is already the person's legal status.")})
    if problem := rules.record_day_problem(effective_on, date_bounds()):
        raise ValidationError({"effective_on": problem})
    LegalStatusChange.objects.create(
        prisoner=prisoner, status=status, effective_on=effective_on, note=note, recorded_by=actor
    )
    audit.record(
        actor=actor,
        action="prisoner.legal_status",
        obj=prisoner,
        changes=audit.changes_of(legal_status=(prisoner.legal_status, status)),
        reason=note,
    )
    prisoner.legal_status = status
    bump_version(prisoner, ["legal_status"])
    file_event.send(
        sender=LegalStatusChange,
        actor=actor,
        prisoner=prisoner,
        event="sentence_change",
        occurred_on=effective_on,
        note=note,
    )
    return prisoner


@transaction.atomic
def ill_treatment_action_record(*, actor: User | None, admission: Admission, action: str) -> Admission:
    """Close the director's flag on a complaint of prior ill-treatment by saying what was done."""
    admission = Admission.objects.select_for_update().get(pk=admission.pk)
    if not admission.ill_treatment_flag_open:
        raise ValidationError({"action": _("There is no open complaint on this admission.")})
    if not action.strip():
        raise ValidationError({"action": _("Describe the action taken.")})
    admission.ill_treatment_action = action.strip()
    admission.ill_treatment_action_at = timezone.now()
    admission.ill_treatment_action_by = actor
    admission.save(update_fields=["ill_treatment_action", "ill_treatment_action_at", "ill_treatment_action_by"])
    audit.record(
        actor=actor,
        action="admission.ill_treatment_action",
        obj=admission,
        changes={"ill_treatment_action": ["", admission.ill_treatment_action]},
    )
    return admission
