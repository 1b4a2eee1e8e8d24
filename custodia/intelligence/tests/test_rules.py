"""The pure rules of intelligence: the two grading systems with a label for every value, the
reliable grades, and the handling code table (docs/intelligence.md)."""

import pytest
from django.utils import translation

from custodia.accounts import roles
from custodia.core.workflow import TransitionRefused, check_transition
from custodia.intelligence import rules
from custodia.intelligence.rules import Reader


def test_the_two_systems_have_every_value_labelled():
    five = rules.system("5x5x5")
    assert [g.code for g in five.sources] == list("ABCDE")
    assert [g.code for g in five.information] == list("12345")
    assert [h.code for h in five.handling] == list("12345")
    three = rules.system("3x5x2")
    assert [g.code for g in three.sources] == list("123")
    assert [g.code for g in three.information] == list("ABCDE")
    assert [h.code for h in three.handling] == ["P", "C"]
    for chosen in (five, three):
        for grade in (*chosen.sources, *chosen.information, *chosen.handling):
            assert str(grade.label).startswith(grade.code + ":")
    assert five.source_label("E") == "E: untested source"
    assert three.information_label("A") == "A: known directly to the source"
    assert five.source_label("Z") == "Z"  # a value no longer on the scale is shown as stored


def test_labels_are_translatable_and_lazy():
    label = rules.system("5x5x5").information[4].label
    with translation.override("fr"):
        assert isinstance(str(label), str)
    assert str(label) == "5: suspected to be false"


def test_grades_are_checked_against_the_system():
    assert rules.grade_problems("5x5x5", source="B", information="2", handling="4") == []
    assert rules.grade_problems("5x5x5", source="1", information="A", handling="P") == [
        "source_grade",
        "information_grade",
        "handling_code",
    ]
    assert rules.grade_problems("3x5x2", source="1", information="A", handling="C") == []
    assert rules.grade_problems("3x5x2", source="A", information="1", handling="3") == [
        "source_grade",
        "information_grade",
        "handling_code",
    ]


@pytest.mark.parametrize(
    ("system", "source", "information", "reliable"),
    [
        ("5x5x5", "A", "1", True),
        ("5x5x5", "B", "2", True),
        ("5x5x5", "A", "3", False),
        ("5x5x5", "C", "1", False),
        ("5x5x5", "E", "5", False),
        ("3x5x2", "1", "A", True),
        ("3x5x2", "1", "B", True),
        ("3x5x2", "1", "C", False),
        ("3x5x2", "2", "A", False),
        ("3x5x2", "A", "1", False),  # 5x5x5 values are not reliable under 3x5x2
        ("none", "A", "1", False),
    ],
)
def test_reliable_is_a_good_source_with_information_known_or_corroborated(system, source, information, reliable):
    assert rules.is_reliable(system, source=source, information=information) is reliable


SECURITY = Reader(frozenset({roles.SECURITY}), nationwide=False, may_read_intelligence=True)
DIRECTOR = Reader(frozenset({roles.DIRECTOR}), nationwide=False, may_read_intelligence=True)
HQ = Reader(frozenset({roles.HQ_VEP}), nationwide=True, may_read_intelligence=True)
WING = Reader(frozenset({roles.WING}), nationwide=False, may_read_intelligence=False)


def test_who_reads_each_handling_code():
    assert rules.readable_codes(SECURITY) == {"5x5x5": set("12345"), "3x5x2": {"P", "C"}}
    assert rules.readable_codes(DIRECTOR) == {"5x5x5": set("1234"), "3x5x2": {"P", "C"}}
    assert rules.readable_codes(HQ) == {"5x5x5": set("12345"), "3x5x2": {"P", "C"}}
    assert rules.readable_codes(WING) == {"5x5x5": set(), "3x5x2": set()}
    # Only at the report's prison, for prison staff.
    readers = rules.readers_of("5x5x5", "1")
    assert rules.may_read(DIRECTOR, readers, at_reports_prison=True)
    assert not rules.may_read(DIRECTOR, readers, at_reports_prison=False)
    assert rules.may_read(HQ, readers, at_reports_prison=False)
    # Ungraded: read as the most restricted.
    assert rules.may_read_ungraded(SECURITY) and rules.may_read_ungraded(HQ)
    assert not rules.may_read_ungraded(DIRECTOR)
    assert rules.readers_of("5x5x5", "") is rules.UNGRADED


@pytest.mark.parametrize(
    ("system", "code", "law_enforcement", "prosecution", "public_body", "foreign"),
    [
        ("5x5x5", "1", "free", "free", "approval", "approval"),
        ("5x5x5", "2", "free", "free", "approval", "none"),
        ("5x5x5", "3", "approval", "approval", "none", "approval"),
        ("5x5x5", "4", "none", "none", "none", "none"),
        ("5x5x5", "5", "conditions", "conditions", "conditions", "conditions"),
        ("3x5x2", "P", "free", "free", "approval", "approval"),
        ("3x5x2", "C", "conditions", "conditions", "conditions", "conditions"),
    ],
)
def test_what_each_handling_code_allows_outside_the_service(
    system, code, law_enforcement, prosecution, public_body, foreign
):
    found = [
        rules.sharing_rule(system, code, kind)
        for kind in ("law_enforcement", "prosecution", "other_public_body", "foreign")
    ]
    assert found == [law_enforcement, prosecution, public_body, foreign]


def test_an_unknown_code_shares_nothing():
    assert rules.sharing_rule("5x5x5", "9", "law_enforcement") == rules.NONE
    assert not rules.system("5x5x5").handling_code("4").may_be_shared
    assert rules.needs_approval(rules.CONDITIONS) and rules.needs_conditions(rules.CONDITIONS)
    assert not rules.needs_approval(rules.FREE)


def test_the_state_machines():
    check_transition(rules.ALLOWED_PREVIOUS, "", "submitted")
    check_transition(rules.ALLOWED_PREVIOUS, "submitted", "graded")
    with pytest.raises(TransitionRefused):
        check_transition(rules.ALLOWED_PREVIOUS, "graded", "graded")
    check_transition(rules.SHARING_ALLOWED_PREVIOUS, "", "requested")
    check_transition(rules.SHARING_ALLOWED_PREVIOUS, "", "approved")  # no approval needed
    check_transition(rules.SHARING_ALLOWED_PREVIOUS, "requested", "refused")
    check_transition(rules.SHARING_ALLOWED_PREVIOUS, "approved", "shared")
    for current, new in (("requested", "shared"), ("refused", "approved"), ("shared", "approved")):
        with pytest.raises(TransitionRefused):
            check_transition(rules.SHARING_ALLOWED_PREVIOUS, current, new)
