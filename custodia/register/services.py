"""Writes to the prisoner file. Each runs in one transaction and records its audit event,
so that a change is saved whole, with its audit row, or not at all."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import works_at
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.formats import local_date
from custodia.core.refusals import ensure_allowed
from custodia.core.rights import right
from custodia.core.versions import bump_version, check_version
from custodia.estate.models import Cell, Prison
from custodia.estate.selectors import active_profile

from . import iccs, kept_dues, name_keys, photographs, rules
from .choices import MovementKind, NameKind, OffenceStatus, PlannedMoveStatus
from .models import (
    Admission,
    CourtCase,
    CustodyPeriod,
    FamilyMember,
    LegalStatusChange,
    Movement,
    Offence,
    Photograph,
    PlannedMove,
    Prisoner,
    PrisonerName,
    PrisonerNameKey,
    PrisonerNumberCounter,
    PropertyItem,
    Sentence,
)
from .placing import placement_refusals
from .presenters import ADMISSION_NOTE, READMISSION_NOTE
from .signals import file_event


@dataclass
class NameData:
    given_names: str
    family_name: str = ""
    script: str = ""  # a Script code; "" to have it detected from the letters (rules.name_script)
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
    # A photograph taken at reception (the file as uploaded; see photographs.prepare), dated the day of admission.
    photograph: bytes | None = None


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
    like another; each name with the script its letters are written in. Refusals are named as the
    fields are: "given_names", "family_name" and "script" for the primary name,
    "names.<i>.given_names" for another, "family.<i>.name" for a relative."""
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
        # The script the name's letters are written in: a name is never recorded as another.
        spelled = {"given_names": given, "family_name": family, "script": name.script}
        for part, refusal in rules.name_script_problems(**spelled).items():
            errors.setdefault(f"{prefix}{part}", refusal)
        names.append(replace(name, given_names=given, family_name=family, script=rules.name_script(**spelled)))
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
    # The prison is what the user chose: a refusal is said on that field, like bad input.
    if refusal := admission_refusal(actor, commitment.prison):
        errors["prison"] = refusal
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
    counter, _created = PrisonerNumberCounter.objects.select_for_update(no_key=True).get_or_create(prefix=prefix)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return rules.format_prisoner_number(template, year=admitted_on.year, seq=counter.last_value)


def search_text_of(number: str, names: list[NameData]) -> str:
    parts = [number] + [f"{n.given_names} {n.family_name}" for n in names]
    return " | ".join(rules.search_key(part) for part in parts)


def name_keys_of(names: list[NameData]) -> list[str]:
    """The keys a person with these names is found by in a search of names (name_keys.py), in
    order; register.models.PrisonerNameKey holds them."""
    return sorted(name_keys.keys_of_names(f"{n.given_names} {n.family_name}" for n in names))


def _name_keys_write(prisoner: Prisoner, names: list[NameData]) -> None:
    """The search keys of the person's names, as they are now: written with the names, every time
    they change, so that a search never misses a name the file holds."""
    wanted = set(name_keys_of(names))
    held = set(PrisonerNameKey.objects.filter(prisoner=prisoner).values_list("key", flat=True))
    PrisonerNameKey.objects.filter(prisoner=prisoner, key__in=held - wanted).delete()
    PrisonerNameKey.objects.bulk_create(PrisonerNameKey(prisoner=prisoner, key=key) for key in sorted(wanted - held))


def names_reindex(prisoner: Prisoner) -> None:
    """The search text and keys of the names the file holds now, written again: after names moved
    between two files (register.duplicate_merge). The caller saves the prisoner."""
    names = [NameData(n.given_names, n.family_name, n.script, n.kind) for n in prisoner.names.all()]
    prisoner.search_text = search_text_of(prisoner.number, names)
    _name_keys_write(prisoner, names)


# People whose search keys name_keys_refresh writes again at a time.
REFRESH_BATCH = 1000


