"""The checklist shipped is valid; a broken or misnamed one is refused, naming the file."""

import pytest

from custodia.core.versioned import VersionedDataError
from custodia.securityaudits import checklist

FIVE = {"physical", "procedural", "dynamic", "intelligence", "vep"}


def test_the_checklist_has_the_five_areas_each_labelled_in_five_languages():
    current = checklist.current()
    assert {area.code for area in current.areas} == FIVE
    for area in current.areas:
        assert len(area.items) >= 3
        for item in area.items:
            assert all(getattr(item.label, language).strip() for language in ("en", "fr", "ar", "ru", "kk"))
    assert len(current.area_of()) == sum(len(area.items) for area in current.areas)


def test_a_checklist_with_a_repeated_item_or_the_wrong_version_is_refused(tmp_path):
    label = "{en: A, fr: A, ar: A, ru: A, kk: A}"
    repeated = tmp_path / "security_audit.v1.yaml"
    repeated.write_text(
        f"version: 1\nareas:\n  - code: a\n    label: {label}\n    items:\n"
        f"      - {{code: x, label: {label}}}\n      - {{code: x, label: {label}}}\n"
    )
    with pytest.raises(VersionedDataError, match="security_audit.v1.yaml"):
        checklist.parse_checklist(repeated)
    misnamed = tmp_path / "security_audit.v2.yaml"
    misnamed.write_text(
        f"version: 1\nareas:\n  - code: a\n    label: {label}\n    items:\n      - {{code: x, label: {label}}}\n"
    )
    with pytest.raises(VersionedDataError, match="must match the file name"):
        checklist.parse_checklist(misnamed)
