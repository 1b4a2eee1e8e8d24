"""Nelson Mandela Rule 11 as pure rules: each pair of categories, women's and juvenile prisons."""

from datetime import date

import pytest
from django.utils import translation

from custodia.placement import rules
from custodia.placement.rules import Breach, Categories, SeparationRule

ON = date(2026, 6, 1)


def person(sex="male", juvenile=False, legal="convicted") -> Categories:
    return Categories(sex=sex, juvenile=juvenile, legal=rules.LEGAL_CATEGORY[legal])


def test_same_categories_breach_nothing():
    assert rules.rules_between(person(), person()) == []
    assert rules.rules_between(person(legal="convicted"), person(legal="under_appeal")) == []


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        (person(sex="male"), person(sex="female"), SeparationRule.MEN_WOMEN),
        (person(sex="female"), person(sex="unknown"), SeparationRule.MEN_WOMEN),
        (person(legal="pre_trial"), person(legal="convicted"), SeparationRule.UNTRIED_CONVICTED),
        (person(legal="pre_trial"), person(legal="under_appeal"), SeparationRule.UNTRIED_CONVICTED),
        (person(legal="civil"), person(legal="convicted"), SeparationRule.CIVIL_CRIMINAL),
        (person(legal="civil"), person(legal="pre_trial"), SeparationRule.CIVIL_CRIMINAL),
        (person(juvenile=True), person(juvenile=False), SeparationRule.YOUNG_ADULT),
    ],
)
def test_each_pair_of_rule_11(a, b, rule):
    assert rules.rules_between(a, b) == [rule]
    assert rules.rules_between(b, a) == [rule]  # symmetric


def test_several_parts_at_once_in_the_rules_order():
    a = person(sex="male", juvenile=True, legal="pre_trial")
    b = person(sex="female", juvenile=False, legal="civil")
    assert rules.rules_between(a, b) == [
        SeparationRule.MEN_WOMEN,
        SeparationRule.CIVIL_CRIMINAL,
        SeparationRule.YOUNG_ADULT,
    ]


def test_categories_from_the_file():
    young = rules.categories(
        sex="female",
        date_of_birth=date(2010, 6, 2),
        birth_year_estimated=None,
        legal_status="pre_trial",
        on=ON,
        juvenile_age=18,
    )
    assert young == Categories("female", True, rules.UNTRIED)
    # Eighteen on the day: an adult.
    adult = rules.categories(
        sex="female",
        date_of_birth=date(2008, 6, 1),
        birth_year_estimated=None,
        legal_status="civil",
        on=ON,
        juvenile_age=18,
    )
    assert adult == Categories("female", False, rules.CIVIL)
    # A profile may set another age.
    assert rules.categories(
        sex="male", date_of_birth=None, birth_year_estimated=2006, legal_status="convicted", on=ON, juvenile_age=21
    ).juvenile


def test_breaches_name_each_occupant_ordered_by_rule():
    placed = person(sex="male", legal="pre_trial")
    occupants = [("P1", person(sex="male", legal="convicted")), ("P2", person(sex="female", legal="pre_trial"))]
    assert rules.separation_breaches(placed, occupants) == [
        Breach(SeparationRule.MEN_WOMEN, "P2"),
        Breach(SeparationRule.UNTRIED_CONVICTED, "P1"),
    ]
    assert rules.separation_breaches(placed, []) == []


@pytest.mark.parametrize(
    ("categories", "prison_type", "expected"),
    [
        (person(sex="female"), "women", []),
        (person(sex="male"), "women", [SeparationRule.MEN_WOMEN]),
        (person(sex="unknown"), "women", [SeparationRule.MEN_WOMEN]),
        (person(juvenile=True), "juvenile", []),
        (person(juvenile=False), "juvenile", [SeparationRule.YOUNG_ADULT]),
        # Other types hold any category, kept apart by unit.
        (person(sex="female", juvenile=True), "closed", []),
        (person(sex="male"), "remand", []),
    ],
)
def test_womens_and_juvenile_prisons_whatever_the_unit(categories, prison_type, expected):
    assert [b.rule for b in rules.prison_type_breaches(categories, prison_type)] == expected


def test_the_rule_is_cited_in_the_users_language():
    with translation.override("en"):
        assert rules.rule_text(SeparationRule.UNTRIED_CONVICTED).startswith("Nelson Mandela Rule 11(b)")