def name_keys_refresh() -> int:
    """Writes again the search keys of every person's names, as the rules of name_keys.py give
    them now (after a change of those rules; `manage.py refresh_name_keys`); the number of people
    whose keys changed. Keys are an index of the names, not part of the file: no audit event."""
    changed = 0
    ids = list(Prisoner.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REFRESH_BATCH):
        chunk = ids[start : start + REFRESH_BATCH]
        names: dict[int, list[NameData]] = {pk: [] for pk in chunk}
        for pk, given, family in PrisonerName.objects.filter(prisoner_id__in=chunk).values_list(
            "prisoner_id", "given_names", "family_name"
        ):
            names[pk].append(NameData(given, family))
        held: dict[int, set[str]] = {pk: set() for pk in chunk}
        for pk, key in PrisonerNameKey.objects.filter(prisoner_id__in=chunk).values_list("prisoner_id", "key"):
            held[pk].add(key)
        with transaction.atomic():
            for pk in chunk:
                wanted = set(name_keys_of(names[pk]))
                if wanted != held[pk]:
                    changed += 1
                    PrisonerNameKey.objects.filter(prisoner_id=pk, key__in=held[pk] - wanted).delete()
                    PrisonerNameKey.objects.bulk_create(
                        PrisonerNameKey(prisoner_id=pk, key=key) for key in sorted(wanted - held[pk])
                    )
    return changed


@dataclass
class NotSameAs:
    """Files shown at admission as possibly the same person, and the officer's reason for saying
    they are not (recorded in the admission's audit event)."""

    numbers: list[str]
    reason: str


@transaction.atomic
def prisoner_admit(*, actor: User | None, data: AdmissionData, not_same_as: NotSameAs | None = None) -> Prisoner:
    """Receive a new person into custody: identity, commitment, legal situation, property
    and family, placed in a prison (and a cell where one is chosen) in one transaction."""
    if not_same_as is not None and not not_same_as.reason.strip():
        raise ValidationError({"not_same_reason": _("Say why this is not the same person.")})
    data = _validate(data, actor)
    commitment = data.commitment
    move = _admission_move(commitment)
    effect = rules.movement_effect(rules.NOT_YET_ADMITTED, move)
    prisoner = _prisoner_create(data.identity, commitment.legal_status, effect.after, commitment.admitted_at)
    _admission_write(prisoner, data, rules.NOT_YET_ADMITTED, move, effect, note=ADMISSION_NOTE, actor=actor)
    changes = {
        "number": [None, prisoner.number],
        "prison": [None, commitment.prison.pk],
        "legal_status": [None, commitment.legal_status],
    }
    if not_same_as is not None:
        changes["not_same_as"] = [None, not_same_as.numbers]
    audit.record(
        actor=actor,
        action=AuditAction.PRISONER_ADMIT,
        obj=prisoner,
        changes=changes,
        reason=not_same_as.reason.strip() if not_same_as else "",
    )
    _photograph_add(prisoner, data, actor=actor)
    return prisoner


def _admission_move(commitment: CommitmentData) -> rules.Move:
    """The movement of admission a commitment asks for: into its prison, and its cell where one is chosen."""
    return rules.Move(
        MovementKind.ADMISSION,
        commitment.admitted_at,
        to_prison=commitment.prison.pk,
        to_cell=commitment.cell.pk if commitment.cell else None,
        cell_prison=commitment.cell.unit.prison_id if commitment.cell else None,
    )


def _admission_write(
    prisoner: Prisoner,
    data: AdmissionData,
    before: rules.Custody,
    move: rules.Move,
    effect: rules.MovementEffect,
    *,
    note: str,
    actor: User | None,
) -> None:
    """What an admission and a readmission both record on the file, `prisoner` already standing
    where the movement leaves the person: the placement check first, then the admission with its
    property, the relatives the file does not list yet, the legal situation and the movement."""
    commitment = data.commitment
    _ensure_placement_allowed(prisoner, commitment.prison.pk, commitment.cell, fields=("prison", "cell"))
    _admission_create(prisoner, commitment, data.property_items, actor=actor)
    _family_add(prisoner, data.family)
    _legal_situation_create(prisoner, data, note=note, actor=actor)
    _movement_write(prisoner, before, move, effect, actor=actor)


