"""The information sheet: every text in every language, each profile's languages present, and
the profile's own rules written into it."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from custodia.core.profiles import get_profile, load_profiles
from custodia.induction import sheet


def test_every_profile_gives_the_sheet_in_each_of_its_languages():
    for profile in load_profiles().values():
        codes = [code for code, _ in sheet.languages(profile)]
        assert codes[: len(profile.languages)] == profile.languages
        for code in codes:
            drawn = sheet.drawn(profile, code)
            assert drawn.title and drawn.sections and drawn.received
            assert "{" not in drawn.introduction + "".join(p for s in drawn.sections for p in s.paragraphs)


def test_the_profile_fills_in_its_own_rules():
    uganda = get_profile("uganda")
    drawn = sheet.drawn(uganda, "en")
    text = " ".join(p for s in drawn.sections for p in s.paragraphs)
    assert "Uganda Human Rights Commission" in text
    assert f"within {uganda.complaints.answer_days} days" in text
    assert "Tuesday, Thursday, Saturday, Sunday" in text
    assert ("Maximum security class", 2) in drawn.visits_per_month
    assert ("Not yet classified", 4) in drawn.visits_per_month
    arabic = sheet.drawn(get_profile("tunisia"), "ar")
    assert arabic.right_to_left and "الهيئة الوطنية للوقاية من التعذيب" in " ".join(arabic.sections[2].paragraphs)


def test_a_language_the_profile_adds_is_given_in_it():
    uganda = get_profile("uganda")
    assert ("sw", "Kiswahili") in sheet.languages(uganda)
    swahili = sheet.drawn(uganda, "sw")
    assert swahili.title == "Taarifa kwa watu wanaopokelewa gerezani"
    assert not swahili.right_to_left
    # Kiswahili has no interface catalogue: the profile's labels fall back to English.
    assert swahili.service == str(uganda.service_name.en)
    with pytest.raises(KeyError):
        sheet.drawn(get_profile("generic"), "sw")


def test_a_language_without_a_text_is_a_configuration_error():
    profile = get_profile("generic").model_copy(update={"information_languages": ["lg"]})
    with pytest.raises(ImproperlyConfigured, match="lg"):
        sheet.languages(profile)


def test_a_text_missing_in_one_language_is_refused(tmp_path: Path):
    source = (Path(sheet.__file__).resolve().parents[2] / "information_sheets" / "admission.v1.yaml").read_text(
        encoding="utf-8"
    )
    broken = source.replace('  sw: "Taarifa kwa watu wanaopokelewa gerezani"\n', "", 1)
    path = tmp_path / "admission.v1.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="not in exactly the sheet's languages"):
        sheet.parse_sheet(path)
    path.write_text(source.replace('  kk: "Қазақ тілі"\n', "", 1), encoding="utf-8")
    with pytest.raises(ImproperlyConfigured):
        sheet.parse_sheet(path)
