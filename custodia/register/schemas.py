"""API schemas of the prisoner file.

Input schemas mirror the dataclasses of services.py field for field (with `prison_id` and
`cell_id` where the service takes a prison or a cell) and check only what the request alone
shows: types, choices, lengths (those of the model, so that PostgreSQL never truncates or
refuses), ICCS codes. Everything that needs the database or the clock is the service's.
"""

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, field_validator

from custodia.core.api import Id, In, PrisonerRef, PrisonRef, Version
from custodia.core.withheld import Withheld
from custodia.estate.models import Cell, Prison

from . import choices, iccs, rules, services
from .models import Admission
from .selectors import PlannedMoveFilters, PrisonerFilters


def _aware(value: datetime) -> datetime:
    # A time without an offset is read in the installation's time zone, as the forms do.
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _known_iccs_code(value: str) -> str:
    if value not in iccs.CODES:
        raise ValueError(gettext("Unknown ICCS code: %(code)s.") % {"code": value})
    return value


LocalDateTime = Annotated[datetime, AfterValidator(_aware)]
IccsCode = Annotated[
    str,
    AfterValidator(_known_iccs_code),
    Field(description="ICCS 2015 code: " + ", ".join(iccs.CODES), examples=["09061"]),
]
Year = Annotated[int, Field(ge=1900, le=2100)]


def _shown(value: Any) -> Any:
    return None if isinstance(value, Withheld) else value


T = TypeVar("T")
# A section the selector withheld (selectors.prisoner_file_open) is null in the answer, and named
# in `withheld` or `held_elsewhere`: the schema only renders what the selector gave it.
Shown = Annotated[T | None, BeforeValidator(_shown)]


# --- List filters ----------------------------------------------------------------------------


class PrisonerFiltersIn(Schema):
    q: str = Field(
        "",
        max_length=rules.SEARCH_MAX_LENGTH,
        description=f"Words of a name (any script, accents optional) or number; at most {rules.SEARCH_MAX_WORDS}.",
    )
    prison: Id | None = Field(None, description="Id of the prison holding the person.")
    legal_status: choices.LegalStatus | None = None
    sex: choices.Sex | None = None
    custody_status: choices.CustodyStatus | None = None
    vep: bool | None = Field(None, description="true: only people with a terrorism-linked offence; false: none.")
    on_roll: bool = Field(True, description="Only people a prison holds today; false to include the released.")

    @field_validator("prison", "legal_status", "sex", "custody_status", "vep", mode="before")
    @classmethod
    def _blank_is_any(cls, value: Any) -> Any:
        # An HTML form sends an unset filter as an empty parameter.
        return None if value == "" else value

    @field_validator("q")
    @classmethod
    def _few_words(cls, value: str) -> str:
        # The same limit as the web form's (rules.search_problem); the length is checked above.
        problem = rules.search_problem(value)
        if problem:
            raise ValueError(str(problem))
        return value

    def to_filters(self) -> PrisonerFilters:
        return PrisonerFilters(
            q=self.q,
            prison=self.prison,
            legal_status=self.legal_status or "",
            sex=self.sex or "",
            custody_status=self.custody_status or "",
            vep=self.vep,
            on_roll=self.on_roll,
        )


# --- Admission -------------------------------------------------------------------------------


class NameIn(In):
    # Names are cleaned by the service (rules.clean_person_text), which refuses NUL with its own message.
    TEXT_CHECKED_BY_SERVICE = frozenset({"given_names", "family_name"})

    given_names: str = Field(..., min_length=1, max_length=150)
    family_name: str = Field("", max_length=150)
    script: choices.Script | None = Field(
        None,
        description="Detected from the letters of the name when left out. A script other than the one the "
        "letters are written in is refused, as is a name that mixes letters of several scripts.",
    )
    kind: choices.NameKind = choices.NameKind.PRIMARY


class IdentityIn(In):
    names: list[NameIn] = Field(..., min_length=1, description="The first name is the primary one.")
    sex: choices.Sex
    nationality: str = Field(..., pattern=r"^[A-Z]{2}$", description="ISO 3166 country code.", examples=["UG"])
    date_of_birth: date | None = None
    birth_year_estimated: Year | None = Field(None, description="Only when the date of birth is unknown.")
    gender_identity: str = Field("", max_length=100, description="Self-perceived gender, as the person states it.")
    languages: str = Field("", max_length=100)
    interpreter_needed: bool = False
    returnee: bool = Field(False, description="Repatriated from a conflict zone.")


