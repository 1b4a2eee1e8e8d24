"""The pure rules of the printed file (rules.py: the person's own copy; core.pdf.css_string)."""

import pytest

from custodia.core.pdf import css_string
from custodia.register import rules
from custodia.register.choices import WithheldFromPerson

OFFERED = ("en", "fr", "ar", "ru", "kk")


@pytest.mark.parametrize(
    ("spoken", "expected"),
    [
        ("Luganda, English", "en"),
        ("Lingala, French", "fr"),
        ("العربية، الفرنسية", "ar"),
        ("العربية والفرنسية", "ar"),
        ("казахский, русский", "kk"),
        ("узбекский, русский", "ru"),
        ("Қазақ", "kk"),
        ("Français; arabe", "fr"),
        ("fr", "fr"),
        ("Luganda", "xx"),  # none the service is offered in: the reader's
        ("", "xx"),
        ("Englishman", "xx"),  # a whole name, not a part of a word
    ],
)
def test_the_own_copy_is_in_the_first_language_spoken_that_the_service_offers(spoken, expected):
    assert rules.copy_language(spoken, OFFERED, "xx") == expected


def test_a_language_not_offered_is_not_chosen():
    assert rules.copy_language("Russian, English", ("en", "fr"), "fr") == "en"


def test_what_the_person_receives_and_what_is_withheld_with_why():
    for section in ("identity", "legal", "family", "classification", "sentence_plan", "complaints", "custody"):
        assert rules.withheld_from_person(section) is None, section
    assert rules.withheld_from_person("intelligence") is WithheldFromPerson.SAFETY
    assert rules.withheld_from_person("assessment") is WithheldFromPerson.SAFETY
    assert rules.withheld_from_person("security") is WithheldFromPerson.SAFETY
    assert rules.withheld_from_person("health") is WithheldFromPerson.HEALTH
    assert rules.withheld_from_person("planned_moves") is WithheldFromPerson.MOVES
    assert rules.withheld_from_person("readers") is WithheldFromPerson.TRAIL
    # Deny by default: a section nobody decided on is withheld, saying so.
    assert rules.withheld_from_person("a_new_section") is WithheldFromPerson.UNDECIDED


def test_the_persons_rights_hold_no_sensitive_section():
    sensitive = {
        "view_health_section",
        "view_intelligence_section",
        "view_vep_assessment_section",
        "view_assessments",
        "view_non_associations",
        "view_alerts",
        "view_networks",
        "view_file_readers",
    }
    assert not rules.OWN_COPY_RIGHTS & sensitive
    assert all(not right.startswith(("manage_", "record_", "print_")) for right in rules.OWN_COPY_RIGHTS)


@pytest.mark.parametrize("text", ['Amina "Zed"', "</style><h1>x", "a\\b", "line\nbreak", "Ахмет · العربية"])
def test_a_css_string_cannot_end_itself_or_the_style(text):
    quoted = css_string(text)
    inner = quoted[1:-1]
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in inner and "<" not in inner and "\n" not in inner and ";" not in inner
    # Every escape is a backslash, hex digits and the one space that ends it.
    assert all(part[:1].isalnum() or part == "" for part in inner.split("\\")[1:])
