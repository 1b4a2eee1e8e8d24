"""The network pages and the API: the same selector, the right declared, a bad choice shown on its
field, the page drawn in a fixed number of queries."""

import pytest
from django.urls import reverse

from custodia.accounts import roles
from custodia.networks.rules import LinkKind

from .world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff):
    return build(make_staff)


def test_the_security_officer_opens_a_network_from_the_file(client, sign_in, world, django_assert_max_num_queries):
    sign_in(client, world.security)
    file = client.get(reverse("register:prisoner_detail", args=[world.vep.pk])).content.decode()
    url = reverse("networks:prisoner", args=[world.vep.pk])
    assert f'href="{url}"' in file
    with django_assert_max_num_queries(40):
        html = client.get(url, {"depth": 2}).content.decode()
    assert 'id="network-data"' in html and 'id="network-graph"' in html
    for person in (
        world.co_defendant,
        world.cell_mate,
        world.in_incident,
        world.in_report,
        world.kept_apart,
        world.second_step,
    ):
        assert person.number in html
    assert world.held_elsewhere.number not in html and world.in_draft.number not in html
    assert "HC-CR-77/2025" in html  # the court case a link rests on
    # A shared visitor is named as on the file; the identity document that links them is family data.
    assert "Ali Kato" in html and "NIN CM900001" not in html


def test_the_page_queries_do_not_grow_with_the_network(client, sign_in, world, django_assert_max_num_queries):
    sign_in(client, world.security)
    url = reverse("networks:prisoner", args=[world.vep.pk])
    with django_assert_max_num_queries(40) as small:
        client.get(url, {"depth": 1})
    with django_assert_max_num_queries(50) as large:
        client.get(url, {"depth": 3})
    # A question per kind of link and level (the court cases, the movements...) and a few for whom
    # the reader may see, whatever the number of people.
    assert len(large.captured_queries) - len(small.captured_queries) <= 2 * (len(LinkKind) + 3)


def test_a_bad_choice_is_shown_on_its_field_and_the_defaults_drawn(client, sign_in, world):
    sign_in(client, world.security)
    url = reverse("networks:prisoner", args=[world.vep.pk])
    response = client.get(url, {"since": "2026-03-01", "until": "2026-01-01"})
    assert response.status_code == 200
    assert "The end of the period comes before its start." in response.content.decode()
    assert client.get(url, {"depth": "9"}).status_code == 200


def test_only_whoever_holds_the_right_sees_networks_and_only_of_their_people(client, sign_in, world, make_staff):
    wing = make_staff("wing-2", roles.WING, prisons=[world.prison])
    sign_in(client, wing)
    assert client.get(reverse("networks:prisoner", args=[world.vep.pk])).status_code == 403
    assert (
        reverse("networks:prisons")
        not in client.get(reverse("register:prisoner_detail", args=[world.vep.pk])).content.decode()
    )
    sign_in(client, world.security)
    assert client.get(reverse("networks:prisoner", args=[world.held_elsewhere.pk])).status_code == 404
    other_prison = world.held_elsewhere.current_prison
    assert client.get(reverse("networks:prison", args=[other_prison.pk])).status_code == 404


def test_the_prison_list_leads_to_the_network_of_its_people_linked_to_violent_extremism(client, sign_in, world):
    sign_in(client, world.security)
    html = client.get(reverse("networks:prisons")).content.decode()
    url = reverse("networks:prison", args=[world.prison.pk])
    assert f'href="{url}"' in html and world.held_elsewhere.current_prison.name not in html
    page = client.get(url).content.decode()
    assert world.vep.number in page and world.cell_mate.number in page and world.second_step.number not in page


def test_the_api_answers_what_the_page_shows(client, sign_in, world):
    sign_in(client, world.security)
    url = f"/api/v1/networks/prisoners/{world.vep.pk}"
    answer = client.get(url, {"depth": 1, "kinds": ["cell_mate", "co_defendant"]}).json()
    assert {p["id"] for p in answer["people"]} == {world.vep.pk, world.cell_mate.pk, world.co_defendant.pk}
    assert {link["kind"] for link in answer["links"]} == {"cell_mate", "co_defendant"} and not answer["truncated"]
    assert client.get(url, {"depth": 4}).status_code == 422
    assert client.get(url, {"kinds": ["visits"]}).status_code == 422
    assert client.get(f"/api/v1/networks/prisoners/{world.held_elsewhere.pk}").status_code == 404


def test_the_network_of_a_prison_in_a_fixed_number_of_queries(client, sign_in, world, django_assert_max_num_queries):
    """The people and their links drawn once each: a person's cell names them, links to their own
    network and marks a person linked to violent extremism; a link's period is dated."""
    sign_in(client, world.security)
    # A question per kind of link, the people seen, their reads recorded, the session and rights.
    with django_assert_max_num_queries(25):
        html = client.get(reverse("networks:prison", args=[world.prison.pk])).content.decode()
    vep = world.vep
    vep_cell = (
        f'<td dir="auto"><a href="{reverse("networks:prisoner", args=[vep.pk])}">{vep.display_name}</a>'
        f' <span class="text-muted">{vep.number}</span> <span class="badge text-bg-danger">VEP</span></td>'
    )
    mate = world.cell_mate
    mate_cell = (
        f'<td dir="auto"><a href="{reverse("networks:prisoner", args=[mate.pk])}">{mate.display_name}</a>'
        f' <span class="text-muted">{mate.number}</span></td>'
    )
    table = html.split('id="network-links"')[1]
    assert vep_cell in table and mate_cell in table
    assert '<time datetime="' in table
