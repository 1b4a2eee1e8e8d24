"""The audit trail's vocabulary: codes never change, names are shown in the user's language."""

import pytest
from django.utils import translation

from custodia.core.actions import AuditAction, action_label


def test_codes_are_unique_and_dotted_by_area():
    assert len(set(AuditAction.values)) == len(AuditAction.values)
    assert all(code == "read" or "." in code for code in AuditAction.values)


def test_an_action_shows_its_name_in_the_users_language():
    with translation.override("fr"):
        assert action_label("classification.approve") == "Classement approuvé"
    assert action_label("classification.approve") == "Classification approved"


def test_a_code_no_longer_listed_is_shown_as_it_was_stored():
    assert action_label("ward.rename") == "ward.rename"


def test_an_unknown_movement_has_no_action():
    with pytest.raises(ValueError):
        AuditAction.of_movement("teleport")
