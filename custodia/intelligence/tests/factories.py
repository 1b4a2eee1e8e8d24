"""Intelligence reports for tests, made through the services: a prison with its officers (a wing
officer who passes information on, two security officers, the director), a man held there, and a
report about him, submitted or graded."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory
from custodia.register.choices import LegalStatus
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit

from .. import services
from ..models import IntelligenceReport


def held(prison: Prison, **kwargs) -> Prisoner:
    """A man on remand admitted 200 days ago, in a unit of his own at `prison`."""
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
    wing: User
    security: User
    security2: User
    director: User
    hq: User
    case_manager: User


def staff(make_staff, prison: Prison | None = None, suffix: str = "") -> Staff:
    prison = prison or CellFactory().unit.prison
    return Staff(
        prison=prison,
        wing=make_staff(f"wing{suffix}", roles.WING, prisons=[prison]),
        security=make_staff(f"security{suffix}", roles.SECURITY, prisons=[prison]),
        security2=make_staff(f"security-b{suffix}", roles.SECURITY, prisons=[prison]),
        director=make_staff(f"director{suffix}", roles.DIRECTOR, prisons=[prison]),
        hq=make_staff(f"hq{suffix}", roles.HQ_VEP, nationwide=True),
        case_manager=make_staff(f"case-manager{suffix}", roles.CASE_MANAGER, prisons=[prison]),
    )


def data(*subjects: services.SubjectData, hours_ago: int = 3, **kwargs) -> services.ReportData:
    return services.ReportData(
        **{
            "observed_at": timezone.now() - timedelta(hours=hours_ago),
            "content": "Heard him tell two men in the yard that they must join the cause.",
            "submitter_assessment": "He was speaking openly; others listened.",
            "subjects": subjects,
            **kwargs,
        }
    )


def about(prisoner: Prisoner, role: str = "speaker") -> services.SubjectData:
    return services.SubjectData(kind="in_custody", prisoner_id=prisoner.pk, role=role)


def submitted(officer: User, prisoner: Prisoner, **kwargs) -> IntelligenceReport:
    return services.report_submit(actor=officer, prison=prisoner.current_prison, data=data(about(prisoner), **kwargs))


def graded(
    officer: User,
    grader: User,
    prisoner: Prisoner,
    *,
    source: str = "B",
    information: str = "2",
    handling: str = "1",
    **kwargs,
) -> IntelligenceReport:
    """A report about `prisoner` by `officer`, graded by `grader` (5x5x5: B2 1 is reliable)."""
    report = submitted(officer, prisoner, **kwargs)
    return services.report_grade(
        actor=grader,
        report=report,
        source=source,
        information=information,
        handling=handling,
        assessment="Consistent with what the wing has seen.",
    ).report
