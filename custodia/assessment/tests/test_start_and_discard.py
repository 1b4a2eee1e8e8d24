"""Starting an assessment is confirmed first, and a draft is discarded by its author only: marked,
audited and kept, never deleted; the instrument can then be started again."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from custodia.accounts import roles
from custodia.assessment import rules, services
from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.models import Assessment
from custodia.core import workflow
from custodia.core.models import AuditEvent

from .factories import full_ratings, team

pytestmark = pytest.mark.django_db


def test_only_a_draft_may_be_discarded():
    workflow.check_transition(rules.ALLOWED_PREVIOUS, AssessmentStatus.DRAFT, AssessmentStatus.DISCARDED)
    for status in (AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED, AssessmentStatus.FINAL):
        with pytest.raises(workflow.TransitionRefused):
            workflow.check_transition(rules.ALLOWED_PREVIOUS, status, AssessmentStatus.DISCARDED)
    # A discarded draft is never continued, submitted or discarded again.
    for new in AssessmentStatus:
        with pytest.raises(workflow.TransitionRefused):
            workflow.check_transition(rules.ALLOWED_PREVIOUS, AssessmentStatus.DISCARDED, new)


def test_the_author_discards_a_draft_audited_and_kept(make_staff):
    t = team(make_staff)
    draft = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    services.assessment_rate(actor=t.assessor, assessment=draft, ratings=full_ratings("general_screening"))
    draft.refresh_from_db()

    with pytest.raises(PermissionDenied, match="Only the assessor who started this draft"):
        services.assessment_discard(actor=t.second, assessment=draft)
    discarded = services.assessment_discard(
        actor=t.assessor, assessment=draft, reason=" Started by mistake ", version=draft.version
    )

    assert discarded.status == AssessmentStatus.DISCARDED
    assert Assessment.objects.filter(pk=draft.pk, status="discarded").exists() and discarded.ratings.count() == 12
    event = AuditEvent.objects.get(action="assessment.discard")
    assert event.actor == t.assessor and event.changes == {"status": ["draft", "discarded"]}
    assert event.reason == "Started by mistake"
    # The instrument may be started again; the discarded one stays.
    again = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    assert again.status == AssessmentStatus.DRAFT and Assessment.objects.count() == 2


def test_a_submitted_assessment_or_a_stale_copy_is_not_discarded(make_staff):
    t = team(make_staff)
    draft = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    services.assessment_rate(actor=t.assessor, assessment=draft, ratings=full_ratings("general_screening"))
    with pytest.raises(ValidationError) as stale:
        services.assessment_discard(actor=t.assessor, assessment=draft, version=1)
    assert "version" in stale.value.message_dict
    submitted = services.assessment_submit(actor=t.assessor, assessment=draft)
    with pytest.raises(ValidationError) as refused:
        services.assessment_discard(actor=t.assessor, assessment=submitted)
    assert "status" in refused.value.message_dict
    assert not AuditEvent.objects.filter(action="assessment.discard").exists()


def test_start_asks_for_confirmation_first(client, make_staff):
    t = team(make_staff)
    client.force_login(t.assessor)
    file_page = client.get(reverse("register:prisoner_detail", args=[t.prisoner.pk])).content.decode()
    start = reverse("assessment:start", args=[t.prisoner.pk])
    assert f'href="{start}?instrument=general_screening"' in file_page

    page = client.get(start, {"instrument": "general_screening"}).content.decode()
    assert not Assessment.objects.exists()  # opening the page starts nothing
    assert 'id="confirm-start"' in page
    assert '<option value="general_screening" selected>' in page  # the instrument whose "Start" was clicked
    assert 'value="vep_spj"' not in page  # not linked to violent extremism: the instrument does not apply

    response = client.post(start, {"instrument": "general_screening"})
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessment:edit", args=[assessment.pk])
    # Under way: no longer offered on the page that starts one.
    assert 'value="general_screening"' not in client.get(start).content.decode()


def test_the_start_page_refuses_who_may_not_assess_here(client, make_staff):
    t = team(make_staff)
    director = make_staff("director-here", roles.DIRECTOR, prisons=[t.prisoner.current_prison])
    client.force_login(director)
    assert client.get(reverse("assessment:start", args=[t.prisoner.pk])).status_code == 403


def test_the_author_is_offered_discard_with_a_confirmation(client, make_staff):
    t = team(make_staff)
    draft = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    discard = reverse("assessment:discard", args=[draft.pk])
    client.force_login(t.second)
    assert discard not in client.get(reverse("assessment:detail", args=[draft.pk])).content.decode()
    assert client.get(discard)["Location"] == reverse("assessment:detail", args=[draft.pk])

    client.force_login(t.assessor)
    assert discard in client.get(reverse("assessment:detail", args=[draft.pk])).content.decode()
    assert discard in client.get(reverse("assessment:edit", args=[draft.pk])).content.decode()
    page = client.get(discard).content.decode()
    assert 'id="confirm-discard"' in page and "It is not deleted" in page
    response = client.post(discard, {"version": draft.version, "reason": "Wrong instrument"})
    assert response["Location"] == reverse("register:prisoner_detail", args=[t.prisoner.pk])
    draft.refresh_from_db()
    assert draft.status == "discarded"
    detail = client.get(reverse("assessment:detail", args=[draft.pk])).content.decode()
    assert 'id="discarded"' in detail and discard not in detail
    history = client.get(reverse("register:prisoner_detail", args=[t.prisoner.pk])).content.decode()
    assert "Discarded draft" in history.split('id="assessment-history"')[1]
