"""The demo's information sheet given on admission: everyone admitted before the last three days
was given it, the latest admission today through the service, the rest await it."""

import pytest

from custodia.core.audit import verify_chain
from custodia.core.models import AuditEvent
from custodia.induction.models import InformationGiven

pytestmark = pytest.mark.django_db


def test_the_sheet_given_at_the_largest_prison(demo):
    assert "information on admission: given to" in demo
    given = InformationGiven.objects.all()
    assert given.count() > 10
    assert set(given.values_list("language", flat=True)) <= {"en", "sw"}
    assert given.filter(interpreter=True, language="sw").exists()
    assert AuditEvent.objects.filter(action="induction.information_given").count() == 1
    assert verify_chain().ok