def _legal_situation_create(prisoner: Prisoner, data: AdmissionData, *, note: str, actor: User | None) -> None:
    """The legal status, court case, offences and sentence an admission records."""
    LegalStatusChange.objects.create(
        prisoner=prisoner,
        status=data.commitment.legal_status,
        effective_on=data.commitment.order_date,
        note=note,
        recorded_by=actor,
    )
    case = _case_create(prisoner, data.case) if data.case else None
    _offences_create(prisoner, case, data.offences)
    if data.sentence:
        _sentence_create(prisoner=prisoner, case=case, data=data.sentence)


# A readmission is recorded as a movement: its refusals named as the admission's fields.
_READMISSION_FIELDS = {"occurred_at": "admitted_at", "to_prison": "prison", "to_cell": "cell"}


@transaction.atomic
def prisoner_readmit(*, actor: User | None, prisoner: Prisoner, data: AdmissionData) -> Prisoner:
    """Receive again a released person whose file the register holds: the admission (commitment,
    condition on arrival, property), the legal situation and the family given now are recorded on
    that file, and a movement of admission returns the person to custody. The file keeps its
    identity; a name given now that the file does not hold is added as an alias, so that the next
    search finds it. The file is locked first: of two officers readmitting the same person, the
    second is refused (the person is no longer released)."""
    prisoner = Prisoner.objects.select_for_update(no_key=True).get(pk=prisoner.pk)
    if problem := rules.readmission_problem(prisoner.custody_status):
        raise ValidationError({"prisoner": problem})
    data = _validate(data, actor)
    commitment = data.commitment
    before = _custody_of(prisoner)
    move = _admission_move(commitment)
    if problems := _movement_problems(prisoner, before, move):
        raise ValidationError({_READMISSION_FIELDS.get(name, name): problem for name, problem in problems.items()})
    effect = rules.movement_effect(before, move)
    legal_before, after = prisoner.legal_status, effect.after
    # The check reads the person as the readmission leaves them: the new legal status counts.
    prisoner.legal_status = commitment.legal_status
    _custody_set(prisoner, after)
    _admission_write(prisoner, data, before, move, effect, note=READMISSION_NOTE, actor=actor)
    _names_add(prisoner, data.identity.names)
    bump_version(prisoner, ["legal_status", "custody_status", "current_prison", "current_cell", "search_text"])
    audit.record(
        actor=actor,
        action=AuditAction.PRISONER_READMIT,
        obj=prisoner,
        changes=audit.changes_of(
            custody_status=(before.status, after.status),
            prison=(before.prison, after.prison),
            cell=(before.cell, after.cell),
            legal_status=(legal_before, prisoner.legal_status),
        ),
    )
    _photograph_add(prisoner, data, actor=actor)
    return prisoner


def _names_add(prisoner: Prisoner, names: list[NameData]) -> None:
    """The names given at a readmission that the file does not hold yet, as aliases (the file's
    own name stays its name), and the search text with them."""
    held = list(prisoner.names.all())
    spelled = {rules.search_key(f"{n.given_names} {n.family_name}") for n in held}
    new = [
        PrisonerName(
            prisoner=prisoner,
            kind=NameKind.ALIAS if n.kind == NameKind.PRIMARY else n.kind,
            given_names=n.given_names,
            family_name=n.family_name,
            script=n.script,
        )
        for n in names
        if rules.search_key(f"{n.given_names} {n.family_name}") not in spelled
    ]
    PrisonerName.objects.bulk_create(new)
    every = [NameData(n.given_names, n.family_name, n.script, n.kind) for n in [*held, *new]]
    prisoner.search_text = search_text_of(prisoner.number, every)
    _name_keys_write(prisoner, every)


