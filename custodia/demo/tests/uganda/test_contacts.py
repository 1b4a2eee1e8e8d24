"""The demo's contacts: families recorded from the file and approved, a legal adviser, a friend
restricted by security and a brother by the director, whose review falls due today."""

import pytest

from custodia.contact.models import Contact, Restriction
from custodia.core.audit import verify_chain

pytestmark = pytest.mark.django_db


def test_contacts_at_the_largest_prison(demo):
    assert "2 restricted, 1 restriction of family contact to review" in demo
    assert Contact.objects.filter(kind="family", family_member__isnull=False, may_visit=True).count() >= 3
    assert Contact.objects.filter(kind="legal_adviser", may_visit=True).count() == 1
    reasons = sorted(Restriction.objects.values_list("contact__kind", "reason"))
    assert reasons == [("family", "court_order"), ("friend", "security")]
    assert not Restriction.objects.filter(reason="sanction").exists()
    assert verify_chain().ok
