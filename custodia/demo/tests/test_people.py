"""What the demo writes about each person agrees with them, and each person is held in a unit of
their own Rule 11 categories, but for the one mixing the demo makes on purpose and records as a
separation exception (demo/today.py)."""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import fields

import pytest
from django.apps import apps
from django.db import models, transaction

from custodia.demo import assessments, classifications, journey, programmes, today
from custodia.demo.builder import build
from custodia.demo.scenarios import COUNTRIES
from custodia.demo.texts import TEXTS, Gendered, agree
from custodia.placement.checks import ProblemKind, placement_problems
from custodia.placement.models import SeparationException
from custodia.placement.rules import SeparationRule
from custodia.register import rules
from custodia.register.choices import Sex
from custodia.register.models import FamilyMember, Prisoner, PrisonerName

LANGUAGE = {"uganda": "en", "kazakhstan": "ru", "tunisia": "ar"}

# Russian verbs in the past tense and short participles agree with the person: "заявил" of a
# man, "заявила" of a woman. These are the ones a prison officer writes of the person.
_RU_MASCULINE = {
    "заявил",
    "угрожал",
    "этапирован",
    "переведён",
    "задержан",
    "водворён",
    "обнаружен",
    "оправдан",
    "освобождён",
    "помилован",
    "выдворен",
    "поставлен",
    "замечен",
}

# Words said only of a man, and only of a woman: pronouns, and the forms that agree with the
# person in Russian and Arabic (Arabic without its vowel marks, which `words` drops).
GENDERED: dict[str, dict[str, set[str]]] = {
    "en": {
        Sex.MALE: {"he", "his", "him", "himself"},
        Sex.FEMALE: {"she", "her", "hers", "herself"},
    },
    "ru": {
        Sex.MALE: {"он", "его", "ему", "нему", "него", "ним", "нём", *_RU_MASCULINE},
        Sex.FEMALE: {"она", "её", "ей", "ней", "неё", *(w.replace("ё", "е") + "а" for w in _RU_MASCULINE)},
    },
    "ar": {
        Sex.MALE: {
            "صرح",
            "بأنه",
            "تعرض",
            "حرم",
            "حقه",
            "عرضه",
            "سكناه",
            "إرجاعه",
            "توفي",
            "متوفى",
            "عاينه",
            "بلده",
            "شوهد",
            "يمرر",
            "يودع",
            "يشارك",
            "يتحدث",
            "تأثيره",
            "المعني",
        },
        Sex.FEMALE: {
            "صرحت",
            "بأنها",
            "تعرضت",
            "حرمت",
            "حقها",
            "عرضها",
            "سكناها",
            "إرجاعها",
            "عليها",
            "بها",
            "توفيت",
            "متوفاة",
            "عاينها",
            "بلدها",
            "شوهدت",
            "تمرر",
            "تودع",
            "تشارك",
            "تتحدث",
            "تأثيرها",
            "المعنية",
        },
    },
}
OTHER = {Sex.MALE: Sex.FEMALE, Sex.FEMALE: Sex.MALE}


def words(text: str) -> set[str]:
    """The words of a text, lower case, without Arabic vowel marks (combining marks)."""
    bare = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Mn")
    return set(re.findall(r"\w+", bare.lower()))


def wrong_words(text: str, *, sex: str, language: str) -> set[str]:
    """The words of `text` that can only be said of a person of the other sex."""
    return words(text) & GENDERED[language][OTHER[sex]]


@pytest.mark.parametrize(
    ("text", "sex", "language", "wrong"),
    [
        ("States she was slapped and threatened.", Sex.MALE, "en", {"she"}),
        ("States he was held for nine days.", Sex.FEMALE, "en", {"he"}),
        ("Shepherd; the hearing was adjourned.", Sex.MALE, "en", set()),
        ("Заявила о психологическом давлении.", Sex.MALE, "ru", {"заявила"}),
        ("Освобождён по отбытии срока наказания", Sex.FEMALE, "ru", {"освобождён"}),
        ("صرحت بأنها تعرضت للتهديد", Sex.MALE, "ar", {"صرحت", "بأنها", "تعرضت"}),
        ("يُودع بجناح المحكوم عليهم", Sex.FEMALE, "ar", {"يودع"}),
    ],
)
def test_the_check_finds_words_of_the_other_sex(text, sex, language, wrong):
    assert wrong_words(text, sex=sex, language=language) == wrong


