"""The demo's alerts: made through the services at the largest prison, a restricted one among
them, one ended, and self-harm proposals from the demo's screenings decided or left to decide."""

import pytest

from custodia.alerts.models import Alert
from custodia.core.audit import verify_chain

pytestmark = pytest.mark.django_db


def test_the_demo_sets_alerts(demo):
    assert "alerts: " in demo
    codes = set(Alert.objects.values_list("code", flat=True))
    assert {"escape_risk", "recruiter_risk", "medical", "violent_to_staff"} <= codes
    assert Alert.objects.filter(ended_on__isnull=False, code="violent_to_staff").exists()
    assert verify_chain().ok
