"""Checks of the demo's programmes, run on each country's demo (uganda/, tunisia/, kazakhstan/):
a catalogue at the largest prison in the language of the files, weekly sessions with their
attendance, referrals from sentence plans, a waiting list, completions that meet a classification
prerequisite, people who dropped out and one who declined."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.audit import verify_chain
from custodia.demo.programmes import NAMES
from custodia.programmes import selectors
from custodia.programmes.choices import ParticipationStatus
from custodia.programmes.models import Attendance, Participation, Programme, Session

pytestmark = pytest.mark.django_db


def statuses() -> dict[str, int]:
    found: dict[str, int] = {}
    for status in Participation.objects.values_list("status", flat=True):
        found[status] = found.get(status, 0) + 1
    return found


def test_a_catalogue_at_the_largest_prison_in_the_files_language_kept_by_the_coordinator(demo, country):
    users = get_user_model().objects
    coordinator, facilitator = users.get(username="coordinator"), users.get(username="facilitator")
    assert coordinator.groups.filter(name=roles.PROGRAMME_COORDINATOR).exists()
    assert facilitator.groups.filter(name=roles.FACILITATOR).exists()
    programmes = list(Programme.objects.all())
    assert len(programmes) == 7 and len({p.prison_id for p in programmes}) == 1
    assert set(coordinator.assignment.prisons.values_list("pk", flat=True)) == {programmes[0].prison_id}
    assert {p.name for p in programmes} == set(NAMES[country]) and "programmes" in demo
    assert all(p.created_by == coordinator for p in programmes)
    runs = selectors.programme_list(user=facilitator)
    assert 0 < runs.count() < len(programmes)


def test_weekly_sessions_with_their_attendance_history(demo):
    past = Session.objects.filter(starts_at__lt=timezone.now())
    assert past.exists() and Session.objects.filter(starts_at__gt=timezone.now()).exists()
    marked = past.filter(attendance_at__isnull=False)
    assert marked.count() >= 10 and all(s.notes for s in marked)
    marks = set(Attendance.objects.values_list("mark", flat=True))
    assert {"present", "absent"} <= marks
    assert not Attendance.objects.filter(mark="absent", reason="").exists()
    # Nobody is marked at a session after their place ended.
    assert not Attendance.objects.filter(
        participation__status="dropped_out", session__starts_at__gte=F("participation__ended_at")
    ).exists()


def test_referrals_from_plans_a_waiting_list_completions_drop_outs_and_one_decline(demo):
    found = statuses()
    assert found.get(ParticipationStatus.ALLOCATED, 0) >= 3
    assert found.get(ParticipationStatus.REFERRED, 0) >= 2
    assert found.get(ParticipationStatus.COMPLETED, 0) >= 2
    assert found.get(ParticipationStatus.DROPPED_OUT, 0) >= 1
    assert found.get(ParticipationStatus.DECLINED) == 1
    assert not Participation.objects.filter(objective__isnull=True).exists()
    declined = Participation.objects.get(status=ParticipationStatus.DECLINED)
    assert declined.end_reason and declined.ended_by.username == "casemanager"
    # A completed programme of a kind that counts meets the classification prerequisite.
    completed = Participation.objects.filter(status=ParticipationStatus.COMPLETED).first()
    assert selectors.completed_programme(completed.prisoner_id) is not None
    # Everyone allocated now is held at the prison that runs the programme.
    assert (
        not Participation.objects.filter(status=ParticipationStatus.ALLOCATED)
        .exclude(prisoner__current_prison=F("programme__prison"))
        .exists()
    )


def test_the_audit_chain_stays_valid(demo):
    assert verify_chain().ok
