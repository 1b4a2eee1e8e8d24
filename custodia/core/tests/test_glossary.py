"""Each term of the glossary (docs/glossary.yaml) is translated the same way wherever it occurs: in
the interface catalogues, the country profiles and the instruments new assessments use."""

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "custodia" / "locale"
LANGUAGES = ("fr", "ar", "ru", "kk")
LABEL_KEYS = {"en", *LANGUAGES}
INSTRUMENT_FILE = re.compile(r"^(?P<id>[a-z][a-z0-9_]*)\.v(?P<version>[1-9][0-9]*)\.yaml$")

# Compared without Arabic vowel marks and tatweel, with every alef bare and "ё" read as "е": the
# glossary's forms then need not spell each way a word may be written.
ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
ALEFS = re.compile("[أإآ]")

KAZAKH_LETTERS = set("абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяәАБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯӘ")
WORD = re.compile(r"\w+")
# A placeholder's name ("%(instrument)s") is not a word of the text.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _normal(text: str) -> str:
    text = PLACEHOLDER.sub("", text)
    return ALEFS.sub("ا", ARABIC_MARKS.sub("", text)).replace("ё", "е").replace("Ё", "Е")


def _pattern(expression: str) -> re.Pattern[str]:
    return re.compile(_normal(expression), re.IGNORECASE)


@cache
def _glossary() -> dict[str, Any]:
    terms: dict[str, Any] = yaml.safe_load((ROOT / "docs" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    return terms


@cache
def _catalogue(language: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(where, English forms, translated forms) of each entry; a plural entry has several of each."""
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        entries = [message for message in read_po(handle) if message.id]
    found = []
    for message in entries:
        english, translated = _forms(message.id), _forms(message.string)
        context = f" [{message.context}]" if message.context else ""
        found.append((f"django.po{context}: {english[0]!r}", english, translated))
    return found


def _forms(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple | list) else (str(value),)


def _labels(node: Any, path: str) -> Iterator[tuple[str, dict[str, str]]]:
    if isinstance(node, dict) and set(node) == LABEL_KEYS:
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _labels(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _labels(value, f"{path}.{i}")


def _instrument_version(path: Path) -> tuple[str, int]:
    name = INSTRUMENT_FILE.match(path.name)
    assert name, path
    return name["id"], int(name["version"])


def _yaml_files() -> list[Path]:
    """The country profiles and the latest version of each instrument: a published instrument
    version never changes, so an earlier one keeps the labels it was published with."""
    latest: dict[str, Path] = {}
    for path in sorted((ROOT / "instruments").glob("*.yaml"), key=lambda path: _instrument_version(path)[1]):
        latest[_instrument_version(path)[0]] = path
    return sorted((ROOT / "profiles").glob("*.yaml")) + sorted(latest.values())


@cache
def _yaml_labels() -> list[tuple[str, dict[str, str]]]:
    return [
        label
        for path in _yaml_files()
        for label in _labels(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    ]


def _texts(language: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    # A service's name is a proper name, translated as a name rather than held to the generic term.
    yaml_texts = [
        (where, (label["en"],), (label[language],))
        for where, label in _yaml_labels()
        if not where.endswith(".service_name")
    ]
    return _catalogue(language) + yaml_texts


def _disagreements(term: str, entry: dict[str, Any], language: str) -> Iterator[str]:
    english = re.compile(entry["en"], re.IGNORECASE)
    forms = [_pattern(form) for form in entry[language]["forms"]]
    avoid = [_pattern(form) for form in entry[language].get("avoid", [])]
    for where, sources, translations in _texts(language):
        if not any(english.search(PLACEHOLDER.sub("", source)) for source in sources):
            continue
        for translation in translations:
            text = _normal(translation)
            if not any(form.search(text) for form in forms):
                yield f"{where}: “{term}” is not “{entry[language]['use']}” in {translation!r}"
            elif any(form.search(text) for form in avoid):
                yield f"{where}: “{term}” is translated with a word the glossary avoids in {translation!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_term_is_translated_as_the_glossary_says(language):
    problems = [problem for term, entry in _glossary().items() for problem in _disagreements(term, entry, language)]
    assert not problems, "\n".join(problems)


def test_every_term_occurs():
    # A term whose English pattern matches nothing checks nothing: its pattern is wrong.
    english = [source for _where, sources, _translations in _texts(LANGUAGES[0]) for source in sources]
    unused = [
        term
        for term, entry in _glossary().items()
        if not any(re.search(entry["en"], text, re.IGNORECASE) for text in english)
    ]
    assert not unused


@pytest.mark.parametrize("language", LANGUAGES)
def test_countersign_is_not_approve(language):
    # A peer's second signature, not a superior's approval: the two must never read alike.
    translations = {english[0]: translated[0] for _where, english, translated in _catalogue(language)}
    countersign, approve = translations["Countersign"], translations["Approve"]
    assert countersign != approve
    approve_forms = [_pattern(form) for form in _glossary()["approve"][language]["forms"]]
    assert not any(form.search(_normal(countersign)) for form in approve_forms), countersign


def _kazakh_texts() -> list[tuple[str, str]]:
    catalogue = [(where, text) for where, _english, translated in _catalogue("kk") for text in translated]
    return catalogue + [(where, label["kk"]) for where, label in _yaml_labels()]


def _script(letter: str) -> str:
    return unicodedata.name(letter, "").split(" ")[0]


def _misspelt_kazakh(word: str) -> bool:
    """A Latin look-alike inside a Cyrillic word ("i" for "і", "ə" for "ә"), or a Cyrillic letter of
    another language ("ҳ" for "һ", "ї" for "і")."""
    scripts = {_script(letter) for letter in word if letter.isalpha()}
    foreign = any(_script(letter) == "CYRILLIC" and letter not in KAZAKH_LETTERS for letter in word)
    return {"LATIN", "CYRILLIC"} <= scripts or foreign


@pytest.mark.parametrize(
    ("word", "misspelt"),
    [("білім", False), ("Custodia", False), ("бiлiм", True), ("Əділет", True), ("һұқұқ", False), ("ҳуқуқ", True)],
)
def test_misspelt_kazakh(word, misspelt):
    assert _misspelt_kazakh(word) is misspelt


def test_kazakh_is_written_in_kazakh_letters():
    problems = [
        f"{where}: {word!r}" for where, text in _kazakh_texts() for word in WORD.findall(text) if _misspelt_kazakh(word)
    ]
    assert not problems, "\n".join(problems)
