"""Who sees sentence plans (need-to-know), and the worklist of plans due."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.tests.factories import CellFactory
from custodia.plans import rules, selectors, services
from custodia.plans.choices import DueReason, ReviewEvent
from custodia.plans.models import SentencePlan
from custodia.register import services as register_services
from custodia.register.choices import LegalStatus

from .factories import agreed_plan, planning

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (roles.CASE_MANAGER, True),
        (roles.DIRECTOR, True),
        (roles.HQ_VEP, True),
        (roles.RECEPTION, False),
        (roles.WING, False),
        (roles.SECURITY, False),
        (roles.HQ_STATISTICS, False),
    ],
)
def test_need_to_know_by_role(make_staff, role, sees):
    p = planning(make_staff)
    plan = agreed_plan(p)
    nationwide = role in (roles.HQ_VEP, roles.HQ_STATISTICS)
    reader = make_staff(f"reader-{role}", role, prisons=[p.prison], nationwide=nationwide)
    assert bool(selectors.prisoner_plans(user=reader, prisoner=p.prisoner)) == sees
    if not sees:
        with pytest.raises(SentencePlan.DoesNotExist):
            selectors.plan_get(user=reader, plan_id=plan.pk)
        assert selectors.worklist(user=reader, prison_id=p.prison.pk) == []


def test_a_case_manager_elsewhere_sees_nothing(make_staff):
    p = planning(make_staff)
    agreed_plan(p)
    other = make_staff("cm-elsewhere", roles.CASE_MANAGER, prisons=[CellFactory().unit.prison])
    assert selectors.prisoner_plans(user=other, prisoner=p.prisoner) == []


def test_worklist_first_plans_of_convicted_people_only(make_staff):
    convicted = planning(make_staff, assessed=False)
    remand = planning(
        make_staff, assessed=False, legal_status=LegalStatus.PRE_TRIAL, cell=CellFactory(unit__prison=convicted.prison)
    )
    items = selectors.worklist(user=convicted.case_manager, prison_id=convicted.prison.pk)
    assert [item.prisoner.id for item in items] == [convicted.prisoner.pk]
    assert items[0].due.reason == DueReason.FIRST and items[0].plan is None
    assert selectors.prisoner_due(user=remand.case_manager, prisoner=remand.prisoner) is None
    # A draft under way is shown with the item; the first plan stays due until it is agreed.
    draft = services.plan_start(actor=convicted.case_manager, prisoner=convicted.prisoner)
    assert selectors.prisoner_due(user=convicted.case_manager, prisoner=convicted.prisoner).plan == draft


def test_worklist_review_brought_forward_by_a_new_final_assessment(make_staff, django_assert_max_num_queries):
    p = planning(make_staff)
    plan = agreed_plan(p)
    item = selectors.prisoner_due(user=p.case_manager, prisoner=p.prisoner)
    assert (item.due.on, item.due.reason, item.plan) == (plan.next_review_on, DueReason.SCHEDULE, plan)
    SentencePlan.objects.filter(pk=plan.pk).update(agreed_at=timezone.now() - timedelta(days=3))
    p.assessment("general_screening", value=1)
    with django_assert_max_num_queries(12):
        items = selectors.worklist(user=p.case_manager, prison_id=p.prison.pk)
    assert items[0].due.reason == ReviewEvent.FINAL_ASSESSMENT
    assert items[0].due.on == timezone.localdate() + timedelta(days=30)


def test_the_file_and_the_worklist_agree_on_a_review_brought_forward_by_a_sentence_change(client, make_staff, sign_in):
    p = planning(make_staff)
    plan = agreed_plan(p)
    SentencePlan.objects.filter(pk=plan.pk).update(agreed_at=timezone.now() - timedelta(days=3))
    register_services.legal_status_change(
        actor=None, prisoner=p.prisoner, status=LegalStatus.UNDER_APPEAL, effective_on=timezone.localdate()
    )
    item = selectors.prisoner_due(user=p.case_manager, prisoner=p.prisoner)
    assert item.due == rules.Due(timezone.localdate() + timedelta(days=30), ReviewEvent.SENTENCE_CHANGE)
    sign_in(client, p.case_manager)
    section = client.get(f"/en/prisoners/{p.prisoner.pk}/").content.decode().split('id="sentence-plan"')[1]
    assert "Change of sentence or legal status" in section.split("</section>")[0]
