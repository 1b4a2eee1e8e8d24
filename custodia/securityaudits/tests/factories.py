"""Audits for the tests: a world with an auditor from headquarters and the prison's security
officer and director, and an audit carried to the state a test needs through the services."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.models import Prison
from custodia.estate.tests.factories import PrisonFactory
from custodia.securityaudits import checklist, services
from custodia.securityaudits.models import SecurityAudit


@dataclass
class World:
    prison: Prison
    auditor: User
    security: User
    director: User


def world(make_staff, prison: Prison | None = None, suffix: str = "") -> World:
    prison = prison or PrisonFactory()
    return World(
        prison,
        make_staff(f"auditor{suffix}", roles.AUDITOR, nationwide=True),
        make_staff(f"security{suffix}", roles.SECURITY, prisons=[prison]),
        make_staff(f"director{suffix}", roles.DIRECTOR, prisons=[prison]),
    )


def rate_all(w: World, audit: SecurityAudit, rating: str = "met", **exceptions: str) -> None:
    """Every item rated `rating`, except those named (item code=rating); a shortfall has evidence."""
    ratings = [
        services.RatingData(code, exceptions.get(code, rating), "Seen on the visit")
        for code in checklist.of_version(audit.checklist_version).area_of()
    ]
    services.ratings_record(actor=w.auditor, audit=audit, ratings=ratings)


def final_audit(
    w: World, audited_on: date | None = None, not_met: tuple[str, ...] = (), due_in_days: int = 60, **ratings: str
) -> SecurityAudit:
    """An audit made final: all met but `ratings` and `not_met`, each item not met with its action."""
    audited_on = audited_on or timezone.localdate()
    audit = services.audit_start(actor=w.auditor, prison=w.prison, audited_on=audited_on)
    rate_all(w, audit, **ratings, **dict.fromkeys(not_met, "not_met"))
    for code in not_met:
        services.action_recommend(
            actor=w.auditor,
            audit=audit,
            data=services.ActionData(
                f"Put right {code}", "Head of security", audited_on + timedelta(days=due_in_days), code
            ),
        )
    return services.audit_finalise(actor=w.auditor, audit=audit, summary="A fair visit.")
