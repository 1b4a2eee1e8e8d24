"""A completed programme records the assessment trigger "programme_completed" where a current
instrument lists it, and that instrument becomes due; no published instrument lists it yet, so
the mechanism is tried with a test revision of the general screening."""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from custodia.assessment import selectors as assessment_selectors
from custodia.assessment.instruments import load_instruments
from custodia.assessment.models import Assessment, ReassessmentTrigger
from custodia.core.models import AuditEvent
from custodia.programmes import services

from .factories import scene

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).resolve().parents[3] / "instruments"


@pytest.fixture
def fresh_instruments():
    load_instruments.cache_clear()
    yield
    load_instruments.cache_clear()


@pytest.fixture
def listing_instrument(settings, tmp_path, fresh_instruments):
    """The shipped instruments and a version 3 of the general screening that lists the event."""
    for path in SHIPPED.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    data = yaml.safe_load((SHIPPED / "general_screening.v2.yaml").read_text(encoding="utf-8"))
    data["version"] = 3
    data["triggers"].append({"event": "programme_completed", "due_within_days": 21})
    (tmp_path / "general_screening.v3.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings.INSTRUMENTS_DIR = tmp_path


def complete(s) -> None:
    services.participation_end(
        actor=s.coordinator,
        participation=s.allocate(s.refer()),
        ending=services.Ending("completed", achievement="achieved", report="Reads fluently"),
    )


def test_completion_makes_the_instrument_that_lists_it_due(make_staff, listing_instrument):
    s = scene(make_staff)
    # The person's last screening was a month ago: the completion comes after it.
    Assessment.objects.filter(prisoner=s.w.prisoner).update(countersigned_at=timezone.now() - timedelta(days=30))
    complete(s)
    trigger = ReassessmentTrigger.objects.get(prisoner=s.w.prisoner)
    assert (trigger.event, trigger.occurred_on, trigger.note) == (
        "programme_completed",
        timezone.localdate(),
        s.programme.name,
    )
    assert AuditEvent.objects.filter(action="assessment.trigger.programme_completed").count() == 1
    due = next(
        item.due
        for item in assessment_selectors.prisoner_due(user=s.w.case_manager, prisoner=s.w.prisoner)
        if item.instrument.id == "general_screening"
    )
    assert (due.reason, due.on) == ("programme_completed", timezone.localdate() + timedelta(days=21))


def test_no_trigger_while_no_instrument_lists_the_event(make_staff, fresh_instruments):
    s = scene(make_staff)
    complete(s)
    assert not ReassessmentTrigger.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.trigger.programme_completed").exists()


def test_a_place_that_ends_otherwise_records_no_trigger(make_staff, listing_instrument):
    s = scene(make_staff)
    services.participation_end(
        actor=s.coordinator,
        participation=s.allocate(s.refer()),
        ending=services.Ending("dropped_out", reason="Stopped coming"),
    )
    assert not ReassessmentTrigger.objects.exists()
