"""The scoring of two files as possibly one person (duplicate_rules): pure, no database."""

from datetime import date

import pytest
from pydantic import ValidationError

from custodia.core.profiles import DuplicateWeights, load_profiles
from custodia.register import duplicate_rules as rules
from custodia.register.duplicate_rules import Facts

WEIGHTS = DuplicateWeights(
    name=50, birth_exact=30, birth_near=15, birth_far=-30, sex_same=10, sex_different=-60, nationality=10, threshold=70
)


def facts(*names, sex="male", born=date(1990, 5, 17), year=None, nationality="KZ"):
    return Facts(tuple(names), sex, born, year, nationality)


def parts(score):
    return {part.factor: (part.finding, part.points) for part in score.parts}


def test_one_person_in_cyrillic_and_in_a_passports_latin_scores_full():
    score = rules.score(facts("Нурлан Жумабаев"), facts("Nurlan Zhumabayev"), WEIGHTS)
    assert parts(score) == {
        "name": ("alike", 50.0),
        "birth": ("same", 30.0),
        "sex": ("same", 10.0),
        "nationality": ("same", 10.0),
    }
    assert score.total == 100.0 and score.reaches(WEIGHTS)


def test_arabic_and_french_spellings_and_doubled_letters_are_alike():
    tunisia = rules.score(
        facts("محمد الطرابلسي", nationality="TN"), facts("Mohamed Trabelsi", nationality="TN"), WEIGHTS
    )
    assert parts(tunisia)["name"][0] == "alike" and tunisia.reaches(WEIGHTS)
    uganda = rules.score(
        facts("Joseph Ssemakula", nationality="UG"), facts("Josef Semakula", nationality="UG"), WEIGHTS
    )
    assert uganda.parts[0].similarity and uganda.parts[0].similarity > 81 and uganda.reaches(WEIGHTS)


def test_a_father_s_name_on_one_file_only_still_matches():
    assert rules.name_similarity(["Mohamed Ben Ali Trabelsi"], ["Mohamed Trabelsi"]) >= 96


def test_another_given_name_is_not_the_same_name():
    score = rules.score(facts("Mohamed Trabelsi"), facts("Mahmoud Trabelsi"), WEIGHTS)
    assert parts(score)["name"] == ("different", 0.0) and not score.reaches(WEIGHTS)


def test_a_different_sex_weighs_strongly_against():
    score = rules.score(facts("Aigerim Nurlanova", sex="female"), facts("Aigerim Nurlanova"), WEIGHTS)
    assert parts(score)["sex"] == ("different", -60.0) and score.total == 30.0 and not score.reaches(WEIGHTS)


def test_an_unrecorded_sex_neither_adds_nor_takes_away():
    score = rules.score(facts("Ali Hassan", sex="unknown"), facts("Ali Hassan"), WEIGHTS)
    assert parts(score)["sex"] == ("unknown", 0.0)


@pytest.mark.parametrize(
    ("first", "second", "finding", "points"),
    [
        ((date(1990, 5, 17), None), (date(1990, 5, 17), None), "same", 30.0),
        ((date(1990, 5, 7), None), (date(1990, 7, 5), None), "near", 15.0),  # day and month swapped
        ((date(1990, 5, 17), None), (date(1990, 5, 27), None), "near", 15.0),  # the day written wrong
        ((date(1990, 5, 17), None), (date(1990, 8, 17), None), "near", 15.0),  # the month
        ((date(1990, 5, 17), None), (date(1991, 5, 17), None), "near", 15.0),  # the year, by one
        ((date(1990, 5, 17), None), (date(1990, 9, 2), None), "far", -30.0),  # another day of the year
        ((date(1990, 5, 17), None), (date(1992, 5, 17), None), "far", -30.0),
        ((date(1990, 5, 17), None), (None, 1991), "near", 15.0),
        ((None, 1988), (None, 1990), "far", -30.0),
        ((None, 1988), (None, 1988), "near", 15.0),  # two guesses alike are not a date
    ],
)
def test_birth(first, second, finding, points):
    score = rules.score(
        facts("Ali Hassan", born=first[0], year=first[1]), facts("Ali Hassan", born=second[0], year=second[1]), WEIGHTS
    )
    assert parts(score)["birth"] == (finding, points)


def test_a_different_nationality_does_not_count_against():
    score = rules.score(facts("Ali Hassan", nationality="TN"), facts("Ali Hassan", nationality="DZ"), WEIGHTS)
    assert parts(score)["nationality"] == ("different", 0.0) and score.total == 90.0


def test_the_parts_are_kept_and_read_back():
    score = rules.score(facts("Нурлан Жумабаев"), facts("Nurlan Zhumabayev"), WEIGHTS)
    again = tuple(rules.Part.from_json(data) for data in score.parts_json())
    assert again == score.parts and again[0].factor_label == "Names" and again[1].finding_label == "The same"


def test_pairs_born_far_apart_cannot_reach_the_threshold_so_are_never_compared():
    assert rules.could_reach((1990, 1991), WEIGHTS) and rules.could_reach((1990, None), WEIGHTS)
    assert not rules.could_reach((1990, 1992), WEIGHTS)
    lenient = WEIGHTS.model_copy(update={"birth_far": 0})
    assert rules.could_reach((1990, 1999), lenient)


def test_a_pair_is_kept_in_one_order():
    assert rules.ordered(9, 4) == (4, 9) == rules.ordered(4, 9)
    with pytest.raises(ValueError):
        rules.ordered(3, 3)


def test_every_profile_has_weights_a_pair_can_reach():
    for profile in load_profiles().values():
        assert profile.duplicates.threshold <= 100


def test_weights_that_no_pair_could_reach_are_refused():
    with pytest.raises(ValidationError, match="threshold"):
        DuplicateWeights(**{**WEIGHTS.model_dump(), "threshold": 100, "name": 40})


def test_weights_that_would_propose_people_born_years_apart_are_refused():
    with pytest.raises(ValidationError, match="more than a year apart"):
        DuplicateWeights(**{**WEIGHTS.model_dump(), "birth_far": 0})