def texts_of(value: object) -> Iterator[str | Gendered]:
    """Every text in the demo's data: strings and Gendered pairs, inside tuples and dicts."""
    if isinstance(value, str | Gendered):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from texts_of(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_of(item)


def written_by_the_demo(country: str) -> list[str | Gendered]:
    """What the demo writes for the country: the files (demo/texts.py) and the staff's work."""
    country_texts = TEXTS[country]
    found = [text for field in fields(country_texts) for text in texts_of(getattr(country_texts, field.name))]
    for written in (
        today.TEXTS[country],
        classifications.TEXTS[country],
        assessments.EVIDENCE[country],
        assessments.RATIONALE[country],
        assessments.RETURN_COMMENT[country],
        programmes.TEXTS[country],
        journey.TEXTS[country],
    ):
        found += texts_of(written)
    return found


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("sex", [Sex.MALE, Sex.FEMALE])
def test_every_text_the_demo_can_write_agrees_with_the_person(country, sex):
    """Checked on the data rather than on what one build happened to draw: a text that names the
    person's sex is a Gendered pair, and each side of it is written of the right person."""
    language = LANGUAGE[country]
    wrong = {}
    for text in written_by_the_demo(country):
        written = agree(text, sex)
        if found := wrong_words(written, sex=sex, language=language):
            wrong[written] = found
    assert not wrong


# -- a small demo of each country -----------------------------------------------------------------

SCALE = 0.01


@pytest.fixture(scope="module", params=COUNTRIES)
def demo(request, django_db_setup, django_db_blocker):
    """A small demo of each country, built once for the tests that read it, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        build(country=request.param, scale=SCALE)
        yield request.param
        transaction.set_rollback(True)


def texts_about_people() -> Iterator[tuple[str, str, str]]:
    """(sex, column, text) for every text column of every record about a person: the file's records
    and what the staff wrote on them, each found through its `prisoner` (directly, or through the
    admission, case or assessment it belongs to). Names, and the family's records (about the
    relatives), are left out."""
    left_out = {Prisoner, PrisonerName, FamilyMember}
    for model in apps.get_models():
        if model in left_out or not model.__module__.startswith("custodia."):
            continue
        path = _path_to_prisoner(model)
        if path is None:
            continue
        columns = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        for column in columns:
            # A record may name no person at all (an intelligence subject that is a place or a group).
            written = model.objects.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True})
            written = written.exclude(**{f"{path}__isnull": True})
            for sex, text in written.values_list(f"{path}__sex", column):
                yield sex, f"{model._meta.label}.{column}", text


def _path_to_prisoner(model: type[models.Model]) -> str | None:
    links = [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
    for field in links:
        if field.name == "prisoner" and field.related_model is Prisoner:
            return "prisoner"
    for field in links:
        parent = field.related_model
        if any(f.name == "prisoner" and f.related_model is Prisoner for f in parent._meta.concrete_fields):
            return f"{field.name}__prisoner"
    return None


@pytest.mark.django_db
def test_what_the_demo_wrote_about_each_person_agrees_with_them(demo):
    language = LANGUAGE[demo]
    seen, wrong = set(), []
    for sex, column, text in texts_about_people():
        seen.add(column)
        if found := wrong_words(text, sex=sex, language=language):
            wrong.append((column, sex, text, found))
    assert not wrong
    # The texts that name the person's sex were read (an empty demo would check nothing).
    assert {"register.Admission.commitment_reasons", "register.Movement.reason"} <= seen


@pytest.mark.django_db
def test_names_are_recorded_with_the_script_of_their_letters(demo):
    """The demo writes its files without the services: its names keep to their rule all the same."""
    wrong = [
        (name.full_name, name.script)
        for name in PrisonerName.objects.all()
        if rules.name_script_problems(given_names=name.given_names, family_name=name.family_name, script=name.script)
    ]
    assert not wrong


@pytest.mark.django_db
def test_rule_11_categories_share_a_unit_only_by_the_recorded_exception(demo):
    """The placement check (the one every admission and movement goes through) over every person in
    a cell: nothing it would refuse, and every mixing of categories it allows is the exception
    the demo records on purpose (demo/today.py), for the unit the person was moved into."""
    exceptions = {
        (e.prisoner_id, e.rule, e.unit_id): e for e in SeparationException.objects.filter(closed_at__isnull=True)
    }
    refused, allowed = [], set()
    held = (
        Prisoner.objects.on_roll()
        .filter(current_cell__isnull=False)
        .select_related("current_prison", "current_cell__unit")
    )
    for person in held:
        for problem in placement_problems(prisoner=person, prison=person.current_prison, cell=person.current_cell):
            if problem.blocking:
                refused.append((person.number, problem.message))
            elif problem.kind == ProblemKind.SEPARATION:
                exception = problem.exception
                allowed.add((exception.prisoner_id, exception.rule, exception.unit_id))
    assert not refused
    assert allowed == set(exceptions)
    deliberate = [e for e in exceptions.values() if e.prisoner.current_cell.unit_id == e.unit_id]
    assert len(deliberate) == len(exceptions)
    assert {e.rule for e in exceptions.values()} <= {SeparationRule.UNTRIED_CONVICTED}
    if demo != "kazakhstan":  # whose largest prison holds no one on remand (pre-trial detention centres)
        assert len(exceptions) == 1
