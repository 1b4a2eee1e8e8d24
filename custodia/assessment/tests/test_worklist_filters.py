"""The worklist's filters of one's own work, which the home page's counts link to: the assessments
the reader may countersign now (a second assessor, at the prison), and those returned to the one
who made them; in the worklist's fixed number of queries."""

import pytest
from django.urls import reverse

from custodia.accounts import roles
from custodia.assessment import services
from custodia.estate.tests.factories import CellFactory
from custodia.register.tests.factories import admit

from .factories import full_ratings

pytestmark = pytest.mark.django_db


def submitted(assessor, prisoner):
    assessment = services.assessment_start(actor=assessor, prisoner=prisoner, instrument_id="general_screening")
    services.assessment_rate(actor=assessor, assessment=assessment, ratings=full_ratings("general_screening"))
    return services.assessment_submit(actor=assessor, assessment=assessment)


@pytest.fixture
def team(make_staff):
    cell = CellFactory()
    prison = cell.unit.prison
    first = make_staff("first", roles.CASE_MANAGER, prisons=[prison])
    second = make_staff("second", roles.CASE_MANAGER, prisons=[prison])
    mine = submitted(first, admit(cell=cell, given_names="Mine"))
    theirs = submitted(second, admit(cell=cell, given_names="Theirs"))
    services.assessment_return(actor=first, assessment=theirs, comment="Add the evidence")
    admit(cell=cell, given_names="Nobody")  # nothing under way
    return {"prison": prison, "cell": cell, "first": first, "second": second, "mine": mine}


def rows(client, team, **filters) -> list[str]:
    page = client.get(reverse("assessment:worklist"), {"prison": team["prison"].pk, **filters}).content.decode()
    body = page.split('id="worklist"', 1)[1].split("</tbody>", 1)[0]
    return [name for name in ("Mine", "Theirs", "Nobody") if name in body]


def test_awaiting_my_countersignature_is_what_i_may_countersign(client, sign_in, team):
    sign_in(client, team["second"])
    assert rows(client, team, awaiting_my_countersignature=1) == ["Mine"]
    sign_in(client, team["first"])  # who made it cannot countersign it
    assert rows(client, team, awaiting_my_countersignature=1) == []


def test_returned_to_me_is_to_who_made_it(client, sign_in, team):
    sign_in(client, team["second"])
    assert rows(client, team, returned_to_me=1) == ["Theirs"]
    page = client.get(reverse("assessment:worklist"), {"prison": team["prison"].pk, "returned_to_me": 1})
    assert 'id="returned_to_me" checked' in page.content.decode()
    sign_in(client, team["first"])
    assert rows(client, team, returned_to_me=1) == []


def test_a_director_counts_nothing_as_their_own(client, sign_in, make_staff, team):
    """The director reads the worklist but neither countersigns nor makes assessments."""
    sign_in(client, make_staff("director", roles.DIRECTOR, prisons=[team["prison"]]))
    assert rows(client, team) == ["Mine", "Theirs", "Nobody"]
    assert rows(client, team, awaiting_my_countersignature=1) == []


def test_the_filters_in_the_worklist_s_queries(client, sign_in, team, django_assert_max_num_queries):
    sign_in(client, team["second"])
    url = reverse("assessment:worklist") + f"?prison={team['prison'].pk}&awaiting_my_countersignature=1"
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for n in range(3):
        submitted(team["first"], admit(cell=team["cell"], given_names=f"More{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).content.decode().count('<tr class="urgency-') == 4
