"""Writes to the prisoner file. Each runs in one transaction and records its audit event,
so that a change is saved whole, with its audit row, or not at all."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import works_at
from custodia.core import audit
from custodia.core.versions import bump_version, check_version
from custodia.estate.models import Cell, Prison
from custodia.estate.selectors import active_profile

from . import iccs, rules
from .choices import CustodyStatus, LegalStatus, MovementKind, NameKind, OffenceStatus
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


def _local_day(at: datetime) -> date:
    return rules.day_of(at, timezone.get_current_timezone())


def _max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


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


def _validate(data: AdmissionData, actor) -> AdmissionData:
    """Check what the forms and the API cannot see on their own; every message names its field.
    Returns the admission with its names as they are stored (see _cleaned)."""
    errors: dict[str, str] = {}
    bounds = date_bounds()
    data = _cleaned(data, errors, bounds)
    identity, commitment = data.identity, data.commitment
    admitted_on = _local_day(commitment.admitted_at)
    admitted_problem = (
        _("The admission cannot be in the future.")
        if commitment.admitted_at > timezone.now()
        else rules.record_day_problem(admitted_on, bounds)
    )
    if "given_names" not in errors and (not identity.names or not identity.names[0].given_names):
        errors["given_names"] = _("Enter at least the given names.")
    if identity.date_of_birth is None and identity.birth_year_estimated is None:
        errors["date_of_birth"] = _("Enter the date of birth or, if it is not known, an estimated year of birth.")
    errors.update(
        rules.birth_problems(
            bounds,
            date_of_birth=identity.date_of_birth,
            birth_year_estimated=identity.birth_year_estimated,
            # The minimum age is reckoned on the day of admission, once that day is a plausible one.
            on=None if admitted_problem else admitted_on,
        )
    )
    if admitted_problem:
        errors["admitted_at"] = admitted_problem
    if commitment.arrested_at and commitment.arrested_at > commitment.admitted_at:
        errors["arrested_at"] = _("The arrest must come before the admission.")
    elif commitment.arrested_at and (problem := rules.record_day_problem(_local_day(commitment.arrested_at), bounds)):
        errors["arrested_at"] = problem
    if commitment.order_date > commitment.admitted_at.date():
        errors["order_date"] = _("The commitment order must be dated on or before the admission.")
    elif problem := rules.record_day_problem(commitment.order_date, bounds):
        errors["order_date"] = problem
    if (
        data.case
        and data.case.next_hearing
        and (problem := rules.record_day_problem(data.case.next_hearing, bounds, ahead=True))
    ):
        errors["next_hearing"] = problem
    if actor is not None and not works_at(actor, commitment.prison):
        errors["prison"] = _("You can only admit people into a prison where you work.")
    if commitment.cell and commitment.cell.unit.prison_id != commitment.prison.pk:
        errors["cell"] = _("This cell is not in the chosen prison.")
    profile_statuses = {entry.code for entry in active_profile().legal_statuses}
    if commitment.legal_status not in profile_statuses:
        errors["legal_status"] = _("This legal status is not used by this prison service.")
    for offence in data.offences:
        if offence.iccs_code not in iccs.CODES:
            errors["iccs_code"] = _("Unknown ICCS code: %(code)s.") % {"code": offence.iccs_code}
    convicted = commitment.legal_status in (LegalStatus.CONVICTED, LegalStatus.UNDER_APPEAL)
    if data.sentence and not convicted:
        errors["legal_status"] = _("A sentence can only be recorded for a convicted person.")
    if data.sentence:
        errors.update(
            rules.sentence_problems(
                bounds,
                imposed_on=data.sentence.imposed_on,
                starts_on=data.sentence.starts_on,
                years=data.sentence.years,
                months=data.sentence.months,
                days=data.sentence.days,
                remand_credit_days=data.sentence.remand_credit_days,
                life=data.sentence.life,
                earliest_fraction=active_profile().release.earliest_release_fraction,
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
def prisoner_admit(*, actor, data: AdmissionData) -> Prisoner:
    """Receive a new person into custody: identity, commitment, legal situation, property
    and family, placed in a prison (and a cell where one is chosen) in one transaction."""
    data = _validate(data, actor)
    identity, commitment = data.identity, data.commitment
    primary = identity.names[0]
    number = _next_prisoner_number(timezone.localdate(commitment.admitted_at))
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
        legal_status=commitment.legal_status,
        custody_status=CustodyStatus.IN_CUSTODY,
        current_prison=commitment.prison,
        current_cell=commitment.cell,
    )
    _ensure_placement_allowed(prisoner, commitment.prison, commitment.cell, fields=("prison", "cell"))
    PrisonerName.objects.bulk_create(
        PrisonerName(
            prisoner=prisoner, kind=n.kind, given_names=n.given_names, family_name=n.family_name, script=n.script
        )
        for n in identity.names
    )
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
        for p in data.property_items
    )
    FamilyMember.objects.bulk_create(FamilyMember(prisoner=prisoner, **vars(f)) for f in data.family)
    LegalStatusChange.objects.create(
        prisoner=prisoner,
        status=commitment.legal_status,
        effective_on=commitment.order_date,
        note=_("On admission"),
        recorded_by=actor,
    )
    case = None
    if data.case:
        case = CourtCase.objects.create(
            prisoner=prisoner,
            court=data.case.court,
            case_number=data.case.case_number,
            legal_representative=data.case.legal_representative,
            representative_contact=data.case.representative_contact,
        )
        if data.case.next_hearing:
            case.hearings.create(held_on=data.case.next_hearing, purpose=_("Next hearing"))
    Offence.objects.bulk_create(
        Offence(
            prisoner=prisoner,
            case=case,
            iccs_code=o.iccs_code,
            national_wording=o.national_wording,
            terrorism_link=o.terrorism_link or o.iccs_code in iccs.TERRORISM_CODES,
            status=o.status,
        )
        for o in data.offences
    )
    if data.sentence:
        _sentence_create(prisoner=prisoner, case=case, data=data.sentence)
    CustodyPeriod.objects.create(prisoner=prisoner, prison=commitment.prison, started_at=commitment.admitted_at)
    Movement.objects.create(
        prisoner=prisoner,
        kind=MovementKind.ADMISSION,
        occurred_at=commitment.admitted_at,
        to_prison=commitment.prison,
        to_cell=commitment.cell,
        recorded_by=actor,
    )
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
    prisoner: Prisoner, prison: Prison, cell: Cell | None, *, fields: tuple[str, str]
) -> None:
    """Every placement goes through the one placement check (placement.checks, through placing): a breach of
    Nelson Mandela Rule 11 without an exception, or of an open non-association, is refused on the
    field that chose the place (the cell's, or the prison's when no cell is chosen). Warnings
    (overcrowding, unit level, women's estate) never refuse: the placement page shows them first."""
    # Placements into one prison wait for each other here (PostgreSQL; SQLite transactions are
    # serial already), so that two cannot each pass the check and together breach it.
    list(Prison.objects.select_for_update().filter(pk=prison.pk).values_list("pk", flat=True))
    refusals = placement_refusals(prisoner, prison, cell)
    if refusals:
        prison_field, cell_field = fields
        raise ValidationError({cell_field if cell is not None else prison_field: refusals})


def _ensure_held_where_actor_works(actor, prisoner: Prisoner) -> None:
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


@transaction.atomic
def movement_record(*, actor, prisoner: Prisoner, data: MovementData) -> Movement:
    """Record a movement and bring the person's custody status, prison, cell and custody
    periods in line with it. Movements the present status does not allow are refused."""
    prisoner = Prisoner.objects.select_for_update().get(pk=prisoner.pk)
    _ensure_held_where_actor_works(actor, prisoner)
    check_version(prisoner, data.version)
    try:
        new_status = rules.next_custody_status(prisoner.custody_status, data.kind)
    except rules.MovementRefused as exc:
        raise ValidationError({"kind": str(exc)}) from exc
    errors: dict[str, str] = {}
    last = prisoner.movements.order_by("-occurred_at", "-id").first()
    if last and data.occurred_at < last.occurred_at:
        errors["occurred_at"] = _("A movement cannot be dated before the last recorded movement.")
    if data.occurred_at > timezone.now():
        errors["occurred_at"] = _("A movement cannot be in the future.")
    elif problem := rules.record_day_problem(_local_day(data.occurred_at), date_bounds()):
        errors["occurred_at"] = problem
    to_prison = data.to_prison
    if data.kind == MovementKind.CELL_MOVE:
        to_prison = prisoner.current_prison
        if data.to_cell is None:
            errors["to_cell"] = _("Choose the cell.")
        elif data.to_cell == prisoner.current_cell:
            errors["to_cell"] = _("The person is already in this cell.")
    if data.kind in rules.NEEDS_PRISON and to_prison is None:
        errors["to_prison"] = _("Choose the prison.")
    if data.kind == MovementKind.TRANSFER and to_prison == prisoner.current_prison:
        errors["to_prison"] = _("A transfer must be to another prison.")
    if data.to_cell and to_prison and data.to_cell.unit.prison_id != to_prison.pk:
        errors["to_cell"] = _("This cell is not in the chosen prison.")
    if data.kind == MovementKind.RELEASE and not data.release_reason:
        errors["release_reason"] = _("Give the reason for release.")
    if data.kind == MovementKind.DEATH and not data.death_circumstances.strip():
        errors["death_circumstances"] = _("Describe the circumstances of the death (Mandela Rule 8(f)).")
    if errors:
        raise ValidationError(errors)
    if data.kind in rules.NEEDS_PRISON | rules.NEEDS_CELL:
        _ensure_placement_allowed(prisoner, to_prison, data.to_cell, fields=("to_prison", "to_cell"))

    before = {
        "custody_status": prisoner.custody_status,
        "prison": prisoner.current_prison_id,
        "cell": prisoner.current_cell_id,
    }
    movement = Movement.objects.create(
        prisoner=prisoner,
        kind=data.kind,
        occurred_at=data.occurred_at,
        from_prison=prisoner.current_prison,
        from_cell=prisoner.current_cell,
        to_prison=to_prison if data.kind in rules.NEEDS_PRISON | rules.NEEDS_CELL else None,
        to_cell=data.to_cell,
        reason=data.reason,
        release_reason=data.release_reason,
        death_circumstances=data.death_circumstances,
        recorded_by=actor,
    )
    if data.kind in rules.ENDS_CUSTODY:
        CustodyPeriod.objects.filter(prisoner=prisoner, ended_at__isnull=True).update(ended_at=data.occurred_at)
    if data.kind in (MovementKind.TRANSFER, MovementKind.RECAPTURE, MovementKind.ADMISSION):
        CustodyPeriod.objects.create(prisoner=prisoner, prison=to_prison, started_at=data.occurred_at)
    prisoner.custody_status = new_status
    if new_status in (CustodyStatus.RELEASED, CustodyStatus.ESCAPED, CustodyStatus.DECEASED):
        prisoner.current_prison, prisoner.current_cell = None, None
    elif data.kind in rules.NEEDS_PRISON | rules.NEEDS_CELL:
        prisoner.current_prison, prisoner.current_cell = to_prison, data.to_cell
    bump_version(prisoner, ["custody_status", "current_prison", "current_cell"])
    after = {
        "custody_status": prisoner.custody_status,
        "prison": prisoner.current_prison_id,
        "cell": prisoner.current_cell_id,
    }
    audit.record(
        actor=actor,
        action=f"movement.{data.kind}",
        obj=prisoner,
        changes=audit.changes_of(**{key: (before[key], after[key]) for key in before}),
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
    *, actor, prisoner: Prisoner, status: str, effective_on: date, note: str = "", version: int | None = None
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
def ill_treatment_action_record(*, actor, admission: Admission, action: str) -> Admission:
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
