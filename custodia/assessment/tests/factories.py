"""Helpers for assessment tests: a person held at a prison with two assessors there, and an
assessment carried through the workflow by the services."""

from dataclasses import dataclass

from custodia.accounts import roles
from custodia.assessment import services
from custodia.assessment.instruments import latest_instruments
from custodia.assessment.models import Assessment
from custodia.assessment.rules import Rating
from custodia.estate.tests.factories import CellFactory
from custodia.register.choices import OffenceStatus
from custodia.register.models import Prisoner
from custodia.register.services import OffenceData
from custodia.register.tests.factories import admit


@dataclass
class Team:
    prisoner: Prisoner
    assessor: object
    second: object


def team(make_staff, *, vep: bool = False, sex: str = "female", **admit_kwargs) -> Team:
    cell = CellFactory()
    offences = (
        [
            OffenceData(
                iccs_code="09061", national_wording="Terrorist act", status=OffenceStatus.CHARGED, terrorism_link=True
            )
        ]
        if vep
        else []
    )
    prisoner = admit(cell=cell, sex=sex, offences=offences, **admit_kwargs)
    prison = cell.unit.prison
    suffix = prisoner.pk
    return Team(
        prisoner,
        make_staff(f"assessor-{suffix}", roles.CASE_MANAGER, prisons=[prison]),
        make_staff(f"second-{suffix}", roles.CASE_MANAGER, prisons=[prison]),
    )


def full_ratings(instrument_id: str, value: int = 1) -> dict[str, Rating]:
    instrument = latest_instruments()[instrument_id]
    return {
        item.code: Rating(min(value, item.scale[-1].value), "Seen in the case notes") for _d, item in instrument.items()
    }


def completed(t: Team, instrument_id: str, *, value: int = 1, judgement: str = "moderate") -> Assessment:
    """An assessment made final: started, fully rated, submitted and countersigned."""
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id=instrument_id)
    spj = latest_instruments()[instrument_id].kind == "spj"
    services.assessment_rate(
        actor=t.assessor,
        assessment=assessment,
        ratings=full_ratings(instrument_id, value),
        rationale="Profile read as a whole" if spj else None,
        final_judgement=judgement if spj else None,
    )
    services.assessment_submit(actor=t.assessor, assessment=assessment)
    return services.assessment_countersign(actor=t.second, assessment=assessment)