def _family_add(prisoner: Prisoner, family: list[FamilyData]) -> None:
    """The relatives and contacts given at a readmission, but for those the file already lists."""
    listed = set(prisoner.family.values_list("name", "relationship"))
    FamilyMember.objects.bulk_create(
        FamilyMember(prisoner=prisoner, **vars(f)) for f in family if (f.name, f.relationship) not in listed
    )


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
    _name_keys_write(prisoner, identity.names)
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
    if admission.ill_treatment_complaint:
        # The complaints module opens an allegation of ill-treatment for it (Mandela Rule 57(3)).
        file_event.send(
            sender=Admission,
            actor=actor,
            prisoner=prisoner,
            event="ill_treatment_complaint",
            occurred_on=timezone.localdate(commitment.admitted_at),
            note="",
            admission=admission,
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
    kept_dues.forget([prisoner.pk])  # bulk creation sends no post_save: a VEP's instruments change


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
    prison = Prison.objects.select_for_update(no_key=True).get(pk=prison_id)
    refusals = placement_refusals(prisoner, prison, cell)
    if refusals:
        prison_field, cell_field = fields
        raise ValidationError({cell_field if cell is not None else prison_field: refusals})


# --- who may act ----------------------------------------------------------------------------------
# Each predicate says why the actor may not take the action, or None: the service refuses with it,
# the pages ask it to offer the action only to those it allows. No actor is the system itself
# (an import, the demo), which the route rights do not concern.

ADMIT = right("admit_prisoner")
RECORD_MOVEMENT = right("record_movement")
CHANGE_LEGAL_STATUS = right("change_legal_status")
ACT_ON_ILL_TREATMENT = right("act_on_ill_treatment_complaint")


def admission_refusal(actor: User | None, prison: Prison | None = None) -> str | None:
    """Why `actor` may not admit a person (into `prison`, when it is chosen), or None."""
    if actor is None:
        return None
    if not actor.has_perm(ADMIT):
        return _("You do not have the right to admit people.")
    if prison is not None and not works_at(actor, prison):
        return _("You can only admit people into a prison where you work.")
    return None


def _file_change_refusal(actor: User | None, prisoner: Prisoner, needed: str, without_right: str) -> str | None:
    """Only the prison holding a person changes the file; a former prison reads what it wrote.
    Views and the API already select through the user's scope: this guards every other caller."""
    if actor is None:
        return None
    if not actor.has_perm(needed):
        return without_right
    if prisoner.current_prison and not works_at(actor, prisoner.current_prison):
        return _("Only the prison that holds this person can change the file.")
    return None


def movement_refusal(actor: User | None, prisoner: Prisoner) -> str | None:
    """Why `actor` may not record a movement of the person, or None."""
    return _file_change_refusal(actor, prisoner, RECORD_MOVEMENT, _("You do not have the right to record movements."))


def legal_status_refusal(actor: User | None, prisoner: Prisoner) -> str | None:
    """Why `actor` may not change the person's legal status, or None."""
    return _file_change_refusal(
        actor, prisoner, CHANGE_LEGAL_STATUS, _("You do not have the right to change a legal status.")
    )


def ill_treatment_refusal(actor: User | None, prisoner: Prisoner) -> str | None:
    """Why `actor` may not record the action taken on the person's complaint of ill-treatment, or None."""
    return _file_change_refusal(
        actor,
        prisoner,
        ACT_ON_ILL_TREATMENT,
        _("Only the director can record the action taken on a complaint of ill-treatment."),
    )


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
    # Whether the officer confirmed a movement that ends custody (rules.NEEDS_CONFIRMATION): the
    # movement form asks, and refuses it unconfirmed; None where no one is asked (rules.Move). The
    # audit event records a confirmation beside its actor, who confirmed.
    confirmed: bool | None = None


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
        confirmed=data.confirmed,
    )


def _custody_of(prisoner: Prisoner) -> rules.Custody:
    return rules.Custody(prisoner.custody_status, prisoner.current_prison_id, prisoner.current_cell_id)


def _custody_set(prisoner: Prisoner, custody: rules.Custody) -> None:
    """The person's status, prison and cell as `custody` says (saved by the caller, with its version)."""
    prisoner.custody_status, prisoner.current_prison_id, prisoner.current_cell_id = (
        custody.status,
        custody.prison,
        custody.cell,
    )


