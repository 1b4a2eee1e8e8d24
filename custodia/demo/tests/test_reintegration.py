"""The demo's release planning: plans opened when due, some worked on with consent to share, and
released people followed up with a few new offences and recalls, all through the services."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from custodia.core.audit import verify_chain
from custodia.reintegration.models import Consent, FollowUp, ReleasePlan

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--country", "uganda", "--scale", "0.01", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_release_plans_referrals_and_follow_ups(demo):
    assert "release plans" in demo
    assert ReleasePlan.objects.filter(opened_how="schedule", opened_by=None).exists()
    assert Consent.objects.exclude(sections=[]).exists()
    assert FollowUp.objects.filter(new_offence=True).exists() and FollowUp.objects.filter(recalled=True).exists()
    assert FollowUp.objects.filter(contact_made=False).exists()
    assert verify_chain().ok
