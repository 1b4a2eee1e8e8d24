"""The list of open proposals: the filters the home page's counts link to, each person listed as
the services would let the reader act (the director the proposals of people held there, the
headquarters VEP unit those of people linked to violent extremism), in a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from custodia.classification import services
from custodia.estate.tests.factories import CellFactory

from .factories import propose, world

pytestmark = pytest.mark.django_db

LIST = reverse("classification:proposals")


def listed(client, query: str = "") -> list[str]:
    page = client.get(f"{LIST}?{query}").content.decode()
    return re.findall(r'/classification/(\d+)/"', page)


@pytest.fixture
def proposals(make_staff):
    """At one prison: a proposal awaiting the director, one for a VEP awaiting headquarters, one the
    director returned to its case manager; at another prison, a proposal of its own."""
    cell = CellFactory()
    here, vep, returned = (
        world(make_staff, cell=cell),
        world(make_staff, cell=cell, vep=True),
        world(make_staff, cell=cell),
    )
    elsewhere = world(make_staff)
    decisions = {
        "here": propose(here),
        "vep": propose(vep),
        "returned": propose(returned),
        "elsewhere": propose(elsewhere),
    }
    services.classification_return(actor=returned.director, decision=decisions["returned"], comment="Add the reports.")
    return {"decisions": {name: str(d.pk) for name, d in decisions.items()}, "here": here, "returned": returned}


def test_each_reader_sees_the_proposals_of_their_prisons(client, sign_in, proposals):
    d = proposals["decisions"]
    sign_in(client, proposals["here"].director)
    assert sorted(listed(client)) == sorted([d["here"], d["vep"], d["returned"]])
    assert listed(client, "status=proposed") == [d["here"], d["vep"]]
    assert listed(client, "status=returned") == [d["returned"]]
    assert listed(client, "status=nonsense") == listed(client)


def test_awaiting_my_decision_is_what_the_reader_may_decide(client, sign_in, proposals):
    d = proposals["decisions"]
    sign_in(client, proposals["here"].director)
    assert listed(client, "awaiting_my_decision=1") == [d["here"]]  # a VEP's is headquarters' to decide
    sign_in(client, proposals["here"].hq)
    assert listed(client, "awaiting_my_decision=1") == [d["vep"]]


def test_returned_to_me_is_to_the_case_manager_who_proposed(client, sign_in, proposals, make_staff):
    d = proposals["decisions"]
    sign_in(client, proposals["returned"].case_manager)
    assert listed(client, "returned_to_me=1") == [d["returned"]]
    page = client.get(f"{LIST}?returned_to_me=1").content.decode()
    assert 'id="returned_to_me" checked' in page  # the page says how it is filtered
    sign_in(client, proposals["here"].second)  # a case manager there, who proposed none of them
    assert listed(client, "returned_to_me=1") == []


def test_the_list_in_a_fixed_number_of_queries(client, sign_in, proposals, make_staff, django_assert_max_num_queries):
    cell = proposals["here"].prisoner.current_cell
    for _ in range(3):
        propose(world(make_staff, cell=cell))
    sign_in(client, proposals["here"].director)
    with django_assert_max_num_queries(11):  # the decisions in one query, whatever their number
        assert len(listed(client, "awaiting_my_decision=1")) == 4
