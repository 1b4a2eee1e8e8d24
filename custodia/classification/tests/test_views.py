"""The classification pages per role: the file section, the proposal form, the decision page
(approve, change, return; information and appeal), the review date and the reviews list, in
bounded queries (the oversight page: oversight/tests/test_classification.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.classification.models import ClassificationDecision, ReviewDateChange
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory

from .factories import approved, propose, world

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(page: str) -> str:
    return page.split('id="classification"')[1].split("</section>")[0]


def test_a_case_manager_proposes_from_the_file(client, make_staff):
    w = world(make_staff)
    w.assessment("general_screening", value=2)
    client.force_login(w.case_manager)
    file_section = section(html(client.get(reverse("register:prisoner_detail", args=[w.prisoner.pk]))))
    assert 'id="computed-level">High security<' in file_section
    assert "Clear indicators of escape risk in the general screening" in file_section
    assert reverse("classification:propose", args=[w.prisoner.pk]) in file_section
    assert "Not classified yet" in file_section

    url = reverse("classification:propose", args=[w.prisoner.pk])
    form = html(client.get(url))
    assert 'id="computed-level">High security<' in form and 'name="vep_placement"' not in form
    # Another level without a reason: refused on that field, nothing saved.
    page = html(client.post(url, {"proposed_level": "medium", "rationale": "Calm on the wing."}))
    assert "say why you propose another level" in page and not ClassificationDecision.objects.exists()
    response = client.post(
        url,
        {
            "proposed_level": "medium",
            "rationale": "Calm on the wing.",
            "override_reason": "The escape attempt was 2019.",
        },
    )
    decision = ClassificationDecision.objects.get()
    assert response["Location"] == reverse("classification:detail", args=[decision.pk])
    assert (decision.computed_level, decision.proposed_level, decision.proposed_by) == (
        "high",
        "medium",
        w.case_manager,
    )
    # A second visit goes to the proposal awaiting a decision.
    assert client.get(url)["Location"] == reverse("classification:detail", args=[decision.pk])


def test_the_director_approves_on_the_decision_page(client, make_staff, django_assert_max_num_queries):
    w = world(make_staff)
    decision = propose(w)
    client.force_login(w.case_manager)
    assert 'id="approve-form"' not in html(client.get(reverse("classification:detail", args=[decision.pk])))
    client.force_login(w.director)
    url = reverse("classification:detail", args=[decision.pk])
    with django_assert_max_num_queries(20):
        page = html(client.get(url))
    assert 'id="approve-form"' in page and 'id="return-form"' in page
    assert AuditEvent.objects.filter(action="read", object_type="classification.classificationdecision").exists()
    response = client.post(
        reverse("classification:approve", args=[decision.pk]), {"level": "low", "version": decision.version}
    )
    assert response["Location"] == url
    decision.refresh_from_db()
    assert decision.status == "approved" and decision.decided_by == w.director
    page = html(client.get(url))
    assert 'id="approved-level">Low security<' in page and 'id="next-review"' in page
    assert "Decided: the classification is in force." in page
    file_section = section(html(client.get(reverse("register:prisoner_detail", args=[w.prisoner.pk]))))
    assert "Low security" in file_section.split('id="level-in-force"')[1]


def test_changing_the_level_without_a_reason_is_refused_and_said(client, make_staff):
    w = world(make_staff)
    decision = propose(w)
    client.force_login(w.director)
    response = client.post(
        reverse("classification:approve", args=[decision.pk]),
        {"level": "high", "version": decision.version},
        follow=True,
    )
    assert "Say why you decide another level" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == "proposed"


def test_for_a_vep_the_director_is_offered_nothing_and_refused(client, make_staff, sign_in):
    w = world(make_staff, vep=True)
    decision = propose(w)
    client.force_login(w.director)
    page = html(client.get(reverse("classification:detail", args=[decision.pk])))
    assert 'id="approve-form"' not in page and "the headquarters VEP unit decides" in page
    response = client.post(reverse("classification:approve", args=[decision.pk]), {"level": "low"}, follow=True)
    assert "only the headquarters VEP unit decides" in response.content.decode()
    sign_in(client, w.hq)  # headquarters sign in with two factors
    assert 'id="approve-form"' in html(client.get(reverse("classification:detail", args=[decision.pk])))
    # Charged with a terrorist act before any assessment: the interim placement rule proposed medium.
    client.post(reverse("classification:approve", args=[decision.pk]), {"level": decision.proposed_level})
    decision.refresh_from_db()
    assert decision.status == "approved" and decision.decided_by == w.hq


def test_the_one_who_proposed_is_not_offered_the_decision(client, make_staff):
    w = world(make_staff)
    both = make_staff("cm-and-director", roles.CASE_MANAGER, roles.DIRECTOR, prisons=[w.prison])
    decision = propose(w, actor=both)
    for user, offered in ((w.director, True), (both, False)):
        client.force_login(user)
        page = html(client.get(reverse("classification:detail", args=[decision.pk])))
        assert ('id="approve-form"' in page) is offered and ('id="return-form"' in page) is offered


def test_a_vep_proposal_form_asks_for_the_placement(client, make_staff):
    w = world(make_staff, vep=True)
    client.force_login(w.case_manager)
    url = reverse("classification:propose", args=[w.prisoner.pk])
    page = html(client.post(url, {"proposed_level": "low", "rationale": "x", "vep_placement": "integration_dispersal"}))
    assert 'name="vep_placement"' in page and "never by the label alone" in page
    assert not ClassificationDecision.objects.exists()


def test_return_then_propose_again_with_the_comment_shown(client, make_staff):
    w = world(make_staff)
    decision = propose(w, rationale="First reading.")
    client.force_login(w.director)
    client.post(
        reverse("classification:return", args=[decision.pk]),
        {"comment": "Read the court report.", "version": decision.version},
    )
    decision.refresh_from_db()
    assert decision.status == "returned"
    client.force_login(w.case_manager)
    page = html(client.get(reverse("classification:propose", args=[w.prisoner.pk])))
    assert "Read the court report." in page and "First reading." in page
    client.post(
        reverse("classification:propose", args=[w.prisoner.pk]),
        {"proposed_level": "low", "rationale": "Court report read.", "version": decision.version},
    )
    decision.refresh_from_db()
    assert decision.status == "proposed" and decision.rationale == "Court report read."


def test_information_and_appeal_from_the_decision_page(client, make_staff):
    w = world(make_staff)
    decision = approved(w)
    today = timezone.localdate().isoformat()
    client.force_login(w.case_manager)
    page = html(client.get(reverse("classification:detail", args=[decision.pk])))
    assert 'id="information-form"' in page and 'id="appeal-form"' in page
    client.post(reverse("classification:information", args=[decision.pk]), {"informed_on": today})
    client.post(reverse("classification:appeal", args=[decision.pk]), {"lodged_on": today, "outcome": "pending"})
    decision.refresh_from_db()
    assert decision.informed_on.isoformat() == today and decision.appeal_outcome == "pending"
    # Bad input is said on top of the page, nothing saved.
    response = client.post(
        reverse("classification:appeal", args=[decision.pk]), {"lodged_on": today, "outcome": "upheld"}, follow=True
    )
    assert "Give the date the appeal was decided." in response.content.decode()
    wing = make_staff("wing-here", roles.WING, prisons=[w.prison])
    client.force_login(wing)
    response = client.post(
        reverse("classification:information", args=[decision.pk]), {"informed_on": today}, follow=True
    )
    assert "Only a case manager or an approver" in response.content.decode()


def test_the_review_date_page(client, make_staff):
    w = world(make_staff)
    decision = approved(w)
    url = reverse("classification:review_date", args=[decision.pk])
    client.force_login(w.case_manager)
    assert client.get(url).status_code == 403
    client.force_login(w.director)
    new = (timezone.localdate() + timedelta(days=40)).isoformat()
    page = html(client.post(url, {"new_date": new, "reason": "", "version": decision.version}))
    assert "This field is required." in page or "Say why" in page
    response = client.post(url, {"new_date": new, "reason": "Release hearing then.", "version": decision.version})
    assert response["Location"] == reverse("classification:detail", args=[decision.pk])
    change = ReviewDateChange.objects.get()
    assert change.new_date.isoformat() == new and change.reason == "Release hearing then."
    page = html(client.get(reverse("classification:detail", args=[decision.pk])))
    assert "Release hearing then." in page.split('id="review-changes"')[1]


def test_reviews_list_per_prison_and_nationally(client, make_staff, sign_in, django_assert_max_num_queries):
    cell = CellFactory()
    people = [world(make_staff, cell=cell, given_names=f"Person{i}") for i in range(3)]
    decisions = [approved(w) for w in people]
    ClassificationDecision.objects.filter(pk=decisions[1].pk).update(
        next_review_on=timezone.localdate() - timedelta(days=2)
    )
    other = world(make_staff, given_names="Elsewhere")
    approved(other)
    director = people[0].director
    client.force_login(director)
    with django_assert_max_num_queries(16):
        page = html(client.get(reverse("classification:reviews")))
    rows = page.split('id="reviews"')[1].split("</tbody>")[0]
    assert rows.count("<tr class=") == 3 and "Elsewhere" not in rows
    assert rows.index("Person1") < rows.index("Person0")  # overdue first
    assert 'id="count-overdue">1 overdue' in page
    sign_in(client, people[0].hq)
    page = html(client.get(reverse("classification:reviews")))
    rows = page.split('id="reviews"')[1].split("</tbody>")[0]
    assert rows.count("<tr class=") == 4 and 'id="overdue-by-prison"' in page
    page = html(client.get(reverse("classification:reviews"), {"prison": other.prison.pk}))
    assert page.split('id="reviews"')[1].split("</tbody>")[0].count("<tr class=") == 1
    page = html(client.get(reverse("classification:reviews"), {"urgency": "overdue"}))
    assert page.split('id="reviews"')[1].split("</tbody>")[0].count("<tr class=") == 1
