"""The demo's requests and complaints: every state over the past month, an allegation overdue for
referral, one referred and closed by headquarters, answers upheld and not, an appeal, one made in
confidence to the inspection body; and the allegations of the admissions written in batches."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from custodia.complaints import selectors
from custodia.complaints.models import Complaint
from custodia.core.audit import verify_chain
from custodia.register.models import Admission

pytestmark = pytest.mark.django_db


def test_complaints_in_every_state(demo):
    assert "requests and complaints:" in demo
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == {"open", "answered", "appealed", "closed"}
    outcomes = set(Complaint.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert {"upheld", "not_upheld", "granted"} <= outcomes
    allegations = Complaint.objects.filter(allegation=True, admission__isnull=True)
    assert allegations.filter(referred_on__isnull=True).count() == 1
    assert allegations.filter(referred_on__isnull=False, status="closed").count() == 1
    assert Complaint.objects.filter(addressee="inspection").count() == 1
    assert verify_chain().ok


def test_the_demo_users_see_what_their_role_allows(demo):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("wing", "complaints", "inspector"))}
    secret = Complaint.objects.get(addressee="inspection")
    assert not selectors.complaints_visible(user=users["wing"]).filter(pk=secret.pk).exists()
    assert not selectors.complaints_visible(user=users["complaints"]).filter(pk=secret.pk).exists()
    assert selectors.complaints_visible(user=users["inspector"]).filter(pk=secret.pk).exists()
    missing = selectors.referrals_missing(user=users["complaints"], referral_days=2)
    assert missing.filter(admission__isnull=True).count() == 1
    assert selectors.overdue_for(user=get_user_model().objects.get(username="director")).exists()


def test_each_open_complaint_of_ill_treatment_on_admission_has_its_allegation(demo):
    """The demo writes files in batches, without the admission service: the open complaints of
    ill-treatment of people still held where they were admitted join the flow all the same."""
    waiting = Admission.objects.exclude(ill_treatment_complaint="").filter(ill_treatment_action_at__isnull=True)
    held_there = [a for a in waiting.select_related("prisoner") if a.prisoner.current_prison_id == a.prison_id]
    assert held_there, "the demo has open complaints of ill-treatment on admission"
    opened = {c.admission_id for c in Complaint.objects.filter(admission__isnull=False)}
    assert {a.pk for a in held_there} <= opened
    for complaint in Complaint.objects.filter(admission__isnull=False):
        assert complaint.allegation and complaint.text == "" and complaint.made_on <= timezone.localdate()
