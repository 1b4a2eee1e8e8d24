"""Helpers for release planning tests: a sentenced person near release (classification's World:
two case managers, the director and the headquarters VEP unit), and one released long enough ago
for every follow-up to be due."""

from datetime import timedelta

from django.utils import timezone

from custodia.classification.tests.factories import World, world
from custodia.register import services as register_services
from custodia.register.choices import LegalStatus, MovementKind, ReleaseReason
from custodia.register.models import Sentence
from custodia.register.rules import add_months
from custodia.reintegration import services
from custodia.reintegration.choices import AgencyKind
from custodia.reintegration.models import ReleasePlan


def near_release(make_staff, *, months: int = 3, **kwargs) -> World:
    """A convicted person admitted 400 days ago whose earliest release is `months` from today."""
    kwargs.setdefault("admitted_at", timezone.now() - timedelta(days=400))
    w = world(make_staff, legal_status=LegalStatus.CONVICTED, **kwargs)
    today = timezone.localdate()
    Sentence.objects.create(
        prisoner=w.prisoner,
        imposed_on=today - timedelta(days=400),
        starts_on=today - timedelta(days=400),
        years=2,
        earliest_release_on=add_months(today, months),
    )
    return w


def release(w: World, *, days_ago: int = 380) -> None:
    register_services.movement_record(
        actor=None,
        prisoner=w.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.RELEASE,
            occurred_at=timezone.now() - timedelta(days=days_ago),
            release_reason=ReleaseReason.END_OF_SENTENCE,
        ),
    )


def released_plan(make_staff, **kwargs) -> tuple[World, ReleasePlan]:
    """A plan opened 440 days ago, while the person was held, then the person released 380 days ago."""
    kwargs.setdefault("admitted_at", timezone.now() - timedelta(days=800))
    w = near_release(make_staff, **kwargs)
    plan = services.release_plan_open(actor=w.case_manager, prisoner=w.prisoner)
    ReleasePlan.objects.filter(pk=plan.pk).update(opened_at=timezone.now() - timedelta(days=440))
    release(w)
    plan.refresh_from_db()
    return w, plan


PROBATION = services.ReferralData(
    agency_name="Kampala Probation Office", agency_kind=AgencyKind.PROBATION, pathway="accommodation"
)
