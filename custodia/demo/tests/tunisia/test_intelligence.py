"""The demo's intelligence reports: made through the services at the largest prison, graded with
the country profile's system (3x5x2 in Tunisia), one awaiting grading, one graded reliable whose
man's reassessment fell due, one sanitised and shared with the police after the director's
approval, one under the most restrictive handling code."""

import pytest
from django.contrib.auth import get_user_model

from custodia.assessment.models import ReassessmentTrigger
from custodia.core.audit import verify_chain
from custodia.intelligence import selectors
from custodia.intelligence.models import IntelligenceReport, Sharing

pytestmark = pytest.mark.django_db


def test_intelligence_reports_at_the_largest_prison(demo):
    assert "intelligence reports (3x5x2): 4, 1 to grade, 1 shared with the police" in demo
    statuses = sorted(IntelligenceReport.objects.values_list("status", flat=True))
    assert statuses == ["graded", "graded", "graded", "submitted"]
    assert set(IntelligenceReport.objects.exclude(grading_system="").values_list("grading_system", flat=True)) == {
        "3x5x2"
    }
    reliable = IntelligenceReport.objects.get(source_grade="1", information_grade="A")
    person = reliable.subjects.get(kind="in_custody").prisoner
    assert ReassessmentTrigger.objects.filter(prisoner=person, event="reliable_intelligence").exists()
    sharing = Sharing.objects.get()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("director", "security", "hq"))}
    assert sharing.status == "shared" and sharing.sanitised is not None and sharing.agency_kind == "law_enforcement"
    assert sharing.decided_by == users["director"] and sharing.requested_by == users["security"]
    assert sharing.conditions  # C: shared only on conditions
    assert "policière" in sharing.agency_name or "police" in sharing.agency_name
    # The security officer's home page counts the report to grade.
    assert selectors.counts(user=users["security"], prison_id=reliable.prison_id).to_grade == 1
    assert verify_chain().ok