class CommitmentIn(In):
    prison_id: Id
    cell_id: Id | None = None
    admitted_at: LocalDateTime
    authority: str = Field(..., min_length=1, max_length=200, description="Committing authority.")
    reference: str = Field(..., min_length=1, max_length=100, description="Commitment order reference.")
    order_date: date = Field(..., description="Date of the commitment order.")
    reasons: str = Field(..., min_length=1)
    legal_status: choices.LegalStatus = Field(..., description="One of the legal statuses of the country profile.")
    arrested_at: LocalDateTime | None = None
    arrest_place: str = Field("", max_length=200)
    visible_injuries: str = ""
    ill_treatment_complaint: str = Field(
        "", description="A complaint of prior ill-treatment stays flagged for the director until acted on."
    )


class CaseIn(In):
    # Names are cleaned by the service (rules.clean_person_text), which refuses NUL with its own message.
    TEXT_CHECKED_BY_SERVICE = frozenset({"legal_representative"})

    court: str = Field(..., min_length=1, max_length=200)
    case_number: str = Field(..., min_length=1, max_length=100)
    legal_representative: str = Field("", max_length=200)
    representative_contact: str = Field("", max_length=200)
    next_hearing: date | None = None


class OffenceIn(In):
    iccs_code: IccsCode
    national_wording: str = Field(..., min_length=1, max_length=300)
    terrorism_link: bool = Field(False, description="Set for terrorism codes whatever is sent.")
    status: choices.OffenceStatus = choices.OffenceStatus.CHARGED


class SentenceIn(In):
    imposed_on: date
    starts_on: date
    years: int = Field(0, ge=0, le=200)
    months: int = Field(0, ge=0, le=2400)
    days: int = Field(0, ge=0, le=100_000)
    remand_credit_days: int = Field(0, ge=0, le=100_000)
    life: bool = False


class PropertyIn(In):
    description: str = Field(..., min_length=1, max_length=200)
    quantity: int = Field(1, ge=1, le=100_000)
    condition: str = Field("", max_length=200)


class FamilyIn(In):
    # Names are cleaned by the service (rules.clean_person_text), which refuses NUL with its own message.
    TEXT_CHECKED_BY_SERVICE = frozenset({"name", "custodian"})

    name: str = Field(..., min_length=1, max_length=200)
    relationship: choices.Relationship
    birth_year: Year | None = None
    whereabouts: str = Field("", max_length=200)
    custodian: str = Field("", max_length=200, description="Who has custody (for a child).")
    contact: str = Field("", max_length=200)
    is_emergency_contact: bool = False
    is_next_of_kin: bool = False


class AdmissionIn(In):
    identity: IdentityIn
    commitment: CommitmentIn
    case: CaseIn | None = None
    offences: list[OffenceIn] = []
    sentence: SentenceIn | None = Field(None, description="Only for a convicted person.")
    property_items: list[PropertyIn] = []
    family: list[FamilyIn] = []

    def to_data(self, *, prison: Prison, cell: Cell | None) -> services.AdmissionData:
        identity = self.identity.model_dump(exclude={"names"})
        commitment = self.commitment.model_dump(exclude={"prison_id", "cell_id"})
        return services.AdmissionData(
            identity=services.IdentityData(
                names=[
                    services.NameData(**name.model_dump() | {"script": name.script or ""})
                    for name in self.identity.names
                ],
                **identity,
            ),
            commitment=services.CommitmentData(prison=prison, cell=cell, **commitment),
            case=services.CaseData(**self.case.model_dump()) if self.case else None,
            offences=[services.OffenceData(**offence.model_dump()) for offence in self.offences],
            sentence=services.SentenceData(**self.sentence.model_dump()) if self.sentence else None,
            property_items=[services.PropertyData(**item.model_dump()) for item in self.property_items],
            family=[services.FamilyData(**member.model_dump()) for member in self.family],
        )


