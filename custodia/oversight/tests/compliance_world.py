"""What the tests of the compliance checks share: prisons with a cell each, readers of every kind,
and the assertions every check must meet (bounded queries, need-to-know, counts that agree with
the people listed)."""

from collections.abc import Callable, Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.models import Cell, Prison
from custodia.estate.tests.factories import CellFactory
from custodia.oversight.compliance.base import Check, Tally


def cells(n: int, capacity: int = 4) -> list[Cell]:
    """A cell in each of `n` new prisons (each prison in a region of its own)."""
    return [CellFactory(capacity=capacity) for _ in range(n)]


def prisons_of(found: Sequence[Cell]) -> list[Prison]:
    return [cell.unit.prison for cell in found]


def today() -> date:
    return timezone.localdate()


def queries_of(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def assert_bounded(check: Check, prisons: Sequence[Prison], most: int, django_assert_max_num_queries) -> None:
    """The tallies of the first two prisons and of all four take the same number of queries, at most
    `most`. A first run reads the profile and the rights once for the process, as a page would
    have already."""
    assert len(prisons) == 4
    check.tallies(prisons=prisons, today=today())
    two = queries_of(lambda: check.tallies(prisons=prisons[:2], today=today()))
    four = queries_of(lambda: check.tallies(prisons=prisons, today=today()))
    assert two == four
    with django_assert_max_num_queries(most):
        check.tallies(prisons=prisons, today=today())


def readers(make_staff, prisons: Sequence[Prison], suffix: str = "") -> dict[str, User]:
    """hq: headquarters reader of files everywhere; here: the director of the first prison; there:
    a director of another prison; analyst: the headquarters statistics analyst (no files)."""
    elsewhere = CellFactory().unit.prison
    return {
        "hq": make_staff(f"cc-hq{suffix}", roles.HQ_VEP, nationwide=True),
        "here": make_staff(f"cc-here{suffix}", roles.DIRECTOR, prisons=[prisons[0]]),
        "there": make_staff(f"cc-there{suffix}", roles.DIRECTOR, prisons=[elsewhere]),
        "analyst": make_staff(f"cc-analyst{suffix}", roles.HQ_STATISTICS, nationwide=True),
    }


def assert_need_to_know(check: Check, prison: Prison, people: dict[str, User]) -> None:
    """Someone at `prison` falls short: headquarters and the prison's director see them; a director
    elsewhere and the statistics analyst see nobody."""
    listed = {who: set(check.people(user=user, prison=prison, today=today())) for who, user in people.items()}
    assert listed["hq"], "the world must have someone to list"
    assert listed["here"] == listed["hq"]
    assert listed["there"] == set()
    assert listed["analyst"] == set()


def assert_agree(check: Check, prisons: Sequence[Prison], hq: User) -> dict[int, Tally]:
    """Each prison's count of people falling short is the number of people listed there to a reader
    of every file."""
    tallies = check.tallies(prisons=prisons, today=today())
    for prison in prisons:
        assert tallies[prison.pk].short == len(check.people(user=hq, prison=prison, today=today())), prison
    return tallies
