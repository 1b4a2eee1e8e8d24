"""The demo's release planning: plans opened when due, some worked on with consent to share, and
released people followed up with a few new offences and recalls, all through the services."""

import pytest

from custodia.core.audit import verify_chain
from custodia.reintegration.models import Consent, FollowUp, ReleasePlan

pytestmark = pytest.mark.django_db


def test_release_plans_referrals_and_follow_ups(demo):
    assert "release plans" in demo
    assert ReleasePlan.objects.filter(opened_how="schedule", opened_by=None).exists()
    assert Consent.objects.exclude(sections=[]).exists()
    assert FollowUp.objects.filter(new_offence=True).exists() and FollowUp.objects.filter(recalled=True).exists()
    assert FollowUp.objects.filter(contact_made=False).exists()
    assert verify_chain().ok