# Where each field named by services.prisoner_admit sits in AdmissionIn, so that a client reads
# the same path for a message from the schema and from the service.
class ErrorPaths(Mapping[str, str]):
    """A service's field names mapped to request paths. A row of a list keeps its index: the
    service names it "<list>.<i>.<field>" and `lists` gives where that list sits in the request."""

    def __init__(self, fields: dict[str, str], lists: dict[str, str]) -> None:
        self._fields, self._lists = fields, lists

    def __getitem__(self, name: str) -> str:
        if name in self._fields:
            return self._fields[name]
        head, dot, rest = name.partition(".")
        if dot and head in self._lists:
            return f"{self._lists[head]}.{rest}"
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


ADMISSION_ERROR_PATHS = ErrorPaths(
    {
        "given_names": "identity.names.0.given_names",
        "family_name": "identity.names.0.family_name",
        "script": "identity.names.0.script",
        "date_of_birth": "identity.date_of_birth",
        "birth_year_estimated": "identity.birth_year_estimated",
        "admitted_at": "commitment.admitted_at",
        "arrested_at": "commitment.arrested_at",
        "order_date": "commitment.order_date",
        "prison": "commitment.prison_id",
        "cell": "commitment.cell_id",
        "legal_status": "commitment.legal_status",
        "legal_representative": "case.legal_representative",
        "next_hearing": "case.next_hearing",
        "iccs_code": "offences",
        "sentence_imposed_on": "sentence.imposed_on",
        "sentence_starts_on": "sentence.starts_on",
        "years": "sentence.years",
        "remand_credit_days": "sentence.remand_credit_days",
    },
    # "names.1.given_names" is the second name; "family.0.name" the first relative.
    lists={"names": "identity.names", "family": "family"},
)


# --- Movement --------------------------------------------------------------------------------


class MovementIn(In):
    kind: choices.MovementKind = Field(..., description="Allowed kinds depend on the person's custody status.")
    occurred_at: LocalDateTime
    to_prison_id: Id | None = Field(None, description="For a transfer, a recapture or a re-admission.")
    to_cell_id: Id | None = Field(None, description="Required for a cell move.")
    reason: str = Field("", max_length=300, description="Reason or destination.")
    release_reason: choices.ReleaseReason | None = Field(None, description="Required for a release.")
    death_circumstances: str = Field("", description="Required for a death in custody (Mandela Rule 8(f)).")
    version: Version | None = Field(
        None,
        description="The `version` of the prisoner file the client last read. When given, a file changed "
        "since is refused with 422 under `version`, saying what changed and who changed it.",
    )

    def to_data(self, *, to_prison: Prison | None, to_cell: Cell | None) -> services.MovementData:
        return services.MovementData(
            kind=self.kind,
            occurred_at=self.occurred_at,
            to_prison=to_prison,
            to_cell=to_cell,
            reason=self.reason,
            release_reason=self.release_reason or "",
            death_circumstances=self.death_circumstances,
            version=self.version,
        )


MOVEMENT_ERROR_PATHS: dict[str, str] = {"to_prison": "to_prison_id", "to_cell": "to_cell_id"}


# --- Output ----------------------------------------------------------------------------------


class CellRef(Schema):
    id: int
    label: str
    unit: str

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.unit.name


def _held_elsewhere(obj: Any) -> bool:
    """Whether a prison that held the person before a transfer or release is reading: a listed
    person (selectors.prisoner_list annotates every row) or a file (selectors.PrisonerFile, whose
    sections held elsewhere are withheld already and named in `held_elsewhere`)."""
    return bool(obj.held_elsewhere)


HELD_ELSEWHERE_NOTE = "null when read by a prison that no longer holds the person."


