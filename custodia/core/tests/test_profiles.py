"""Country profiles: every shipped profile loads; a malformed one fails naming the file and the key."""

from pathlib import Path

import pytest

from custodia.core.profiles import ProfileError, load_profiles, parse_profile

PROFILES = Path(__file__).resolve().parents[3] / "profiles"
GOOD = (PROFILES / "generic.yaml").read_text(encoding="utf-8")


def test_shipped_profiles_load():
    profiles = load_profiles()
    assert {"generic", "uganda", "kazakhstan", "tunisia"} <= set(profiles)
    assert profiles["uganda"].prisoner_number.template.startswith("UPS/")
    assert profiles["kazakhstan"].default_language == "kk"
    assert profiles["tunisia"].default_language == "ar"
    for profile in profiles.values():
        framework = profile.classification
        assert framework.rank(framework.levels[0].code) == 0  # least restrictive first
        assert set(framework.women.levels) < {level.code for level in framework.levels}
        # Before a first final assessment the interim placement rule applies, said in each language.
        assert framework.interim.rules and str(framework.interim.note)


def _write(tmp_path: Path, text: str, name: str = "generic.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("default_language: en", "default_language: de"), "default_language"),
        (("  first_assessment_days: 30", "  first_assessment_days: -3"), "review_intervals.first_assessment_days"),
        (("prison_types: [closed,", "prison_types: [castle,"), "prison_types.0"),
        (("  pattern: '^P\\d{4}-\\d{6}$'", "  pattern: '^X$'"), "prisoner_number"),
        (("  earliest_release_fraction: 1.0", "  earliest_release_fraction: 1.0\n  parole: yes"), "release.parole"),
        # The classification framework refers only to its own levels and to the profile's codes.
        (("      at_least: high\n", "      at_least: supermax\n"), "rules.0.at_least"),
        (("    levels: [low, medium]", "    levels: [low, open_wing]"), "women.levels.1"),
        (("      unit_security_levels: [low]", "      unit_security_levels: [basement]"), "unit_security_levels"),
        (("      prison_types: [closed]\n", "      prison_types: [castle]\n"), "classification.levels.2.prison_types"),
        # Plausible dates (register.rules.DateBounds) bound every date of a file.
        (("oldest_age: 110", "oldest_age: 1000"), "oldest_age"),
        (("minimum_age: 12", "minimum_age: 18"), "minimum_age must be below juvenile_age"),
        (("records_from: 1950-01-01", "records_from: 2999-01-01"), "records_from cannot be in the future"),
        (("records_from: 1950-01-01", "records_from: 0001-01-01"), "records_from"),
        # The interim placement rule (before a first final assessment) names levels and codes it knows.
        (("    level: low\n", "    level: lowest\n"), "interim.level"),
        (("legal_status_in: [pre_trial]", "legal_status_in: [remanded]"), "interim.rules.0.when.legal_status_in"),
        (('offence_in: ["0101",', 'offence_in: ["homicide",'), "interim.rules.0.when.offence_in.0"),
        (("when: {legal_status_in: [pre_trial], offence_in:", "when: {offence_in: [], x:"), "interim.rules.0.when"),
        (("code: pre_trial_serious_violence", "code: escape_risk"), "rule codes must be unique"),
        (
            (
                "{serious_incident_within_months: 6}",
                "{serious_incident_within_months: 6, remaining_sentence_years_at_least: 2}",
            ),
            "classification.rules.5.when",
        ),
    ],
)
def test_malformed_profile_names_file_and_key(tmp_path, change, key):
    old, new = change
    assert old in GOOD, old
    path = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ProfileError) as exc:
        parse_profile(path)
    message = str(exc.value)
    assert str(path) in message
    assert key in message


def test_missing_translation_is_named(tmp_path):
    path = _write(tmp_path, GOOD.replace(', kk: "Ұлттық пенитенциарлық қызмет"', ""))
    with pytest.raises(ProfileError, match=r"service_name\.kk"):
        parse_profile(path)


def test_not_yaml(tmp_path):
    path = _write(tmp_path, "id: [unclosed")
    with pytest.raises(ProfileError, match="not valid YAML"):
        parse_profile(path)


def test_id_must_match_file_name(tmp_path):
    path = _write(tmp_path, GOOD, name="atlantis.yaml")
    with pytest.raises(ProfileError, match="id: must be the file name"):
        parse_profile(path)


def test_startup_fails_on_a_bad_profile(tmp_path):
    """The check runs at start-up: a broken profile stops `manage.py check` with the file and key."""
    import os
    import subprocess
    import sys

    _write(tmp_path, GOOD.replace("default_language: en", "default_language: de"))
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "CUSTODIA_PROFILES_DIR": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode != 0
    assert "generic.yaml" in result.stderr and "default_language" in result.stderr