def _movement_problems(prisoner: Prisoner, before: rules.Custody, move: rules.Move) -> dict[str, str]:
    """What is wrong with `move` for the person, now and against the last movement on the file."""
    return rules.movement_problems(
        before,
        move,
        last_at=prisoner.movements.order_by("-occurred_at", "-id").values_list("occurred_at", flat=True).first(),
        now=timezone.now(),
        bounds=date_bounds(),
        tz=timezone.get_current_timezone(),
    )


def _movement_write(
    prisoner: Prisoner,
    before: rules.Custody,
    move: rules.Move,
    effect: rules.MovementEffect,
    *,
    actor: User | None,
) -> Movement:
    """The movement row and the custody periods it ends and opens."""
    movement = Movement.objects.create(prisoner=prisoner, recorded_by=actor, **rules.movement_row(before, move, effect))
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
    prisoner = Prisoner.objects.select_for_update(no_key=True).get(pk=prisoner.pk)
    ensure_allowed(movement_refusal(actor, prisoner))
    check_version(prisoner, data.version)
    before, move = _custody_of(prisoner), _move_of(data)
    if problems := _movement_problems(prisoner, before, move):
        raise ValidationError(problems)
    effect = rules.movement_effect(before, move)
    if effect.to_prison is not None:
        _ensure_placement_allowed(prisoner, effect.to_prison, data.to_cell, fields=("to_prison", "to_cell"))
    movement = _movement_write(prisoner, before, move, effect, actor=actor)
    after = effect.after
    _custody_set(prisoner, after)
    bump_version(prisoner, ["custody_status", "current_prison", "current_cell"])
    _planned_moves_settle(prisoner, movement, actor=actor)
    audit.record(
        actor=actor,
        action=AuditAction.of_movement(data.kind),
        obj=prisoner,
        changes=audit.changes_of(
            custody_status=(before.status, after.status),
            prison=(before.prison, after.prison),
            cell=(before.cell, after.cell),
            confirmed=(None, True if data.confirmed and data.kind in rules.NEEDS_CONFIRMATION else None),
        ),
        reason=data.reason or data.release_reason or data.death_circumstances,
    )
    if event := FILE_EVENTS.get(data.kind):
        file_event.send(
            sender=Movement,
            actor=actor,
            prisoner=prisoner,
            event=event,
            occurred_on=timezone.localdate(data.occurred_at),
            note=data.reason,
        )
    return movement


# The movements other modules act on (register.signals), by the event they are sent as.
FILE_EVENTS: dict[str, str] = {
    MovementKind.TRANSFER: "transfer",
    MovementKind.RELEASE: "left_custody",
    MovementKind.DEATH: "left_custody",
}


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
    prisoner = Prisoner.objects.select_for_update(no_key=True).get(pk=prisoner.pk)
    ensure_allowed(legal_status_refusal(actor, prisoner))
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
        action=AuditAction.PRISONER_LEGAL_STATUS,
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
    admission = (
        Admission.objects.select_for_update(no_key=True, of=("self",))
        .select_related("prisoner__current_prison")
        .get(pk=admission.pk)
    )
    ensure_allowed(ill_treatment_refusal(actor, admission.prisoner))
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
        action=AuditAction.ILL_TREATMENT_ACTION,
        obj=admission,
        changes={"ill_treatment_action": ["", admission.ill_treatment_action]},
    )
    return admission


# --- Planned moves --------------------------------------------------------------------------------
# A cell move or a transfer asked for ahead of the day (models.PlannedMove). Requesting places no
# one: the placement check refuses or allows the movement when it is recorded, and only warns here.


def planned_move_request_refusal(actor: User | None, prisoner: Prisoner) -> str | None:
    """Why `actor` may not request a move of the person, or None: those who would record the
    movement, at the prison holding the person, ask for it."""
    return movement_refusal(actor, prisoner)


def planned_move_cancel_refusal(actor: User | None, move: PlannedMove) -> str | None:
    """Why `actor` may not cancel the planned move, or None: those who may request it, and the
    officer who asked for it."""
    if actor is not None and move.requested_by_id == actor.pk:
        return None
    return planned_move_request_refusal(actor, move.prisoner)


@dataclass
class PlannedMoveData:
    kind: str
    planned_on: date
    reason: str
    to_prison: Prison | None = None  # a transfer's
    to_cell: Cell | None = None  # a cell move's, where one is chosen already