class PrisonerOut(Schema):
    """Who a person is and where they are held: a row of the list, the head of a file."""

    id: int
    number: str
    display_name: str
    sex: choices.Sex
    legal_status: choices.LegalStatus | None = Field(..., description=HELD_ELSEWHERE_NOTE)
    custody_status: choices.CustodyStatus | None = Field(
        ...,
        description="Null when read by a prison that no longer holds the person: a later escape, "
        "release or death is not that prison's record.",
    )
    prison: PrisonRef | None = Field(
        ..., description="Null when the person is not on a prison's roll, or " + HELD_ELSEWHERE_NOTE
    )
    cell: CellRef | None
    is_vep: bool | None = Field(
        ..., description="Any offence linked to terrorism or violent extremism; " + HELD_ELSEWHERE_NOTE
    )
    photograph_url: str | None = Field(
        ...,
        description="The person's photograph now (Mandela Rule 7: identification), a JPEG of at most 800 "
        "pixels a side, for a browser signed in to the web interface (not an API token); null when the file "
        "has none.",
    )

    @staticmethod
    def resolve_photograph_url(obj: Any) -> str | None:
        # A person listed carries the id (selectors.current_photograph); a file, its photographs.
        photograph_id = getattr(obj, "photograph_id", None)
        if photograph_id is None:
            return None
        return reverse("register:photograph_image", kwargs={"prisoner_id": obj.id, "photograph_id": photograph_id})

    @staticmethod
    def resolve_legal_status(obj: Any) -> str | None:
        return None if _held_elsewhere(obj) else obj.legal_status

    @staticmethod
    def resolve_custody_status(obj: Any) -> str | None:
        return None if _held_elsewhere(obj) else obj.custody_status

    @staticmethod
    def resolve_prison(obj: Any) -> Prison | None:
        return None if _held_elsewhere(obj) else obj.current_prison

    @staticmethod
    def resolve_cell(obj: Any) -> Cell | None:
        return None if _held_elsewhere(obj) else obj.current_cell

    @staticmethod
    def resolve_is_vep(obj: Any) -> bool | None:
        return None if _held_elsewhere(obj) else obj.is_vep


class MatchOut(Schema):
    reason: choices.MatchReason = Field(
        ...,
        description="exact: every word as written in the file; cyrillic, arabic: through the transliteration "
        "of a name written in that script (or of the search, typed in it); variant: a spelling variant "
        "(doubled letters, Kh/H, Zh/J, ou/u, vowels left out...); partial: a word typed in part begins a name.",
    )
    label: str = Field(..., description="The reason in the user's language, as the list shows it.")
    score: int = Field(..., ge=0, le=100, description="Similarity to the search, 100 for an exact match.")

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.reason.label)

    @staticmethod
    def resolve_score(obj: Any) -> int:
        return round(obj.score)


class PrisonerListItemOut(PrisonerOut):
    match: MatchOut | None = Field(
        None,
        description="Why a search of names (`q`) found the person, the list being ranked by `score`; null "
        "without a search of names.",
    )

    @staticmethod
    def resolve_match(obj: Any) -> Any:
        return getattr(obj, "search_match", None)


class NameOut(Schema):
    id: int
    kind: choices.NameKind
    given_names: str
    family_name: str
    script: choices.Script


class PropertyItemOut(Schema):
    id: int
    description: str
    quantity: int
    condition: str


class AdmissionOut(Schema):
    id: int
    prison: PrisonRef
    admitted_at: datetime
    commitment_authority: str
    commitment_reference: str
    commitment_date: date
    commitment_reasons: str
    arrested_at: datetime | None
    arrest_place: str
    visible_injuries: Shown[str] = Field(..., description="null when withheld (no right to the health section).")
    ill_treatment_complaint: Shown[str] = Field(..., description="null when withheld (health section).")
    ill_treatment_action: Shown[str] = Field(..., description="null when withheld (health section).")
    ill_treatment_action_at: Shown[datetime] = Field(
        ..., description="null when no action is recorded yet, or when withheld (health section)."
    )
    ill_treatment_flag_open: bool | None = Field(
        ..., description="A complaint with no action recorded yet; null when withheld (health section)."
    )
    property_items: list[PropertyItemOut]

    @staticmethod
    def resolve_ill_treatment_flag_open(obj: Admission) -> bool | None:
        # Even whether a complaint is open tells something of the health section.
        return None if isinstance(obj.ill_treatment_complaint, Withheld) else obj.ill_treatment_flag_open


class FamilyMemberOut(Schema):
    id: int
    name: str
    relationship: choices.Relationship
    birth_year: int | None
    whereabouts: str
    custodian: str
    contact: str
    is_emergency_contact: bool
    is_next_of_kin: bool


class LegalStatusChangeOut(Schema):
    id: int
    status: choices.LegalStatus
    effective_on: date
    note: str
    recorded_at: datetime


class HearingOut(Schema):
    id: int
    held_on: date
    purpose: str
    outcome: str


class CourtCaseOut(Schema):
    id: int
    court: str
    case_number: str
    legal_representative: str
    representative_contact: str
    hearings: list[HearingOut]


