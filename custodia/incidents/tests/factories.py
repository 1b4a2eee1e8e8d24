"""Incident reports for tests, made through the services."""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory
from custodia.register.choices import LegalStatus
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit

from .. import services
from ..models import Incident


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


def data(type_code: str = "assault_on_staff", hours_ago: int = 2, **kwargs) -> services.IncidentData:
    return services.IncidentData(
        **{
            "type_code": type_code,
            "occurred_at": timezone.now() - timedelta(hours=hours_ago),
            "place": "Yard of block B",
            "summary": "He struck the officer twice during unlock.",
            "answers": {"weapon_used": "no"},
            **kwargs,
        }
    )


def submitted(
    reporter: User, prisoner: Prisoner, *, role: str = "perpetrator", force: bool = True, **kwargs
) -> Incident:
    """A report naming `prisoner`, with force used on him, submitted for review."""
    incident = services.incident_draft(actor=reporter, prison=prisoner.current_prison, data=data(**kwargs))
    services.involvement_add(
        actor=reporter,
        incident=incident,
        data=services.InvolvementData(
            role=role,
            prisoner_id=prisoner.pk,
            injuries="Graze on the left elbow" if force else "",
            force_technique="holds" if force else "",
            force_by="Two wing officers" if force else "",
            force_reason="He kept striking the officer" if force else "",
        ),
    )
    return services.incident_submit(actor=reporter, incident=incident)
