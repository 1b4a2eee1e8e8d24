"""The registry of checks: every check in it offers what the page reads, in plain words."""

import pytest
from django.utils.functional import Promise

from custodia.oversight.compliance.registry import CHECKS, check_of
from custodia.oversight.tests.compliance_world import cells, prisons_of, today

pytestmark = pytest.mark.django_db


def test_keys_are_unique_and_found() -> None:
    assert len({check.key for check in CHECKS}) == len(CHECKS)
    for check in CHECKS:
        assert check_of(check.key) is check
    assert check_of("no-such-check") is None


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.key)
def test_texts_are_translatable_and_name_the_rule(check) -> None:
    for text in (check.rule, check.title, check.definition, check.unit):
        assert isinstance(text, Promise)
        assert str(text).strip()
    assert str(check.rule).split()[-1].split("-")[0] in str(check.definition)
    assert check.not_recorded is None or isinstance(check.not_recorded, Promise)


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.key)
def test_every_prison_asked_for_gets_a_tally(check) -> None:
    prisons = prisons_of(cells(2))
    tallies = check.tallies(prisons=prisons, today=today())
    assert set(tallies) == {prison.pk for prison in prisons}


def test_only_rule_59_is_not_recorded() -> None:
    assert [check.key for check in CHECKS if check.not_recorded is not None] == ["rule-59-near-home"]