class OffenceOut(Schema):
    id: int
    case_id: int | None
    iccs_code: str
    iccs_label: str = Field(..., description="ICCS 2015 label, in the user's language.")
    national_wording: str
    terrorism_link: bool
    status: choices.OffenceStatus

    @staticmethod
    def resolve_iccs_label(obj: Any) -> str:
        return iccs.label(obj.iccs_code)


class SentenceOut(Schema):
    id: int
    case_id: int | None
    imposed_on: date
    starts_on: date
    years: int
    months: int
    days: int
    remand_credit_days: int
    life: bool
    full_term_release_on: date | None = Field(..., description="Computed; null for a life sentence.")
    earliest_release_on: date | None = Field(..., description="Computed with the profile's release fraction.")


class CustodyPeriodOut(Schema):
    id: int
    prison: PrisonRef
    started_at: datetime
    ended_at: datetime | None


class MovementOut(Schema):
    id: int
    kind: choices.MovementKind
    occurred_at: datetime
    from_prison: PrisonRef | None
    from_cell: CellRef | None
    to_prison: PrisonRef | None
    to_cell: CellRef | None
    reason: str
    release_reason: choices.ReleaseReason | None
    death_circumstances: str

    @staticmethod
    def resolve_release_reason(obj: Any) -> str | None:
        return obj.release_reason or None


class PrisonerDetailOut(PrisonerOut):
    # What selectors.prisoner_file_open gives: the sections the caller may not see are already withheld.

    version: Shown[int] = Field(
        ...,
        description="Send it back with a change to have a stale edit refused; " + HELD_ELSEWHERE_NOTE,
    )
    gender_identity: str
    date_of_birth: date | None
    birth_year_estimated: int | None
    nationality: str
    languages: str
    interpreter_needed: bool
    returnee: bool
    created_at: datetime
    names: list[NameOut]
    admissions: list[AdmissionOut] = Field(..., description="Newest first.")
    legal_status_history: Shown[list[LegalStatusChangeOut]] = Field(..., description=HELD_ELSEWHERE_NOTE)
    court_cases: Shown[list[CourtCaseOut]] = Field(..., description=HELD_ELSEWHERE_NOTE)
    offences: Shown[list[OffenceOut]] = Field(..., description=HELD_ELSEWHERE_NOTE)
    sentences: Shown[list[SentenceOut]] = Field(..., description=HELD_ELSEWHERE_NOTE)
    custody_periods: list[CustodyPeriodOut]
    movements: list[MovementOut]
    family: Shown[list[FamilyMemberOut]] = Field(
        ..., description="null when withheld: seeing family and children needs its own right."
    )
    withheld: list[str] = Field(..., description="Sections withheld from this user, e.g. family, health.")
    held_elsewhere: list[str] = Field(
        ...,
        description="Sections a former prison does not see once the person is held elsewhere or released "
        "(placement, legal, family, history); it keeps its own admissions, custody periods and movements.",
    )


# --- Planned moves ---------------------------------------------------------------------------


class PlannedMoveFiltersIn(Schema):
    direction: choices.MoveDirection | None = Field(
        None,
        description="arriving: transfers into the user's prisons; leaving: transfers out of them; within: cell moves.",
    )
    date: Literal["today", "week"] | None = Field(  # the windows of rules.date_window
        None, description="today: planned for today; week: for today or the six days after it."
    )

    @field_validator("direction", "date", mode="before")
    @classmethod
    def _blank_is_any(cls, value: Any) -> Any:
        # An HTML form sends an unset filter as an empty parameter.
        return None if value == "" else value

    def to_filters(self) -> PlannedMoveFilters:
        return PlannedMoveFilters(direction=self.direction or "", window=self.date or "")


class PlannedMoveOut(Schema):
    id: int
    kind: choices.MovementKind = Field(..., description="cell_move or transfer.")
    status: choices.PlannedMoveStatus
    planned_on: date
    prisoner: PrisonerRef
    from_prison: PrisonRef
    to_prison: PrisonRef | None = Field(..., description="The prison a transfer is to; null for a cell move.")
    to_cell: CellRef | None = Field(..., description="The cell a cell move is to, when it is chosen already.")
    reason: str
    requested_at: datetime
