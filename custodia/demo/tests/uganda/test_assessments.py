"""The demo's assessments: made through the services by two case managers at the largest prison,
so that the worklist, the file's history chart and countersigning have something to show."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from custodia.accounts import roles
from custodia.assessment import selectors
from custodia.assessment.models import Assessment
from custodia.core.audit import verify_chain
from custodia.core.models import AuditEvent
from custodia.estate.models import Prison

pytestmark = pytest.mark.django_db


def user(username: str):
    return get_user_model().objects.get(username=username)


def largest_prison() -> Prison:
    """Where the demo's prison staff work (the director works only there)."""
    return user("director").assignment.prisons.get()


def test_psychologist_is_a_second_case_manager_at_the_same_prison(demo):
    casemanager, psychologist = user("casemanager"), user("psychologist")
    assert psychologist.groups.filter(name=roles.CASE_MANAGER).exists()
    assert set(psychologist.assignment.prisons.all()) == set(casemanager.assignment.prisons.all())
    assert not psychologist.assignment.nationwide
    assert "psychologist / custodia-demo-2026" in demo


def test_final_assessments_are_countersigned_by_a_second_assessor(demo):
    casemanager, psychologist = user("casemanager"), user("psychologist")
    workplace = largest_prison()
    women_prison = casemanager.assignment.prisons.get(prison_type="women")
    assessments = Assessment.objects.all()
    assert set(assessments.values_list("prison", flat=True)) == {workplace.pk, women_prison.pk}
    assert assessments.get(prison=women_prison).instrument_code == "women_needs"
    statuses = Counter(assessments.values_list("status", flat=True))
    assert statuses["final"] >= 6 and statuses["submitted"] == 1 and statuses["draft"] == 1
    assert f"{statuses['final']} final, 1 awaiting countersignature, 1 draft" in demo
    for final in assessments.filter(status="final"):
        assert final.created_by == final.submitted_by == casemanager
        assert final.countersigned_by == psychologist != final.created_by
        assert final.created_at < final.submitted_at < final.countersigned_at
        assert final.domain_scores and final.final_judgement
    # Each step through the services, each with its audit event and its actor.
    final = assessments.filter(status="final").first()
    events = AuditEvent.objects.filter(object_type="assessment.assessment", object_id=str(final.pk)).order_by("id")
    assert [(e.action, e.actor_id) for e in events] == [
        ("assessment.start", casemanager.pk),
        ("assessment.rate", casemanager.pk),
        ("assessment.submit", casemanager.pk),
        ("assessment.countersign", psychologist.pk),
    ]
    # The one submitted waits for psychologist.
    waiting = assessments.get(status="submitted")
    assert waiting.submitted_by == casemanager and waiting.countersigned_at is None


def test_two_files_have_a_history_of_two_finals(demo):
    casemanager = user("casemanager")
    twice = (
        Assessment.objects.filter(status="final", instrument_code="general_screening")
        .values("prisoner")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
    )
    assert twice.count() == 2
    prisoner = Assessment.objects.filter(prisoner=twice[0]["prisoner"]).first().prisoner
    history = selectors.prisoner_assessments(user=casemanager, prisoner=prisoner).history
    assert len(history) == 1 and len(history[0]["dates"]) == 2
    assert history[0]["dates"][0] < history[0]["dates"][1]
    assert all(len(domain["values"]) == 2 for domain in history[0]["domains"])
    assert selectors.prisoner_assessments(user=casemanager, prisoner=prisoner).needs


def test_worklist_shows_overdue_and_not_overdue(demo):
    casemanager = user("casemanager")
    workplace = largest_prison()
    items = selectors.worklist(user=casemanager, prison_id=workplace.pk)
    urgencies = Counter(item.urgency for item in items)
    # Most people are overdue for their first assessment: the service has just adopted them.
    assert urgencies["overdue"] > len(items) / 2
    assert urgencies["due_soon"] + urgencies["scheduled"] >= 1
    reassessments = [item for item in items if item.due.reason == "interval"]
    assert {item.urgency for item in reassessments} >= {"overdue", "scheduled"}
    assert sum(1 for item in items if item.open_assessment) == 3  # a draft, one submitted, one returned


def test_audit_trail_stays_valid(demo):
    assert verify_chain().ok
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()
