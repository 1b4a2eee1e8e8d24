"""The demo's contacts: families recorded from the file and approved, a legal adviser, a friend
restricted by security and a brother by the director, whose review falls due today."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from custodia.contact.models import Contact, Restriction
from custodia.core.audit import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--country", "uganda", "--scale", "0.01", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_contacts_at_the_largest_prison(demo):
    assert "2 restricted, 1 restriction of family contact to review" in demo
    assert Contact.objects.filter(kind="family", family_member__isnull=False, may_visit=True).count() >= 3
    assert Contact.objects.filter(kind="legal_adviser", may_visit=True).count() == 1
    reasons = sorted(Restriction.objects.values_list("contact__kind", "reason"))
    assert reasons == [("family", "court_order"), ("friend", "security")]
    assert not Restriction.objects.filter(reason="sanction").exists()
    assert verify_chain().ok
