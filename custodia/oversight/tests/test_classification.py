"""Classification oversight: the figures against a hand-counted set of decisions, for headquarters
and for a director, in a fixed number of queries; the page shows aggregates only."""

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.urls import reverse

from custodia.accounts import roles
from custodia.classification import services
from custodia.classification.models import ClassificationDecision
from custodia.classification.tests.factories import Estate, ago, approved, seven_people_at_two_prisons, world
from custodia.oversight.selectors import classification_oversight

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("custodia.classification.migrations.0003_decision_admission")


@pytest.fixture
def estate(make_staff) -> Estate:
    return seven_people_at_two_prisons(make_staff)


def test_national_oversight_figures_match_the_hand_count(estate, make_staff):
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    f = classification_oversight(user=analyst)
    assert (f.proposals, f.awaiting, f.returned, f.decided) == (7, 1, 1, 5)
    assert (f.overridden_by_case_manager, f.case_manager_up, f.case_manager_down) == (2, 1, 1)
    assert (f.changed_by_approver, f.approver_up, f.approver_down) == (1, 1, 0)
    assert (f.overridden, f.as_computed) == (3, 3)
    assert [(r.code, r.computed, r.proposed, r.approved) for r in f.by_level] == [
        ("low", 5, 4, 2),
        ("medium", 1, 3, 3),
        ("high", 1, 0, 0),
    ]
    assert (f.in_force, f.overdue, f.unclassified) == (5, 1, 2)
    prison_a, prison_b = estate.a["A1"].prison.name, estate.b["B1"].prison.name
    assert f.overdue_by_prison == [(prison_b, 1, 1), (prison_a, 0, 4)]
    # Admitted 10, 20, 30, 40 and 50 days before their first approval.
    assert f.first_count == 5 and f.first_days_median == 30.0 and f.first_days_mean == 30.0
    assert f.vep_by_placement == [
        ("integration_dispersal", "Integration, dispersed across units", 0),
        ("concentration", "Concentration in designated units", 0),
        ("separation", "Separation", 1),
    ]
    assert f.vep_in_force == 1


def test_a_director_sees_the_figures_of_their_prison(estate):
    f = classification_oversight(user=estate.a["A1"].director)
    assert (f.proposals, f.awaiting, f.returned, f.decided, f.overridden) == (5, 1, 0, 4, 3)
    assert (f.in_force, f.overdue, f.unclassified) == (4, 0, 1)
    assert f.first_days_median == 25.0 and f.first_count == 4


def test_each_stay_counts_the_days_to_its_own_first_classification(make_staff):
    """A person classified in one stay and admitted again is counted once for each stay, from the
    admission of that stay; a second decision in the same stay does not count again."""
    w = world(make_staff, admitted_at=ago(10))
    first = approved(w)
    assert first.admission == w.prisoner.admissions.get()
    approved(w)  # a review in the same stay
    again = w.prisoner.admissions.get()
    again.pk, again.admitted_at = None, ago(4)  # admitted once more (the same record, a later date)
    again.save()
    assert approved(w).admission == again
    f = classification_oversight(user=make_staff("analyst", roles.HQ_STATISTICS, nationwide=True))
    assert f.first_count == 2 and (f.first_days_median, f.first_days_mean) == (7.0, 7.0)


def test_past_decisions_are_given_the_stay_they_were_decided_in(estate, make_staff):
    """The migration gives each decision made before it the person's latest admission at or before
    the decision: the figures stay what they were."""
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    before = classification_oversight(user=analyst)
    stays = dict(ClassificationDecision.objects.values_list("pk", "admission_id"))
    ClassificationDecision.objects.update(admission=None)
    cache.clear()  # a migration writes no audit event: nothing tells the kept figures of it
    assert classification_oversight(user=analyst).first_count == 0
    backfill.stays_of_past_decisions(django_apps, None)
    assert dict(ClassificationDecision.objects.values_list("pk", "admission_id")) == stays
    cache.clear()
    assert classification_oversight(user=analyst) == before


def test_oversight_takes_a_fixed_number_of_queries(estate, make_staff, django_assert_max_num_queries):
    hq = estate.a["A1"].hq
    with django_assert_max_num_queries(12):
        classification_oversight(user=hq)


def test_the_figures_are_kept_until_a_change(estate, make_staff, django_assert_max_num_queries):
    """Counted once, then read from the cache (the id of the last audit event and the reader's scope
    are all it asks) until a change: an approval shows at once, and another scope has its own."""
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    director = estate.a["A1"].director
    counted = classification_oversight(user=analyst)
    with django_assert_max_num_queries(2):
        assert classification_oversight(user=analyst) == counted
    assert classification_oversight(user=director).decided == 4 != counted.decided
    services.classification_approve(
        actor=estate.a["A4"].director, decision=estate.a["A4"].prisoner.classification_decisions.get()
    )
    assert classification_oversight(user=analyst).decided == counted.decided + 1


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_oversight_page_aggregates_only(client, make_staff, sign_in, django_assert_max_num_queries):
    w = world(make_staff, given_names="Namedperson")
    approved(w)
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    sign_in(client, analyst)
    with django_assert_max_num_queries(20):
        page = html(client.get(reverse("oversight:classification")))
    assert "Namedperson" not in page and w.prisoner.number not in page
    assert 'id="figure-approved">1<' in page
    spec = json.loads(page.split('id="chart-levels" type="application/json">')[1].split("</script>")[0])
    assert spec["labels"] == ["Low security", "Medium security", "High security"]
    assert [d["data"] for d in spec["datasets"]] == [[1, 0, 0], [1, 0, 0], [1, 0, 0]]
    client.force_login(make_staff("wing", roles.WING, prisons=[w.prison]))
    assert client.get(reverse("oversight:classification")).status_code == 403
