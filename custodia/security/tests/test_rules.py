"""Plain unit tests of the non-association rules: no database."""

import pytest

from custodia.security import rules
from custodia.security.models import Level

VALID = {
    "same_person": False,
    "level": "cell",
    "reason": "threats",
    "role": "victim",
    "other_role": "aggressor",
    "comment": "Threatened him in the yard; source graded B2",
}


def test_a_complete_record_has_no_problem():
    assert rules.non_association_problems(**VALID) == {}


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        ({"same_person": True}, "other"),
        ({"level": "block"}, "level"),
        ({"reason": ""}, "reason"),
        ({"role": "bystander"}, "role"),
        ({"other_role": ""}, "other_role"),
        ({"comment": " \n "}, "comment"),
    ],
)
def test_each_problem_names_its_field(changed, field):
    assert list(rules.non_association_problems(**{**VALID, **changed})) == [field]


def test_the_pair_is_stored_lower_id_first_whichever_file_it_is_made_from():
    assert rules.in_pair_order(3, 8, "victim", "aggressor") == ("victim", "aggressor")
    assert rules.in_pair_order(8, 3, "victim", "aggressor") == ("aggressor", "victim")


A = rules.Whereabouts(prison=1, unit=10, cell=100)
SAME_CELL = rules.Whereabouts(prison=1, unit=10, cell=100)
SAME_UNIT = rules.Whereabouts(prison=1, unit=10, cell=101)
SAME_PRISON = rules.Whereabouts(prison=1, unit=11, cell=110)
ELSEWHERE = rules.Whereabouts(prison=2, unit=20, cell=200)
NO_CELL = rules.Whereabouts(prison=1, unit=None, cell=None)
NOT_HELD = rules.Whereabouts(prison=None, unit=None, cell=None)


@pytest.mark.parametrize(
    ("other", "reached"),
    [
        (SAME_CELL, {Level.CELL, Level.UNIT, Level.PRISON}),
        (SAME_UNIT, {Level.UNIT, Level.PRISON}),
        (SAME_PRISON, {Level.PRISON}),
        (ELSEWHERE, set()),
        (NO_CELL, {Level.PRISON}),
    ],
)
def test_each_level_includes_the_narrower_ones(other, reached):
    assert {level for level in Level if rules.within_reach(level, A, other)} == reached


def test_nobody_is_near_someone_with_no_place():
    assert not any(rules.within_reach(level, NO_CELL, NO_CELL) for level in (Level.CELL, Level.UNIT))
    assert not any(rules.within_reach(level, NOT_HELD, NOT_HELD) for level in Level)


def test_a_pair_already_together_is_told_to_move_one_of_them():
    (warning,) = rules.shared_place_warnings(Level.UNIT, A, SAME_UNIT, numbers=("P-1", "P-2"))
    assert warning == "P-1 and P-2 are held in the same unit now: move one of them."
    assert rules.shared_place_warnings(Level.CELL, A, SAME_UNIT, numbers=("P-1", "P-2")) == []