@dataclass
class Requested:
    """A move requested, and what the placement check would refuse were it made now: shown to the
    officer, never refusing the request (the place may be free by the planned date)."""

    move: PlannedMove
    warnings: list[str]


@transaction.atomic
def planned_move_request(*, actor: User | None, prisoner: Prisoner, data: PlannedMoveData) -> Requested:
    """Ask for a cell move or a transfer of a person held here, on a date, with the reason. The file
    is locked first, so that two officers cannot each open one of the same kind."""
    prisoner = Prisoner.objects.select_for_update(no_key=True).get(pk=prisoner.pk)
    ensure_allowed(planned_move_request_refusal(actor, prisoner))
    transfer = data.kind == MovementKind.TRANSFER
    to_prison, to_cell = (data.to_prison, None) if transfer else (None, data.to_cell)
    asked = rules.PlannedMoveAsked(
        data.kind,
        data.planned_on,
        data.reason,
        held_in=_custody_of(prisoner),
        to_prison=to_prison.pk if to_prison else None,
        to_cell=to_cell.pk if to_cell else None,
        cell_prison=to_cell.unit.prison_id if to_cell else None,
    )
    problems = rules.planned_move_problems(asked, date_bounds())
    open_of_kind = prisoner.planned_moves.filter(kind=data.kind, status=PlannedMoveStatus.REQUESTED)
    if "kind" not in problems and open_of_kind.exists():
        problems["kind"] = _("This kind of move is already requested for this person: cancel it to ask for another.")
    if problems:
        raise ValidationError(problems)
    assert prisoner.current_prison is not None  # planned_move_problems refuses a person held nowhere
    move = PlannedMove.objects.create(
        prisoner=prisoner,
        kind=data.kind,
        planned_on=data.planned_on,
        from_prison=prisoner.current_prison,
        to_prison=to_prison,
        to_cell=to_cell,
        reason=data.reason.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    warnings = _placement_warnings(prisoner, to_prison or prisoner.current_prison, to_cell)
    audit.record(
        actor=actor,
        action=AuditAction.PLANNED_MOVE_REQUEST,
        obj=move,
        changes=audit.changes_of(
            kind=(None, move.kind),
            planned_on=(None, move.planned_on),
            from_prison=(None, move.from_prison),
            to_prison=(None, to_prison),
            to_cell=(None, to_cell),
        ),
        reason=move.reason,
    )
    return Requested(move, warnings)


def _placement_warnings(prisoner: Prisoner, prison: Prison, cell: Cell | None) -> list[str]:
    """What the placement check would refuse of the place asked for, today; nothing for a cell
    move whose cell is not chosen yet (the person stays in the prison that holds them)."""
    if cell is None and prison.pk == prisoner.current_prison_id:
        return []
    return placement_refusals(prisoner, prison, cell)


@transaction.atomic
def planned_move_cancel(*, actor: User | None, move: PlannedMove, reason: str) -> PlannedMove:
    """Cancel a requested move, saying why; the plan is kept, closed."""
    # Only the plan's row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    move = (
        PlannedMove.objects.select_for_update(no_key=True, of=("self",))
        .select_related("prisoner__current_prison")
        .get(pk=move.pk)
    )
    ensure_allowed(planned_move_cancel_refusal(actor, move))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the move is cancelled.")})
    _planned_move_close(move, PlannedMoveStatus.CANCELLED, actor=actor, reason=reason.strip())
    return move


def _planned_moves_settle(prisoner: Prisoner, movement: Movement, *, actor: User | None) -> None:
    """The person's open plans that the movement just recorded settles (rules.planned_move_settled_by),
    in its transaction: the plan of its kind carried out by it, a plan it made impossible cancelled
    by it."""
    for move in PlannedMove.objects.select_for_update(no_key=True).filter(
        prisoner=prisoner, status=PlannedMoveStatus.REQUESTED
    ):
        settled = rules.planned_move_settled_by(
            planned_kind=move.kind,
            planned_from=move.from_prison_id,
            movement_kind=movement.kind,
            held_in=prisoner.current_prison_id,
        )
        if settled is not None:
            _planned_move_close(move, settled, actor=actor, movement=movement)


