"""The demo's sentence plans: made through the services at the largest prison, so that the plan
section, the plan page and the worklist have something to show."""

import pytest

from custodia.core.audit import verify_chain
from custodia.plans.choices import PlanStatus
from custodia.plans.models import SentencePlan

pytestmark = pytest.mark.django_db


def test_plans_agreed_and_one_draft_at_the_largest_prison_in_the_files_language(demo):
    plans = list(SentencePlan.objects.select_related("prisoner", "prison"))
    assert "sentence plans" in demo
    assert {p.status for p in plans} == {PlanStatus.AGREED, PlanStatus.DRAFT}
    assert len({p.prison_id for p in plans}) == 1
    agreed = [p for p in plans if p.status == PlanStatus.AGREED]
    assert all(p.objectives.exists() and p.explained_in == "العربية" for p in agreed)
    assert any(o.notes.exists() for p in agreed for o in p.objectives.all())
    assert verify_chain().ok


def test_people_held_before_plans_were_kept_are_a_backlog_due_soon_not_years_overdue(demo):
    from django.contrib.auth.models import User

    from custodia.estate.models import PrisonService
    from custodia.plans import selectors
    from custodia.plans.choices import DueReason

    assert PrisonService.objects.get().sentence_plans_from is not None
    manager = User.objects.get(username="casemanager")
    prison = SentencePlan.objects.first().prison
    first_plans = [
        item for item in selectors.worklist(user=manager, prison_id=prison.pk) if item.due.reason == DueReason.FIRST
    ]
    assert first_plans and all(item.urgency != "overdue" for item in first_plans)
    assert any(item.urgency == "due_soon" for item in first_plans)
