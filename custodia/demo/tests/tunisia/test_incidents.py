"""The demo's incident reports: made through the services at the largest prison, one awaiting
review with its medical examination owed, a duplicate kept apart, a serious one closed whose
perpetrator's reassessment fell due."""

import pytest

from custodia.assessment.models import ReassessmentTrigger
from custodia.core.audit import verify_chain
from custodia.incidents.models import Incident, MedicalExamination

pytestmark = pytest.mark.django_db


def test_incident_reports_at_the_largest_prison(demo):
    assert "incident reports: 5, 1 awaiting review, 1 medical examination owed" in demo
    statuses = sorted(Incident.objects.values_list("status", flat=True))
    assert statuses == ["awaiting_review", "closed", "closed", "closed", "duplicate"]
    assert MedicalExamination.objects.filter(examined_at__isnull=True).count() == 1
    propaganda = Incident.objects.get(type_code="radicalisation_behaviour")
    perpetrator = propaganda.involvements.get().prisoner
    assert ReassessmentTrigger.objects.filter(prisoner=perpetrator, event="serious_incident").exists()
    assert all(i.reviewed_by_id != i.reported_by_id for i in Incident.objects.exclude(reviewed_by=None))
    assert verify_chain().ok