def _planned_move_close(
    move: PlannedMove, status: str, *, actor: User | None, reason: str = "", movement: Movement | None = None
) -> None:
    """Close an open plan (rules.PLANNED_MOVE_TRANSITIONS), cancelled with a reason or by a movement,
    or carried out by one, with its audit event."""
    if problem := rules.planned_move_status_problem(move.status, status):
        raise ValidationError({NON_FIELD_ERRORS: problem})
    move.status, move.closed_by, move.closed_at = status, actor, timezone.now()
    move.cancel_reason, move.movement = reason, movement
    move.save(update_fields=["status", "closed_by", "closed_at", "cancel_reason", "movement"])
    carried_out = status == PlannedMoveStatus.CARRIED_OUT
    audit.record(
        actor=actor,
        action=AuditAction.PLANNED_MOVE_CARRY_OUT if carried_out else AuditAction.PLANNED_MOVE_CANCEL,
        obj=move,
        changes=audit.changes_of(status=(PlannedMoveStatus.REQUESTED, status)),
        reason=reason,
    )


# --- photographs (Mandela Rule 7(a)) ----------------------------------------------------------------


def photograph_refusal(actor: User | None, prisoner: Prisoner) -> str | None:
    """Why `actor` may not record a photograph of the person, or None: those who receive and move
    people (the right to record movements) at the prison that holds the person."""
    return _file_change_refusal(
        actor, prisoner, RECORD_MOVEMENT, _("You do not have the right to record a photograph.")
    )


@transaction.atomic
def photograph_record(*, actor: User | None, prisoner: Prisoner, image: bytes, taken_on: date) -> Photograph:
    """Record a new photograph of the person (`image` as uploaded): from now on the one shown. The
    earlier ones are kept with their dates. The file is locked, so that of two photographs
    recorded at once each is checked against the other."""
    prisoner = Prisoner.objects.select_for_update(no_key=True).get(pk=prisoner.pk)
    ensure_allowed(photograph_refusal(actor, prisoner))
    return _photograph_write(prisoner, image, taken_on=taken_on, actor=actor)


def _photograph_write(prisoner: Prisoner, image: bytes, *, taken_on: date, actor: User | None) -> Photograph:
    """The photograph as photographs.prepare keeps it, and its audit event; refused under "image"
    (not a photograph, too large) or "taken_on" (in the future, or older than the one shown, which
    it would not replace)."""
    errors: dict[str, str] = {}
    shown_since = prisoner.photographs.values_list("taken_on", flat=True).first()
    if problem := rules.record_day_problem(taken_on, date_bounds()):
        errors["taken_on"] = problem
    elif shown_since is not None and taken_on < shown_since:
        errors["taken_on"] = _("The photograph on file was taken on %(date)s: a new one cannot be older.") % {
            "date": local_date(shown_since)
        }
    try:
        prepared = photographs.prepare(image)
    except photographs.PhotographRefused as exc:
        errors["image"] = str(exc)
    if errors:
        raise ValidationError(errors)
    photograph = Photograph.objects.create(
        prisoner=prisoner,
        image=prepared.image,
        thumbnail=prepared.thumbnail,
        width=prepared.width,
        height=prepared.height,
        taken_on=taken_on,
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.PHOTOGRAPH_RECORD,
        obj=prisoner,
        changes={"photograph_taken_on": [shown_since.isoformat() if shown_since else None, taken_on.isoformat()]},
    )
    return photograph


def _photograph_add(prisoner: Prisoner, data: AdmissionData, *, actor: User | None) -> None:
    """The photograph an admission or readmission took, if any, dated the day of admission; a
    refusal is said on the admission's own field, "photograph"."""
    if data.photograph is None:
        return
    try:
        _photograph_write(
            prisoner, data.photograph, taken_on=timezone.localdate(data.commitment.admitted_at), actor=actor
        )
    except ValidationError as exc:
        raise ValidationError({"photograph": exc.messages}) from exc
