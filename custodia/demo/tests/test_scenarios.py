"""The programme figures and how they scale: pure data, no database."""

import pytest

from custodia.demo.scenarios import COUNTRIES, KAZAKHSTAN, MIN_PRISON_CAPACITY, SCENARIOS, TUNISIA, UGANDA, scaled


def test_uganda_programme_figures():
    assert UGANDA.population == 63_581
    assert UGANDA.prisons == 253
    assert UGANDA.occupancy_percent == 322
    assert round(100 * UGANDA.pre_trial / UGANDA.population) == 55
    assert (UGANDA.vep_on_roll, UGANDA.vep_convicted, UGANDA.vep_pre_trial) == (158, 16, 142)


def test_kazakhstan_programme_figures():
    assert KAZAKHSTAN.population == 29_402
    assert KAZAKHSTAN.terrorism_convicted == 721
    assert KAZAKHSTAN.vep_probation == 91
    assert KAZAKHSTAN.vep_semi_open == 2
    assert KAZAKHSTAN.vep_closed == 628
    assert (KAZAKHSTAN.returnees, KAZAKHSTAN.returnees_men, KAZAKHSTAN.returnees_women) == (45, 33, 12)
    assert KAZAKHSTAN.capacity > KAZAKHSTAN.population
    assert 75 <= KAZAKHSTAN.prisons <= 85


def test_tunisia_programme_figures():
    assert TUNISIA.population == 22_694
    assert TUNISIA.vep_on_roll == 1_000
    assert 125 <= TUNISIA.occupancy_percent <= 135
    assert 0.45 <= TUNISIA.pre_trial / TUNISIA.population <= 0.50


@pytest.mark.parametrize("country", COUNTRIES)
def test_full_scale_is_the_programme(country):
    assert scaled(country, 1.0) == SCENARIOS[country]


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("scale", [0.0001, 0.005, 0.01, 0.05, 0.25, 0.3, 0.5, 0.77, 0.999])
def test_scaled_figures_round_and_add_up(country, scale):
    base, s = SCENARIOS[country], scaled(country, scale)
    assert s.population == round(base.population * scale)
    assert s.pre_trial == round(base.pre_trial * scale)
    assert s.vep_total == round(base.vep_total * scale)
    assert s.vep_probation == round(base.vep_probation * scale)
    assert s.vep_on_roll == s.vep_convicted + s.vep_pre_trial
    assert s.terrorism_convicted == s.vep_closed + s.vep_semi_open + s.vep_probation
    assert s.returnees == round(base.returnees * scale)
    assert s.returnees_women == round(base.returnees_women * scale)
    assert s.prisons == max(round(base.prisons * scale), len(base.prison_types))
    assert sum(s.prison_types.values()) == s.prisons
    assert set(s.prison_types) == set(base.prison_types)
    assert all(1 <= n <= base.prison_types[t] for t, n in s.prison_types.items())
    assert s.capacity == max(round(base.capacity * scale), s.prisons * MIN_PRISON_CAPACITY)
    assert s.convicted >= s.vep_convicted


def test_named_sub_figures_scale_by_rounding():
    # Uganda: the convicted VEPs are named, the pre-trial ones derived.
    assert scaled("uganda", 0.5).vep_convicted == 8
    assert scaled("uganda", 0.5).vep_pre_trial == 79 - 8
    # Kazakhstan: on probation and semi-open are named, closed settings derived.
    half = scaled("kazakhstan", 0.5)
    assert (half.terrorism_convicted, half.vep_probation, half.vep_semi_open) == (360, 46, 1)
    assert half.vep_closed == 360 - 46 - 1


@pytest.mark.parametrize("scale", [0, -0.1, 1.01, 2])
def test_scale_out_of_range_is_refused(scale):
    with pytest.raises(ValueError):
        scaled("uganda", scale)


def test_inconsistent_scenario_is_refused():
    from dataclasses import replace

    with pytest.raises(ValueError):
        replace(UGANDA, vep_pre_trial=UGANDA.pre_trial + 1)
    with pytest.raises(ValueError):
        replace(UGANDA, prisons=UGANDA.prisons + 1)
