"""Alerts for tests, made through the services: a prison with its case manager, security officer,
director, health-care staff and wing officer, a man held there, an alert, and an assessment whose
self-harm rating proposes one."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment import services as assessment_services
from custodia.assessment.instruments import latest_instruments
from custodia.assessment.models import Assessment
from custodia.assessment.rules import Rating
from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory
from custodia.register.choices import LegalStatus
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit

from .. import services
from ..models import Alert


def held(prison: Prison, **kwargs) -> Prisoner:
    """A man on remand admitted 200 days ago, at `prison`."""
    return admit(
        cell=CellFactory(unit__prison=prison),
        **{
            "sex": "male",
            "date_of_birth": date(1990, 5, 17),
            "legal_status": LegalStatus.PRE_TRIAL,
            "admitted_at": timezone.now() - timedelta(days=200),
            **kwargs,
        },
    )


@dataclass
class Staff:
    prison: Prison
    case_manager: User
    security: User
    director: User
    nurse: User
    wing: User
    hq: User


def staff(make_staff, prefix: str = "alerts", prison: Prison | None = None) -> Staff:
    prison = prison or CellFactory().unit.prison
    return Staff(
        prison=prison,
        case_manager=make_staff(f"{prefix}-case", roles.CASE_MANAGER, prisons=[prison]),
        security=make_staff(f"{prefix}-security", roles.SECURITY, prisons=[prison]),
        director=make_staff(f"{prefix}-director", roles.DIRECTOR, prisons=[prison]),
        nurse=make_staff(f"{prefix}-nurse", roles.HEALTH, prisons=[prison]),
        wing=make_staff(f"{prefix}-wing", roles.WING, prisons=[prison]),
        hq=make_staff(f"{prefix}-hq", roles.HQ_VEP, nationwide=True),
    )


def data(code: str = "escape_risk", **kwargs) -> services.AlertData:
    return services.AlertData(
        **{"code": code, "reason": "Found with a rope made of sheets", "active_from": timezone.localdate(), **kwargs}
    )


def alert(actor: User, prisoner: Prisoner, code: str = "escape_risk", **kwargs) -> Alert:
    return services.alert_set(actor=actor, prisoner=prisoner, data=data(code, **kwargs))


def urgent_assessment(case_manager: User, prisoner: Prisoner, *, value: int = 1) -> Assessment:
    """A general screening submitted with every item at 0 but the self-harm item at `value`."""
    instrument = latest_instruments()["general_screening"]
    assessment = assessment_services.assessment_start(
        actor=case_manager, prisoner=prisoner, instrument_id="general_screening"
    )
    ratings = {
        item.code: Rating(value if item.code == "self_harm_vulnerability" else 0, "Seen on the wing")
        for _domain, item in instrument.items()
    }
    assessment_services.assessment_rate(actor=case_manager, assessment=assessment, ratings=ratings)
    return assessment_services.assessment_submit(actor=case_manager, assessment=assessment)
