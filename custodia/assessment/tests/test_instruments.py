"""Instrument definitions: the shipped files load and score as documented; a malformed one
fails naming the file and the key path; no item may score a protected characteristic."""

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation

from custodia.assessment.instruments import (
    Instrument,
    InstrumentError,
    get_instrument,
    latest_instruments,
    load_instruments,
    parse_instrument,
)

INSTRUMENTS = Path(__file__).resolve().parents[3] / "instruments"
SHIPPED = {("general_screening", 1), ("vep_spj", 1), ("women_needs", 1)}
# The revisions that corrected the translations: the same instruments, every label checked again.
REVISED = {("general_screening", 2), ("vep_spj", 2), ("women_needs", 2)}
LANGUAGES = ("en", "fr", "ar", "ru", "kk")
ARABIC = re.compile(r"[\u0600-\u06ff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture
def fresh_cache():
    load_instruments.cache_clear()
    yield
    load_instruments.cache_clear()


@pytest.fixture
def instruments_dir(settings, tmp_path, fresh_cache) -> Path:
    settings.INSTRUMENTS_DIR = tmp_path
    return tmp_path


def _shipped(name: str) -> Instrument:
    return parse_instrument(INSTRUMENTS / name)


def _data(name: str) -> dict[str, Any]:
    return yaml.safe_load((INSTRUMENTS / name).read_text(encoding="utf-8"))


def _write(directory: Path, content: dict[str, Any] | str, name: str = "general_screening.v1.yaml") -> Path:
    path = directory / name
    text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _rejected(path: Path) -> str:
    with pytest.raises(InstrumentError) as exc:
        parse_instrument(path)
    message = str(exc.value)
    assert str(path) in message
    return message


def _labels(node: Any, path: str = "") -> list[tuple[str, dict[str, str]]]:
    """Every five-language label in a dumped instrument, with its dotted path."""
    if isinstance(node, dict) and set(node) == set(LANGUAGES):
        return [(path, node)]
    if isinstance(node, dict):
        return [found for key, value in node.items() for found in _labels(value, f"{path}.{key}".lstrip("."))]
    if isinstance(node, list):
        return [found for i, value in enumerate(node) for found in _labels(value, f"{path}.{i}")]
    return []


# Shipped instruments


def test_shipped_instruments_load(fresh_cache):
    instruments = load_instruments()
    assert SHIPPED | REVISED <= set(instruments)
    assert all(not instrument.validated for instrument in instruments.values())
    screening, vep, women = (instruments[key] for key in sorted(SHIPPED))
    assert (screening.kind, screening.population, screening.section) == ("screening", "all", "general")
    assert (vep.kind, vep.population, vep.section, vep.scoring.method) == ("spj", "vep", "vep_assessment", "spj")
    assert (women.kind, women.population, women.section) == ("screening", "women", "health")
    assert vep.reassessment_days == 180
    assert screening.reassessment_days is None
    assert {t.event: t.due_within_days for t in vep.triggers} == {
        "reliable_intelligence": 14,
        "serious_incident": 14,
        "transfer": 30,
        "sentence_change": 30,
        "release_planning": 60,
    }


@pytest.mark.parametrize("key", sorted(SHIPPED | REVISED))
def test_every_label_in_five_languages(fresh_cache, key):
    labels = _labels(load_instruments()[key].model_dump(mode="json"))
    assert labels
    for path, label in labels:
        assert all(label[language].strip() for language in LANGUAGES), path
        assert ARABIC.search(label["ar"]), path
        assert CYRILLIC.search(label["ru"]) and CYRILLIC.search(label["kk"]), path
    prompts = [(path, label) for path, label in labels if path.endswith(".prompt")]
    assert prompts
    for path, label in prompts:
        assert all(label[language] != label["en"] for language in LANGUAGES[1:]), path


def test_purpose_says_not_validated(fresh_cache):
    for instrument in load_instruments().values():
        assert "not validated" in instrument.purpose.en
        assert "Custodia" in instrument.purpose.en


def test_label_follows_active_language():
    title = _shipped("women_needs.v1.yaml").title
    with translation.override("fr"):
        assert str(title) == "Besoins spécifiques des femmes détenues"
    with translation.override("kk"):
        assert str(title) == title.kk
    assert str(title) == title.en


def test_latest_and_get_instrument(instruments_dir):
    shutil.copy(INSTRUMENTS / "general_screening.v1.yaml", instruments_dir)
    revised = _data("general_screening.v1.yaml") | {"version": 2}
    _write(instruments_dir, revised, "general_screening.v2.yaml")
    shutil.copy(INSTRUMENTS / "vep_spj.v1.yaml", instruments_dir)

    latest = latest_instruments()
    assert {key: instrument.version for key, instrument in latest.items()} == {"general_screening": 2, "vep_spj": 1}
    assert get_instrument("general_screening", 1).version == 1
    assert get_instrument("general_screening", 2) is latest["general_screening"]
    with pytest.raises(InstrumentError, match="No instrument 'general_screening' version 3"):
        get_instrument("general_screening", 3)


def test_load_fails_on_a_bad_file(instruments_dir):
    _write(instruments_dir, "id: [unclosed")
    with pytest.raises(InstrumentError, match="not valid YAML"):
        load_instruments()


def test_missing_directory_is_named(settings, tmp_path, fresh_cache):
    settings.INSTRUMENTS_DIR = tmp_path / "nowhere"
    with pytest.raises(InstrumentError, match="nowhere is not a directory"):
        load_instruments()


# Scoring


def test_max_total_counts_risk_items_only():
    assert _shipped("general_screening.v1.yaml").max_total == 24
    assert _shipped("vep_spj.v1.yaml").max_total == 24  # 12 risk items of 0-2; the 4 protective ones do not count
    assert _shipped("women_needs.v1.yaml").max_total == 14


def test_total_sums_rated_risk_items_and_never_protective_ones():
    vep = _shipped("vep_spj.v1.yaml")
    assert vep.total({}) == 0
    assert vep.total({"justifies_violence": 2, "past_violence": 1, "prosocial_ties": 2, "programme_engagement": 2}) == 3
    screening = _shipped("general_screening.v1.yaml")
    assert screening.total({item.code: 2 for _domain, item in screening.items()}) == 24


def test_ratings_outside_the_instrument_are_refused():
    screening = _shipped("general_screening.v1.yaml")
    with pytest.raises(KeyError):
        screening.total({"religion": 1})
    with pytest.raises(ValueError, match="escape_risk is rated 3, outside 0..2"):
        screening.total({"escape_risk": 3})
    with pytest.raises(KeyError):
        screening.item("no_such_item")


@pytest.mark.parametrize(
    ("total", "level"),
    [(0, "low"), (6, "low"), (7, "moderate"), (14, "moderate"), (15, "high"), (24, "high")],
)
def test_band_boundaries(total, level):
    assert _shipped("general_screening.v1.yaml").band_for(total).level == level


def test_band_outside_range_and_spj():
    screening = _shipped("general_screening.v1.yaml")
    for total in (-1, 25):
        with pytest.raises(ValueError, match="outside 0..24"):
            screening.band_for(total)
    assert _shipped("vep_spj.v1.yaml").band_for(5) is None
    women = _shipped("women_needs.v1.yaml")
    levels = [women.band_for(total).level for total in (3, 4, 7, 8, 14)]
    assert levels == ["low", "moderate", "moderate", "high", "high"]


def test_need_areas_in_instrument_order_unique_and_from_risk_items_rated_above_zero():
    vep = _shipped("vep_spj.v1.yaml")
    ratings = {
        "personal_crisis": 2,
        "contact_violent_networks": 1,
        "dehumanises_others": 1,
        "justifies_violence": 2,
        "influence_others": 0,
        "past_violence": 2,
        "prosocial_ties": 2,
    }
    assert vep.need_areas(ratings) == ["attitudes", "peers", "mental_health"]
    screening = _shipped("general_screening.v1.yaml")
    assert screening.need_areas({"attitudes": 1, "escape_risk": 2, "education": 2, "family": 0}) == [
        "education",
        "attitudes",
    ]
    assert screening.need_areas({}) == []


def test_items_and_key():
    women = _shipped("women_needs.v1.yaml")
    assert women.key == ("women_needs", 1)
    assert [(domain.code, item.code) for domain, item in women.items()][:3] == [
        ("violence_suffered", "domestic_violence"),
        ("violence_suffered", "sexual_violence"),
        ("caregiving", "dependent_children"),
    ]
    assert women.item("substance_misuse").need_area == "substance_use"


def test_content_hash_is_stable_and_follows_every_change(tmp_path):
    vep = _shipped("vep_spj.v1.yaml")
    assert re.fullmatch(r"[0-9a-f]{64}", vep.content_hash())
    assert vep.content_hash() == _shipped("vep_spj.v1.yaml").content_hash()
    assert vep.content_hash() != _shipped("general_screening.v1.yaml").content_hash()

    data = _data("vep_spj.v1.yaml")
    data["domains"][0]["items"][0]["prompt"]["fr"] += " "
    assert parse_instrument(_write(tmp_path, data, "vep_spj.v1.yaml")).content_hash() != vep.content_hash()


# Malformed definitions


def test_not_yaml(tmp_path):
    assert "is not valid YAML" in _rejected(_write(tmp_path, "id: [unclosed"))


def test_not_a_mapping(tmp_path):
    assert "must be a mapping of keys to values" in _rejected(_write(tmp_path, "- id\n- version\n"))


def test_missing_language_names_the_key(tmp_path):
    data = _data("vep_spj.v1.yaml")
    del data["domains"][2]["items"][0]["prompt"]["fr"]
    path = _write(tmp_path, data, "vep_spj.v1.yaml")
    message = _rejected(path)
    assert message == f"Instrument definition {path} is not valid:\n  domains.2.items.0.prompt.fr: Field required"


def _mutate(data: dict[str, Any], change: str) -> None:
    """Applies one named defect to a copy of general_screening v1."""
    bands = data["scoring"]["bands"]
    first_item = data["domains"][0]["items"][0]
    match change:
        case "unknown kind":
            data["kind"] = "questionnaire"
        case "spj kind, sum scoring":
            data["kind"] = "spj"
        case "screening kind, spj scoring":
            data["scoring"] = {"method": "spj"}
        case "unknown method":
            data["scoring"]["method"] = "mean"
        case "duplicate item code":
            data["domains"][1]["items"][1]["code"] = "education"
        case "duplicate item code across domains":
            data["domains"][1]["items"][0]["code"] = "escape_risk"
        case "duplicate domain code":
            data["domains"][1]["code"] = "custody_risks"
        case "band gap":
            bands[1]["min"] = 8
        case "band overlap":
            bands[1]["min"] = 6
        case "bands short of max_total":
            bands[2]["max"] = 20
        case "bands not from 0":
            bands[0]["min"] = 1
        case "band min above max":
            bands[1]["max"] = 5
        case "band levels out of order":
            bands[0]["level"], bands[1]["level"] = "moderate", "low"
        case "no bands":
            bands.clear()
        case "scale not from 0":
            first_item["scale"] = copy.deepcopy(first_item["scale"])
            for level in first_item["scale"]:
                level["value"] += 1
        case "scale with a gap":
            first_item["scale"] = copy.deepcopy(first_item["scale"])
            first_item["scale"][2]["value"] = 3
        case "scale of one level":
            first_item["scale"] = first_item["scale"][:1]
        case "duplicate trigger":
            data["triggers"].append({"event": "transfer", "due_within_days": 7})
        case "trigger not in the future":
            data["triggers"][0]["due_within_days"] = 0
        case "bad item code":
            first_item["code"] = "Escape-Risk"
        case "unknown key":
            first_item["weight"] = 2
        case "version 0":
            data["version"] = 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("unknown kind", "kind: Input should be 'actuarial', 'spj' or 'screening'"),
        ("spj kind, sum scoring", "scoring.method: an instrument of kind 'spj' cannot use method 'sum'"),
        ("screening kind, spj scoring", "scoring.method: an instrument of kind 'screening' cannot use method 'spj'"),
        ("unknown method", "scoring: Input tag 'mean'"),
        ("duplicate item code", "domains.1.items.1.code: item code 'education' is already used by domains.1.items.0"),
        (
            "duplicate item code across domains",
            "domains.1.items.0.code: item code 'escape_risk' is already used by domains.0.items.0",
        ),
        ("duplicate domain code", "domains.1.code: domain code 'custody_risks' is already used by domains.0"),
        ("band gap", "scoring.bands.1.min: starts at 8, leaving a gap: no band covers 7 to 7"),
        (
            "band overlap",
            "scoring.bands.1.min: starts at 6, but the band before it ends at 6: bands must be in increasing order",
        ),
        ("bands short of max_total", "scoring.bands.2.max: the last band must end at the highest possible total, 24"),
        ("bands not from 0", "scoring.bands.0.min: the first band must start at 0, not 1"),
        ("band min above max", "scoring.bands.1: min (7) is above max (5)"),
        ("band levels out of order", "scoring.bands.1.level: 'low' comes after 'moderate'"),
        ("no bands", "scoring.bands: List should have at least 1 item"),
        ("scale not from 0", "items.0.scale: values must be 0, 1, 2, ... in order, without gaps; found 1, 2, 3"),
        ("scale with a gap", "items.0.scale: values must be 0, 1, 2, ... in order, without gaps; found 0, 1, 3"),
        ("scale of one level", "domains.0.items.0.scale: List should have at least 2 items"),
        ("duplicate trigger", "triggers.4.event: event 'transfer' is listed more than once"),
        ("trigger not in the future", "triggers.0.due_within_days: Input should be greater than 0"),
        ("bad item code", "domains.0.items.0.code: String should match pattern"),
        ("unknown key", "domains.0.items.0.weight: Extra inputs are not permitted"),
        ("version 0", "version: Input should be greater than or equal to 1"),
    ],
)
def test_malformed_definition_names_file_and_key(tmp_path, change, expected):
    data = _data("general_screening.v1.yaml")
    _mutate(data, change)
    message = _rejected(_write(tmp_path, data))
    assert expected in message


