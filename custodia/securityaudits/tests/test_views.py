"""The security audit pages: the auditor's working page from start to final, what the prison
sees (final audits only, its own), the comparison over the years and across prisons, and the
follow-up of an action; each page in a bounded number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.tests.factories import PrisonFactory
from custodia.securityaudits import checklist, services
from custodia.securityaudits.models import SecurityAudit

from .factories import final_audit, world

pytestmark = pytest.mark.django_db


def test_the_auditor_works_an_audit_from_start_to_final(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.auditor)
    today = timezone.localdate()
    response = client.post(reverse("securityaudits:start"), {"prison": w.prison.pk, "audited_on": today.isoformat()})
    audit = SecurityAudit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("securityaudits:detail", args=[audit.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="ratings-form"' in page and 'id="finalise-form"' in page
    ratings = {"r-version": audit.version}
    for code in checklist.current().area_of():
        ratings[f"r-rating_{code}"] = "met"
    ratings["r-rating_searches"], ratings["r-evidence_searches"] = "not_met", "Cells searched without a record"
    assert client.post(reverse("securityaudits:rate", args=[audit.pk]), ratings).status_code == 302
    # Made final too soon: the page again, the refusal naming the item without an action.
    response = client.post(reverse("securityaudits:finalise", args=[audit.pk]), {"f-summary": "Good", "f-version": ""})
    assert response.status_code == 200
    assert "Recommend an action for each item not met" in response.content.decode()
    due = (today + timedelta(days=30)).isoformat()
    response = client.post(
        reverse("securityaudits:recommend", args=[audit.pk]),
        {
            "a-item_code": "searches",
            "a-description": "Record every search",
            "a-owner": "Head of security",
            "a-due_on": due,
        },
    )
    assert response.status_code == 302
    response = client.post(reverse("securityaudits:finalise", args=[audit.pk]), {"f-summary": "Searches unrecorded."})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "final" and audit.area_scores["procedural"] == 75
    page = client.get(reverse("securityaudits:detail", args=[audit.pk])).content.decode()
    assert 'id="ratings-form"' not in page and "Searches unrecorded." in page and "Record every search" in page


def test_a_refused_rating_keeps_what_was_typed(client, make_staff, sign_in):
    w = world(make_staff)
    audit = services.audit_start(actor=w.auditor, prison=w.prison, audited_on=timezone.localdate())
    sign_in(client, w.auditor)
    response = client.post(
        reverse("securityaudits:rate", args=[audit.pk]),
        {"r-rating_perimeter": "excellent", "r-evidence_perimeter": "ZQTYPED"},
    )
    assert response.status_code == 200 and "ZQTYPED" in response.content.decode()
    assert not audit.ratings.exists()


def test_the_prison_sees_its_final_audits_only(client, make_staff, sign_in):
    w = world(make_staff)
    final = final_audit(w, audited_on=timezone.localdate() - timedelta(days=400))
    working = services.audit_start(actor=w.auditor, prison=w.prison, audited_on=timezone.localdate())
    other = world(make_staff, suffix="-other")
    elsewhere = final_audit(other)
    sign_in(client, w.security)
    page = client.get(reverse("securityaudits:list")).content.decode()
    assert f'data-audit="{final.pk}"' in page
    assert f'data-audit="{working.pk}"' not in page and f'data-audit="{elsewhere.pk}"' not in page
    assert client.get(reverse("securityaudits:detail", args=[final.pk])).status_code == 200
    assert client.get(reverse("securityaudits:detail", args=[working.pk])).status_code == 404
    assert client.get(reverse("securityaudits:detail", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("securityaudits:start")).status_code == 403
    assert client.post(reverse("securityaudits:rate", args=[final.pk]), {}).status_code == 403


def test_two_audits_a_year_apart_compare_area_by_area(client, make_staff, sign_in, django_assert_max_num_queries):
    w = world(make_staff)
    today = timezone.localdate()
    final_audit(w, audited_on=today - timedelta(days=365), not_met=("perimeter", "gate_control"))
    latest = final_audit(w, audited_on=today - timedelta(days=1), not_met=("perimeter",))
    sign_in(client, w.director)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("securityaudits:detail", args=[latest.pk])).content.decode()
    # Physical: 2 of 4 met a year ago (50), 3 of 4 now (75): +25.
    assert 'data-area="physical"' in page and "+25" in page
    assert 'data-chart="chart-history"' in page and 'id="chart-history"' in page


def test_prisons_are_compared_on_their_latest_audit(client, make_staff, sign_in, django_assert_max_num_queries):
    first = world(make_staff)
    second = world(make_staff, PrisonFactory(), suffix="-2")
    final_audit(first, not_met=("perimeter",))
    final_audit(second)
    sign_in(client, first.auditor)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("securityaudits:list")).content.decode()
    assert 'id="chart-prisons"' in page and 'id="compare"' in page
    assert page.index(second.prison.name, page.index('id="compare"')) < page.index(
        first.prison.name, page.index('id="compare"')
    )


def test_the_security_officer_records_an_action_done_from_the_list(client, make_staff, sign_in):
    w = world(make_staff)
    audit = final_audit(w, audited_on=timezone.localdate() - timedelta(days=100), not_met=("counts",), due_in_days=30)
    action = audit.actions.get()
    sign_in(client, w.security)
    page = client.get(reverse("securityaudits:actions"), {"show": "overdue"}).content.decode()
    assert f'data-action="{action.pk}"' in page and "Overdue" in page
    url = reverse("securityaudits:done", args=[action.pk])
    response = client.post(url, {"done_on": timezone.localdate().isoformat(), "note": "", "version": action.version})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["note"]
    response = client.post(
        url, {"done_on": timezone.localdate().isoformat(), "note": "Counts recounted twice", "version": action.version}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.done_by == w.security
    page = client.get(reverse("securityaudits:actions")).content.decode()
    assert f'data-action="{action.pk}"' not in page


def test_the_home_page_counts_audits_in_progress_and_actions_overdue(client, make_staff, sign_in):
    w = world(make_staff)
    final_audit(
        w, audited_on=timezone.localdate() - timedelta(days=100), not_met=("counts", "searches"), due_in_days=30
    )
    services.audit_start(actor=w.auditor, prison=w.prison, audited_on=timezone.localdate())
    sign_in(client, w.auditor)
    page = client.get(reverse("home")).content.decode()
    assert "Security audits in progress" in page and "Audit actions overdue" in page
    assert reverse("securityaudits:actions") + "?show=overdue" in page
    sign_in(client, make_staff("director-home", roles.DIRECTOR, prisons=[w.prison]))
    page = client.get(reverse("home")).content.decode()
    assert "Audit actions overdue" in page and "show=overdue" in page
