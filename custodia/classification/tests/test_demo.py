"""The demo's classification decisions: made through the services at the largest prison, the case
manager proposing, the director approving (headquarters for a VEP), deterministic."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from custodia.classification import selectors
from custodia.classification.models import ClassificationDecision
from custodia.core.audit import verify_chain
from custodia.core.models import AuditEvent
from custodia.estate.selectors import active_profile
from custodia.register.selectors import is_vep

pytestmark = pytest.mark.django_db


def user(username: str):
    return get_user_model().objects.get(username=username)


def test_the_demo_classifies_a_few_people_through_the_services():
    out = StringIO()
    # At this scale the largest prison holds a VEP: headquarters approves that one.
    call_command("demo", "--country", "uganda", "--scale", "0.05", stdout=out)
    assert "classification decisions 7 at" in out.getvalue()
    workplace = user("director").assignment.prisons.get()
    # The person followed the whole way (demo/journey.py) has decisions of their own, tested there.
    followed = re.search(r"^Followed the whole way: (\S+) ", out.getvalue(), re.M).group(1)
    decisions = list(
        ClassificationDecision.objects.select_related("prisoner").exclude(prisoner__number=followed).order_by("pk")
    )
    assert {d.prison_id for d in decisions} == {workplace.pk}
    statuses = [d.status for d in decisions[:7]]
    assert statuses.count("approved") == 6 and statuses.count("proposed") == 1
    # Then today's work (demo/today.py): a proposal returned to the case manager, a VEP's awaiting headquarters.
    assert [(d.status, is_vep(d.prisoner_id)) for d in decisions[7:]] == [("returned", False), ("proposed", True)]
    casemanager, director, hq = user("casemanager"), user("director"), user("hq")
    framework = active_profile().classification
    for decision in decisions:
        assert decision.proposed_by == casemanager
        events = AuditEvent.objects.filter(
            object_type="classification.classificationdecision", object_id=str(decision.pk)
        ).order_by("id")
        if decision.status == "approved":
            vep = is_vep(decision.prisoner_id)
            assert decision.decided_by == (hq if vep else director)
            assert not vep or (decision.vep_placement and decision.vep_placement_reason)
            assert decision.proposed_at < decision.decided_at
            review_days = framework.level(decision.approved_level).review_days
            assert (decision.next_review_on - decision.decided_at.date()).days == review_days
            assert [e.action for e in events] == ["classification.propose", "classification.approve"]
    # One proposal below the computed level, with its reason; the others at the computed level.
    overridden = [d for d in decisions if d.proposed_level != d.computed_level]
    assert len(overridden) == 1 and overridden[0].override_reason
    assert framework.rank(overridden[0].proposed_level) == framework.rank(overridden[0].computed_level) - 1
    # A VEP among them, approved by headquarters.
    assert any(d.decided_by == hq for d in decisions)
    # The reviews list has something to show (the oversight figures read the same decisions).
    assert len(selectors.reviews_due(user=director)) == 6
    assert verify_chain().ok
