"""The script of a name is the one its letters are written in: detected (rules.detect_script),
refused when chosen otherwise or when letters of several scripts are mixed, by the forms and the
service alike (rules.name_script_problems)."""

import pytest
from django.core.exceptions import ValidationError

from custodia.register import rules, services
from custodia.register.choices import NameKind, Script
from custodia.register.forms import IdentityForm, NameFormSet
from custodia.register.models import PrisonerName

from .factories import admission_data, admit, row_counts

KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІ әғқңөұүһі"


# --- The rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Amina Okello", Script.LATIN),
        ("José-María O'Neill", Script.LATIN),
        ("Jose\u0301", Script.LATIN),  # an accent typed as a combining mark
        ("Oʻktam Toʻraev", Script.LATIN),  # Uzbek: the apostrophe is a modifier letter of no script
        ("Mohammed Kato 2nd", Script.LATIN),
        ("Айгерім Сәрсенбаева", Script.CYRILLIC),
        (KAZAKH_LETTERS, Script.CYRILLIC),
        ("Қайрат Нұрланұлы-Оспанов", Script.CYRILLIC),
        ("مُحَمَّد الطرابلسي", Script.ARABIC),  # harakat are marks, not letters
        ("عبد الله بن عمر", Script.ARABIC),
        ("مهر\u200cداد", Script.ARABIC),  # Persian, with its zero-width non-joiner
        ("ﻣﺤﻤﺪ", Script.ARABIC),  # presentation forms, as some keyboards send them
        ("Αλέξανδρος", Script.OTHER),
        ("Ali", Script.LATIN),
    ],
)
def test_the_script_is_that_of_the_letters(text, script):
    assert rules.detect_script(text) == script


@pytest.mark.parametrize(
    "text",
    [
        "\u0410li",  # "Ali" with a Cyrillic А: looks the same, and a search for "Ali" misses it
        "Қайрат Ali",
        "Kazakh I: \u0406 and I",  # Cyrillic І beside a Latin I
        "محمد Kato",
        "",
        "123 - '",
    ],
)
def test_mixed_scripts_or_no_letters_give_no_script(text):
    assert rules.detect_script(text) is None


def test_a_chosen_script_that_is_not_the_names_is_refused_naming_the_right_one():
    problems = rules.name_script_problems(given_names="محمد", family_name="الطرابلسي", script=Script.LATIN)

    assert list(problems) == ["script"]
    assert "not Latin but Arabic" in problems["script"]


@pytest.mark.parametrize(
    ("given", "family", "field"),
    [
        ("\u0410li", "Okello", "given_names"),
        ("Amina", "Оkello", "family_name"),  # a Cyrillic О
        ("Amina", "Сәрсенбаева", "family_name"),  # each part in one script, the name in two
    ],
)
def test_a_name_mixing_scripts_is_refused_on_the_part_that_mixes_them(given, family, field):
    problems = rules.name_script_problems(given_names=given, family_name=family, script="")

    assert list(problems) == [field]
    assert "(Cyrillic, Latin)" in problems[field]


@pytest.mark.parametrize(
    ("given", "family", "chosen", "recorded"),
    [
        ("Amina", "Okello", "", Script.LATIN),
        ("Айгерім", "", "", Script.CYRILLIC),
        ("أمينة", "", Script.ARABIC, Script.ARABIC),
        ("Amina", "", Script.LATIN, Script.LATIN),
        ("123", "", "", Script.OTHER),
        ("123", "", Script.LATIN, Script.LATIN),  # nothing to contradict the choice
    ],
)
def test_the_script_recorded_is_the_one_chosen_or_else_detected(given, family, chosen, recorded):
    assert rules.name_script_problems(given_names=given, family_name=family, script=chosen) == {}
    assert rules.name_script(given_names=given, family_name=family, script=chosen) == recorded


# --- The forms -----------------------------------------------------------------------------------


def identity_form(**names: str) -> IdentityForm:
    data = {"sex": "male", "nationality": "TN", "birth_year_estimated": "1990", "script": "", **names}
    return IdentityForm(data=data)


@pytest.mark.django_db
def test_identity_step_refuses_an_arabic_name_recorded_as_latin():
    form = identity_form(given_names="محمد", family_name="الطرابلسي", script=Script.LATIN)

    assert not form.is_valid()
    assert list(form.errors) == ["script"]
    assert "not Latin but Arabic" in form.errors["script"][0]


@pytest.mark.django_db
def test_identity_step_detects_the_script_left_to_it():
    form = identity_form(given_names="Айгерім", family_name="Сәрсенбаева")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["script"] == Script.CYRILLIC


@pytest.mark.django_db
def test_identity_step_refuses_a_name_that_mixes_scripts():
    form = identity_form(given_names="\u0410li", family_name="Kato")

    assert not form.is_valid()
    assert list(form.errors) == ["given_names"]


def names_formset(*rows: dict[str, str]) -> NameFormSet:
    data = {"names-TOTAL_FORMS": str(len(rows)), "names-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"names-{i}-{field}": value for field, value in row.items()})
    return NameFormSet(data=data, prefix="names")


def test_other_names_are_checked_and_filled_in_row_by_row():
    formset = names_formset(
        {"kind": NameKind.TRANSLITERATION, "given_names": "Aigerim", "script": ""},
        {"kind": NameKind.ALIAS, "given_names": "Айка", "script": Script.LATIN},
    )

    assert not formset.is_valid()
    assert formset.forms[0].cleaned_data["script"] == Script.LATIN
    assert "not Latin but Cyrillic" in formset.forms[1].errors["script"][0]


def test_an_untouched_row_of_other_names_is_still_skipped():
    formset = names_formset({"kind": NameKind.ALIAS, "given_names": "", "family_name": "", "script": ""})

    assert formset.is_valid(), formset.errors
    assert not formset.forms[0].cleaned_data


# --- The service: every caller, whatever its form --------------------------------------------------


@pytest.mark.django_db
def test_the_service_refuses_a_wrong_script_naming_the_name_it_belongs_to():
    names = [
        services.NameData("Amina", "Okello", Script.LATIN),
        services.NameData("أمينة", "", Script.LATIN, NameKind.TRANSLITERATION),
    ]
    before = row_counts()

    with pytest.raises(ValidationError) as exc:
        services.prisoner_admit(actor=None, data=admission_data(names=names))

    assert list(exc.value.message_dict) == ["names.1.script"]
    assert row_counts() == before


@pytest.mark.django_db
def test_the_service_records_the_detected_script_of_each_name():
    prisoner = admit(
        names=[
            services.NameData("Айгерім", "Сәрсенбаева"),
            services.NameData("Aigerim", "Sarsenbayeva", kind=NameKind.TRANSLITERATION),
        ]
    )

    assert list(PrisonerName.objects.filter(prisoner=prisoner).values_list("script", flat=True)) == [
        Script.CYRILLIC,
        Script.LATIN,
    ]
