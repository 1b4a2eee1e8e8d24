"""Helpers to admit people through the real service (the estate's factories are in
custodia.estate.tests.factories).

Prisoners are made with `admit(...)` (services.prisoner_admit), never with a model factory, so
that every test person has the names, admission, movement, custody period and audit row the
service writes together.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from custodia.core.models import AuditEvent
from custodia.estate.models import Cell, Prison
from custodia.estate.selectors import active_profile
from custodia.estate.tests.factories import PrisonFactory
from custodia.register import duplicate_rules, models, selectors, services
from custodia.register.choices import LegalStatus, MovementKind, NameKind, ReleaseReason, Sex
from custodia.register.models import DuplicatePair, Prisoner

# Every table an admission or a change to the file writes, and the audit trail.
FILE_RECORDS = (
    models.Prisoner,
    models.PrisonerName,
    models.Admission,
    models.PropertyItem,
    models.FamilyMember,
    models.LegalStatusChange,
    models.CourtCase,
    models.Offence,
    models.Sentence,
    models.CustodyPeriod,
    models.Movement,
    models.Photograph,
    AuditEvent,
)


def row_counts() -> dict[str, int]:
    """How many rows each of FILE_RECORDS holds: the same before and after a refused write."""
    return {model.__name__: model.objects.count() for model in FILE_RECORDS}


def admission_data(
    *,
    prison: Prison | None = None,
    cell: Cell | None = None,
    given_names: str = "Amina",
    family_name: str = "Okello",
    names: list[services.NameData] | None = None,
    sex: str = Sex.FEMALE,
    nationality: str = "ZZ",
    date_of_birth: date | None = date(1990, 5, 17),
    birth_year_estimated: int | None = None,
    legal_status: str = LegalStatus.PRE_TRIAL,
    admitted_at: datetime | None = None,
    order_date: date | None = None,
    case: services.CaseData | None = None,
    offences: list[services.OffenceData] | None = None,
    sentence: services.SentenceData | None = None,
    property_items: list[services.PropertyData] | None = None,
    family: list[services.FamilyData] | None = None,
    photograph: bytes | None = None,
    identity: dict[str, Any] | None = None,
    commitment: dict[str, Any] | None = None,
) -> services.AdmissionData:
    """A valid AdmissionData, one hour ago, into `prison` (a new one by default; the cell's
    prison when only a cell is given). `identity` and `commitment` override any other field of
    IdentityData and CommitmentData (gender_identity, arrested_at, ill_treatment_complaint...)."""
    if prison is None:
        prison = cell.unit.prison if cell is not None else PrisonFactory()
    admitted_at = admitted_at or timezone.now() - timedelta(hours=1)
    return services.AdmissionData(
        identity=services.IdentityData(
            names=names or [services.NameData(given_names=given_names, family_name=family_name, kind=NameKind.PRIMARY)],
            sex=sex,
            nationality=nationality,
            date_of_birth=date_of_birth,
            birth_year_estimated=birth_year_estimated,
            **(identity or {}),
        ),
        commitment=services.CommitmentData(
            **{
                "prison": prison,
                "cell": cell,
                "admitted_at": admitted_at,
                "authority": "High Court",
                "reference": "CO-2026-001",
                "order_date": order_date or timezone.localdate(admitted_at),
                "reasons": "Remanded pending trial",
                "legal_status": legal_status,
                **(commitment or {}),
            }
        ),
        case=case,
        offences=offences or [],
        sentence=sentence,
        property_items=property_items or [],
        family=family or [],
        photograph=photograph,
    )


def admit(*, actor: Any = None, **kwargs: Any) -> Prisoner:
    """Admit a person through services.prisoner_admit; keyword arguments go to admission_data."""
    return services.prisoner_admit(actor=actor, data=admission_data(**kwargs))


def released(cell: Cell, **kwargs: Any) -> Prisoner:
    """A person admitted 60 days ago to `cell` and released at the end of their sentence 30 days ago."""
    person = admit(cell=cell, admitted_at=timezone.now() - timedelta(days=60), **kwargs)
    services.movement_record(
        actor=None,
        prisoner=person,
        data=services.MovementData(
            kind=MovementKind.RELEASE,
            occurred_at=timezone.now() - timedelta(days=30),
            release_reason=ReleaseReason.END_OF_SENTENCE,
        ),
    )
    person.refresh_from_db()
    return person


def proposed_pair(first: Prisoner, second: Prisoner) -> DuplicatePair:
    """A pair of files proposed as possibly one person, scored by duplicate_rules as find_duplicates
    scores it (whatever the score: for the routes and views that take a pair)."""
    low, high = sorted([first, second], key=lambda person: person.pk)
    scored = duplicate_rules.score(selectors.facts_of(low), selectors.facts_of(high), active_profile().duplicates)
    now = timezone.now()
    return DuplicatePair.objects.create(
        first=low, second=high, score=scored.total, parts=scored.parts_json(), proposed_at=now, scored_at=now
    )
