"""The prisoner list's filters that the home page's counts link to: a unit, no cell yet, a court
hearing and a release due today or within seven days. Each keeps to the people held where the user
works; the legal situation is not searched at a prison the person has left."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.models import Unit
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register import selectors, services
from custodia.register.models import Sentence
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db


def sentenced(cell, name: str, *, ends_in: int):
    """Convicted today, the full term ending in `ends_in` days (ten days served on remand), and held
    in the convicted unit of `cell`'s prison."""
    today = timezone.localdate()
    sentence = services.SentenceData(imposed_on=today, starts_on=today, days=ends_in + 10, remand_credit_days=10)
    unit, _created = Unit.objects.get_or_create(prison=cell.unit.prison, name="Convicted")
    return admit(cell=CellFactory(unit=unit), given_names=name, legal_status="convicted", sentence=sentence)


def heard(cell, name: str, *, in_days: int):
    case = services.CaseData(
        court="High Court", case_number=name, next_hearing=timezone.localdate() + timedelta(in_days)
    )
    return admit(cell=cell, given_names=name, case=case)


def names(user, **filters) -> set[str]:
    people = selectors.prisoner_list(user=user, filters=selectors.PrisonerFilters(**filters))
    return {p.display_name.split()[0] for p in people}


@pytest.fixture
def officer(make_staff):
    """A reception officer and a cell of their prison for people on remand; sentenced(), which
    puts convicted people in a unit of their own (Rule 11(b)), takes that cell's prison."""
    cell = CellFactory()
    return make_staff("reception", roles.RECEPTION, prisons=[cell.unit.prison]), cell


def test_hearings_and_releases_by_day(officer):
    user, cell = officer
    heard(cell, "Today", in_days=0)
    heard(cell, "Friday", in_days=4)
    heard(cell, "Later", in_days=9)
    sentenced(cell, "Free", ends_in=0)
    sentenced(cell, "Soon", ends_in=6)
    sentenced(cell, "Next", ends_in=7)
    heard(CellFactory(), "Elsewhere", in_days=0)
    sentenced(CellFactory(), "Away", ends_in=0)
    assert names(user, hearing="today") == {"Today"}
    assert names(user, hearing="week") == {"Today", "Friday"}
    assert names(user, release="today") == {"Free"}
    assert names(user, release="week") == {"Free", "Soon"}


def test_a_release_is_due_when_the_last_sentence_ends(officer):
    """A second sentence that ends later, or a life sentence, keeps the person in."""
    user, cell = officer
    person = sentenced(cell, "Two", ends_in=2)
    today = timezone.localdate()
    Sentence.objects.create(
        prisoner=person, imposed_on=today, starts_on=today, years=2, full_term_release_on=today + timedelta(days=730)
    )
    assert names(user, release="week") == set()
    sentenced(cell, "Life", ends_in=2).sentences.update(life=True)
    assert names(user, release="week") == set()


def test_units_and_people_not_yet_in_a_cell(officer):
    user, cell = officer
    admit(cell=cell, given_names="Placed")
    admit(cell=CellFactory(unit__prison=cell.unit.prison), given_names="Other")
    admit(prison=cell.unit.prison, given_names="Waiting")
    assert names(user, unit=cell.unit_id) == {"Placed"}
    assert names(user, without_cell=True) == {"Waiting"}


def test_a_former_prison_does_not_search_the_legal_situation(officer):
    user, cell = officer
    person = heard(cell, "Moved", in_days=0)
    services.movement_record(
        actor=None,
        prisoner=person,
        data=services.MovementData(kind="transfer", occurred_at=timezone.now(), to_prison=PrisonFactory()),
    )
    assert "Moved" in names(user, on_roll=False)
    assert names(user, on_roll=False, hearing="today") == set()


def test_the_form_shows_the_filters_the_address_asks_for(client, sign_in, officer):
    user, cell = officer
    unit = sentenced(cell, "Free", ends_in=0).current_cell.unit_id
    sign_in(client, user)
    page = client.get(reverse("register:prisoner_list"), {"release": "today", "unit": unit}).content.decode()
    assert '<option value="today" selected>' in page and f'<option value="{unit}" selected>' in page
    assert "Free" in page
