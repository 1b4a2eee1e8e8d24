"""The incident types are data: every kind the issue names, in five languages, validated."""

from pathlib import Path

import pytest

from custodia.incidents import catalogue

NAMED = {
    "assault_on_staff",
    "assault_on_prisoner",
    "self_harm",
    "death",
    "fight",
    "disturbance",
    "escape",
    "find_weapon",
    "find_phone",
    "find_drugs",
    "radicalisation_behaviour",
    "fire",
    "hostage",
    "protest",
}


def test_the_catalogue_holds_every_kind_in_five_languages():
    kinds = {kind.code: kind for kind in catalogue.current().types}
    assert set(kinds) == NAMED
    for kind in kinds.values():
        assert all(getattr(kind.label, lang) for lang in ("en", "fr", "ar", "ru", "kk"))
    # Self-harm and a death are never held against the person.
    assert not kinds["self_harm"].serious and not kinds["death"].serious
    assert kinds["assault_on_staff"].serious and kinds["radicalisation_behaviour"].serious


def test_a_bad_file_is_refused_with_its_name(tmp_path: Path):
    bad = tmp_path / "incident_types.v1.yaml"
    bad.write_text("version: 1\ntypes:\n  - code: x\n    serious: true\n    label: {en: X}\n", encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError, match="incident_types.v1.yaml"):
        catalogue.parse_catalogue(bad)
    misnamed = tmp_path / "incident_types.v2.yaml"
    misnamed.write_text(
        Path(catalogue.settings.INCIDENT_TYPES_DIR, "incident_types.v1.yaml").read_text(), encoding="utf-8"
    )
    with pytest.raises(catalogue.CatalogueError, match="must match the file name"):
        catalogue.parse_catalogue(misnamed)
