"""Rule 59: not yet recorded (no home region on the file): no score, no one, no query."""

import pytest

from custodia.oversight.compliance.checks.rule59_home import HELD_NEAR_HOME as check
from custodia.oversight.compliance.rules import score
from custodia.oversight.tests.compliance_world import assert_bounded, cells, prisons_of, readers, today
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db


def test_not_recorded_scores_nothing_and_names_no_one(make_staff, django_assert_max_num_queries) -> None:
    found = cells(4)
    for cell in found:
        admit(cell=cell)
    prisons = prisons_of(found)
    assert check.not_recorded is not None and "does not record where" in str(check.not_recorded)
    assert all(score(tally) is None for tally in check.tallies(prisons=prisons, today=today()).values())
    hq = readers(make_staff, prisons)["hq"]
    assert not check.people(user=hq, prison=prisons[0], today=today()).exists()
    assert_bounded(check, prisons, 0, django_assert_max_num_queries)