def test_several_problems_are_reported_together(tmp_path):
    data = _data("general_screening.v1.yaml")
    _mutate(data, "band gap")
    _mutate(data, "duplicate item code")
    message = _rejected(_write(tmp_path, data))
    assert "domains.1.items.1.code:" in message
    assert "scoring.bands.1.min:" in message


# Protected characteristics (DESIGN principle 4)


def _set_item(data: dict[str, Any], field: str, value: str) -> None:
    item = data["domains"][0]["items"][1]
    if field == "code":
        item["code"] = value
    elif field == "scale":
        item["scale"] = copy.deepcopy(item["scale"])
        item["scale"][2]["description"]["en"] = value
    else:
        item[field] = {language: f"{value} ({language})" for language in LANGUAGES}


@pytest.mark.parametrize(
    ("field", "text", "word"),
    [
        ("code", "religious_practice", "religious"),
        ("prompt", "Attends prayer more often than before.", "prayer"),
        ("prompt", "Speaks openly about their faith.", "faith"),
        ("prompt", "Visits the Mosque or the church every week.", "mosque"),
        ("scale", "Shows strong religiosity.", "religiosity"),
        ("prompt", "Belongs to an ethnic minority.", "ethnic"),
        ("code", "tribal_affiliation", "tribal"),
        ("prompt", "Clan loyalties come before the rules.", "clan"),
        ("scale", "Race of the person.", "race"),
        ("prompt", "Nationality of the person.", "nationality"),
        ("prompt", "Is a foreigner without residence rights.", "foreigner"),
        ("prompt", "Has no citizenship or an unclear national origin.", "citizenship"),
    ],
)
def test_an_item_may_not_score_a_protected_characteristic(tmp_path, field, text, word):
    data = _data("general_screening.v1.yaml")
    _set_item(data, field, text)
    message = _rejected(_write(tmp_path, data))
    assert f'domains.0.items.1: an item may not score religion, ethnicity or nationality (found "{word}")' in message


