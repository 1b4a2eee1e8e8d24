"""The list of open non-associations, which the home page's count links to: the records of the
people held where the reader works, the other person of a pair held elsewhere shown by number
alone, each read logged in both files (Rule 9), in a fixed number of queries."""

import pytest
from django.urls import reverse

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register.tests.factories import admit
from custodia.security import services

from .factories import threatened_by_someone_elsewhere

pytestmark = pytest.mark.django_db

LIST = reverse("security:non_association_list")


@pytest.fixture
def world(make_staff):
    cell = CellFactory()
    prison = cell.unit.prison
    officer = make_staff("security", roles.SECURITY, prisons=[prison])
    victim = admit(cell=cell, given_names="Victim")
    record = threatened_by_someone_elsewhere(officer, victim)
    closed = threatened_by_someone_elsewhere(officer, admit(cell=cell, given_names="Moved"))
    services.non_association_close(actor=officer, non_association=closed, reason="Transferred")
    elsewhere = admit(prison=PrisonFactory(), given_names="Faraway")
    far_officer = make_staff("security-far", roles.SECURITY, prisons=[elsewhere.current_prison])
    threatened_by_someone_elsewhere(far_officer, elsewhere)
    return {"prison": prison, "cell": cell, "officer": officer, "victim": victim, "record": record}


def rows(page: str) -> int:
    return page.count("data-non-association=")


def test_the_open_records_of_people_held_here(client, sign_in, make_staff, world):
    wing = make_staff("wing", roles.WING, prisons=[world["prison"]])
    sign_in(client, wing)
    page = client.get(LIST).content.decode()
    assert rows(page) == 1 and f'data-non-association="{world["record"].pk}"' in page
    other = world["record"].other_of(world["victim"].pk)
    assert "Victim" in page and other.number in page and other.display_name not in page  # held elsewhere
    assert "/close/" not in page  # a wing officer does not close them
    sign_in(client, world["officer"])
    assert "/close/" in client.get(LIST).content.decode()


def test_each_person_shown_has_the_read_in_their_file(client, sign_in, world):
    sign_in(client, world["officer"])
    client.get(LIST)
    read = AuditEvent.objects.filter(action="read", actor=world["officer"], object_type="register.prisoner")
    record = world["record"]
    assert set(read.values_list("object_id", flat=True)) == {str(record.prisoner_a_id), str(record.prisoner_b_id)}


def test_refused_without_the_right(client, sign_in, make_staff, world):
    sign_in(client, make_staff("analyst", roles.HQ_STATISTICS, nationwide=True))
    assert client.get(LIST).status_code == 403


def test_in_a_fixed_number_of_queries_and_one_read_event_per_person(
    client, sign_in, world, django_assert_max_num_queries
):
    for n in range(4):
        threatened_by_someone_elsewhere(world["officer"], admit(cell=world["cell"], given_names=f"More{n}"))
    sign_in(client, world["officer"])
    with django_assert_max_num_queries(14 + 2 * 5):  # each person's read is an event of the audit chain
        assert rows(client.get(LIST).content.decode()) == 5
