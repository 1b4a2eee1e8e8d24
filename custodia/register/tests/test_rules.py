"""Plain unit tests of the prisoner file rules: no database."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodia.register import rules
from custodia.register.choices import CustodyStatus as S
from custodia.register.choices import MovementKind as M


class TestCustodyTransitions:
    @pytest.mark.parametrize(
        ("status", "kind", "expected"),
        [
            (S.IN_CUSTODY, M.COURT_PRODUCTION, S.AT_COURT),
            (S.AT_COURT, M.RETURN, S.IN_CUSTODY),
            (S.IN_CUSTODY, M.HOSPITAL, S.IN_HOSPITAL),
            (S.IN_CUSTODY, M.TRANSFER, S.IN_CUSTODY),
            (S.AT_COURT, M.RELEASE, S.RELEASED),
            (S.TEMPORARY_RELEASE, M.ESCAPE, S.ESCAPED),
            (S.ESCAPED, M.RECAPTURE, S.IN_CUSTODY),
            (S.RELEASED, M.ADMISSION, S.IN_CUSTODY),
            (S.IN_HOSPITAL, M.DEATH, S.DECEASED),
        ],
    )
    def test_allowed(self, status, kind, expected):
        assert rules.next_custody_status(status, kind) == expected

    @pytest.mark.parametrize(
        ("status", "kind"),
        [
            (S.RELEASED, M.COURT_PRODUCTION),
            (S.DECEASED, M.RETURN),
            (S.DECEASED, M.ADMISSION),
            (S.AT_COURT, M.TRANSFER),
            (S.IN_CUSTODY, M.RETURN),
            (S.IN_CUSTODY, M.RECAPTURE),
            (S.ESCAPED, M.CELL_MOVE),
        ],
    )
    def test_refused_with_both_named(self, status, kind):
        with pytest.raises(rules.MovementRefused) as exc:
            rules.next_custody_status(status, kind)
        assert str(M(kind).label) in str(exc.value)
        assert str(S(status).label) in str(exc.value)

    def test_nothing_moves_a_deceased_person(self):
        assert rules.movements_allowed_from(S.DECEASED) == []

    def test_readmission_is_offered_only_after_release(self):
        assert rules.movements_allowed_from(S.RELEASED) == [M.ADMISSION]
        assert M.ADMISSION not in rules.movements_allowed_from(S.IN_CUSTODY)


class TestReleaseDates:
    def test_full_term_and_remission(self):
        dates = rules.release_dates(
            starts_on=date(2024, 1, 1), years=3, months=0, days=0, remand_credit_days=0, earliest_fraction=2 / 3
        )
        assert dates.full_term == date(2027, 1, 1)
        # 1096 days (2024 is a leap year) x 2/3 = 730.67, rounded to 731 days.
        assert dates.earliest == date(2026, 1, 1)

    def test_remand_credit_brings_both_dates_forward(self):
        dates = rules.release_dates(
            starts_on=date(2025, 3, 1), years=1, months=6, days=10, remand_credit_days=40, earliest_fraction=1.0
        )
        assert dates.full_term == date(2026, 9, 11) - (date(2025, 4, 10) - date(2025, 3, 1))
        assert dates.earliest == dates.full_term

    def test_month_end(self):
        assert rules.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
        assert rules.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
        assert rules.add_months(date(2024, 3, 15), -14) == date(2023, 1, 15)

    def test_no_length_refused(self):
        with pytest.raises(ValueError):
            rules.release_dates(
                starts_on=date(2025, 1, 1), years=0, months=0, days=0, remand_credit_days=0, earliest_fraction=1
            )

    @given(
        start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
        years=st.integers(0, 30),
        months=st.integers(0, 11),
        days=st.integers(1, 365),
        credit=st.integers(0, 300),
        fraction=st.floats(0.3, 1.0),
    )
    def test_earliest_never_after_full_term(self, start, years, months, days, credit, fraction):
        dates = rules.release_dates(
            starts_on=start,
            years=years,
            months=months,
            days=days,
            remand_credit_days=credit,
            earliest_fraction=fraction,
        )
        assert dates.earliest <= dates.full_term


class TestAgeAndJuveniles:
    def test_age_from_date_of_birth(self):
        assert rules.age_on(date(2026, 5, 1), date_of_birth=date(2008, 5, 2), birth_year_estimated=None) == 17
        assert rules.age_on(date(2026, 5, 2), date_of_birth=date(2008, 5, 2), birth_year_estimated=None) == 18

    def test_age_from_estimated_year(self):
        assert rules.age_on(date(2026, 3, 1), date_of_birth=None, birth_year_estimated=2008) == 17
        assert rules.age_on(date(2026, 9, 1), date_of_birth=None, birth_year_estimated=2008) == 18

    def test_unknown_age_is_not_juvenile(self):
        assert rules.is_juvenile(None) is False
        assert rules.is_juvenile(17) is True
        assert rules.is_juvenile(18) is False

    @given(
        today=st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 12, 31)),
        born=st.dates(min_value=date(1940, 1, 1), max_value=date(2050, 12, 31)),
        year=st.integers(1940, 2050),
    )
    def test_cutoffs_agree_with_age(self, today, born, year):
        """The database filter used by statistics gives the same answer as the file page."""
        by_date, by_year = rules.juvenile_birth_cutoffs(today)
        if born <= today:
            assert (born > by_date) == rules.is_juvenile(
                rules.age_on(today, date_of_birth=born, birth_year_estimated=None)
            )
        if year <= today.year:
            age = rules.age_on(today, date_of_birth=None, birth_year_estimated=year)
            assert (year > by_year) == rules.is_juvenile(age)


class TestSearchAndNumbers:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [("OKELLO", "Okello"), ("jose", "José"), ("айгерім", "АЙГЕРІМ"), ("محمد", "مُحَمَّد"), ("strasse", "STRASSE")],
    )
    def test_search_key_matches_across_case_and_marks(self, typed, stored):
        assert rules.search_key(typed) in rules.search_key(stored)

    def test_number_format_and_prefix(self):
        template = "UPS/{year}/{seq:06d}"
        assert rules.format_prisoner_number(template, year=2026, seq=42) == "UPS/2026/000042"
        assert rules.prisoner_number_prefix(template, year=2026) == "UPS/2026/"
        assert rules.prisoner_number_prefix("TN{year}/{seq:06d}", year=2025) == "TN2025/"