@pytest.mark.parametrize(
    "text",
    [
        "Do not rate religious practice, ethnicity, tribe or nationality: religiosity is not extremism.",
        "Prayer, faith, a foreigner's status or citizenship are never evidence.",
    ],
)
def test_guidance_may_name_what_not_to_rate(tmp_path, text):
    data = _data("general_screening.v1.yaml")
    _set_item(data, "guidance", text)
    assert parse_instrument(_write(tmp_path, data)).item("violence_in_custody").guidance.en.startswith(text)


def test_words_are_matched_whole(tmp_path):
    data = _data("general_screening.v1.yaml")
    _set_item(data, "prompt", "Embraces international networks that trace and finance violence.")
    assert parse_instrument(_write(tmp_path, data))


def test_shipped_vep_guidance_reminds_that_religiosity_is_not_extremism():
    guidance = _shipped("vep_spj.v1.yaml").item("justifies_violence").guidance
    assert "religiosity is not extremism" in guidance.en


# File name


def test_file_name_must_be_id_and_version(tmp_path):
    text = (INSTRUMENTS / "general_screening.v1.yaml").read_text(encoding="utf-8")
    assert "must be named <id>.v<version>.yaml" in _rejected(_write(tmp_path, text, "general_screening.yaml"))
    assert "must be named <id>.v<version>.yaml" in _rejected(_write(tmp_path, text, "general_screening.v01.yaml"))
    assert "id: must match the file name ('other')" in _rejected(_write(tmp_path, text, "other.v1.yaml"))
    assert "version: must match the file name (2)" in _rejected(_write(tmp_path, text, "general_screening.v2.yaml"))
