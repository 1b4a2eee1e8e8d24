"""The demo's security audits: the largest prison audited twice a year apart, better the second
time in the areas the first found weak, one action past its date; another prison to compare."""

import pytest

from custodia.core.audit import verify_chain
from custodia.securityaudits.models import RecommendedAction, SecurityAudit

pytestmark = pytest.mark.django_db


def test_two_audits_of_the_largest_prison_a_year_apart(demo):
    assert "security audits: 3, 5 actions open, 2 overdue" in demo
    audits = list(SecurityAudit.objects.order_by("audited_on"))
    assert all(a.status == "final" for a in audits)
    then, now = [a for a in audits if a.prison_id == audits[0].prison_id]
    assert 350 <= (now.audited_on - then.audited_on).days <= 380
    assert now.area_scores["dynamic"] > then.area_scores["dynamic"]
    assert now.area_scores["intelligence"] > then.area_scores["intelligence"]
    assert now.overall_score > then.overall_score
    assert RecommendedAction.objects.filter(audit=then, status="done").count() == 4
    assert len({a.prison_id for a in audits}) == 2
    assert verify_chain().ok
