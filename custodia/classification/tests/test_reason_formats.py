"""A proposal's reasons tell dates and numbers as the reader writes them, never in ISO order."""

import pytest
from django.utils import translation

from custodia.classification.presenters import shown_reasons


def _detail(kind: str, params: dict[str, object], language: str, user) -> str:
    reason = {"rule": "r", "level": "medium", "kind": kind, "params": params, "result": "stored text"}
    with translation.override(language):
        return shown_reasons([reason], user=user)[0].detail


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown"), [("en", "04/12/2026"), ("ru", "04.12.2026"), ("ar", "04/12/2026")])
def test_a_date_inside_a_reason_follows_the_reader(language, shown, staff_user):
    detail = _detail("serious_incident", {"on": "2026-12-04"}, language, staff_user)
    assert shown in detail and "2026-12-04" not in detail


@pytest.mark.django_db
def test_the_last_incident_of_an_unmet_prerequisite_is_told_in_the_reader_order(staff_user):
    detail = _detail("no_serious_incident", {"months": 12, "on": "2026-03-01"}, "kk", staff_user)
    assert "01.03.2026" in detail and "12" in detail


@pytest.mark.django_db
def test_shares_and_years_use_the_reader_decimal_sign(staff_user):
    assert "0,67" in _detail("served_fraction", {"required": 0.67, "served": 0.5}, "ru", staff_user)
    assert "0,50" in _detail("served_fraction", {"required": 0.67, "served": 0.5}, "ru", staff_user)
    assert "12.5" in _detail("remaining_sentence", {"years": 12.5}, "en", staff_user)
    assert "12,5" in _detail("remaining_sentence", {"years": 12.5}, "ar", staff_user)
