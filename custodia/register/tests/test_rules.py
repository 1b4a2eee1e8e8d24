"""Plain unit tests of the prisoner file rules: no database."""

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

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


class TestSearchLimits:
    def test_a_few_words_pass(self):
        assert rules.search_problem("Amina Okello UPS/2026/000001") is None
        assert rules.search_problem(" ".join(f"w{i}" for i in range(rules.SEARCH_MAX_WORDS))) is None

    def test_a_thousand_words_are_refused(self):
        """Each word is one condition: SQLite refused a thousand ("Expression tree is too large")."""
        problem = rules.search_problem(" ".join(["a"] * 1000))
        assert problem == f"Enter at most {rules.SEARCH_MAX_LENGTH} characters."
        problem = rules.search_problem(" ".join(f"w{i}" for i in range(rules.SEARCH_MAX_WORDS + 1)))
        assert problem == f"Search with at most {rules.SEARCH_MAX_WORDS} words."

    def test_words_are_counted_as_they_are_matched(self):
        assert rules.search_words("Okello OKELLO okéllo") == ["okello"]
        # One character whose compatibility form is four words (U+FDFA, an Arabic ligature).
        assert len(rules.search_words("\ufdfa")) == 4

    def test_characters_no_name_holds_are_dropped(self):
        """NUL makes PostgreSQL refuse the whole query."""
        assert rules.search_words("ok\x00ello \ud800") == ["okello"]


class TestPersonText:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("  Amina   Okello ", "Amina Okello"),
            ("Amina\tOkello\n", "Amina Okello"),
            ("Jose\u0301", "José"),  # decomposed, as some keyboards type it: stored composed (NFC)
            ("Айгерім", "Айгерім"),
            ("مُحَمَّد", "مُحَمَّد"),
            # The zero-width non-joiner spells Persian names (Mehrdad); at the edge of a word it is nothing.
            ("مهر\u200cداد", "مهر\u200cداد"),
            ("\u200cمهر\u200c\u200cداد\u200c", "مهر\u200cداد"),
        ],
    )
    def test_normalised(self, typed, stored):
        assert rules.clean_person_text(typed) == stored

    @pytest.mark.parametrize(
        ("typed", "named"),
        [
            ("Ali\u202eilA", "U+202E"),  # right-to-left override
            ("Am\u200bina", "U+200B"),  # zero-width space
            ("\ufeffAmina", "U+FEFF"),  # byte order mark
            ("Amina\x00", "U+0000"),
            ("Amina\x07", "U+0007"),
            ("\u2067Amina\u2069", "U+2067, U+2069"),
            ("Amina\u061c", "U+061C"),
            ("Amina\u200e", "U+200E"),
            ("Am\u00adina", "U+00AD"),  # soft hyphen, another invisible format character
            ("Amina\ud800", "U+D800"),  # a lone surrogate cannot be stored
        ],
    )
    def test_hidden_and_control_characters_refused(self, typed, named):
        with pytest.raises(rules.TextRefused) as exc:
            rules.clean_person_text(typed)
        assert str(exc.value) == f"Remove the hidden or control characters from this name: {named}."

    def test_too_long_once_normalised(self):
        # U+0F73 is two characters in NFC: the stored name must still fit its column.
        assert len(rules.clean_person_text("\u0f73" * 5)) == 10
        with pytest.raises(rules.TextRefused, match="at most 9 characters"):
            rules.clean_person_text("\u0f73" * 5, max_length=9)

    @given(st.text())
    def test_what_is_stored_is_clean(self, text):
        try:
            cleaned = rules.clean_person_text(text)
        except rules.TextRefused:
            assert any(
                unicodedata.category(ch) in ("Cc", "Cf", "Cs") and not ch.isspace() and ch != rules.ZWNJ for ch in text
            )
            return
        assert unicodedata.is_normalized("NFC", cleaned)
        assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in cleaned)
        assert not any(unicodedata.category(ch) == "Cf" and ch != rules.ZWNJ for ch in cleaned)
        assert not rules.BIDI_CONTROLS & set(cleaned)
        assert cleaned == cleaned.strip() and "  " not in cleaned
        assert rules.clean_person_text(cleaned) == cleaned


BOUNDS = rules.DateBounds(today=date(2026, 6, 15), records_from=date(1950, 1, 1), oldest_age=110, minimum_age=12)


class TestPlausibleDates:
    @pytest.mark.parametrize(
        ("day", "ahead", "problem"),
        [
            (date(1950, 1, 1), False, None),
            (date(2026, 6, 15), False, None),
            (date(1, 1, 1), False, "before Jan. 1, 1950"),
            (date(1949, 12, 31), False, "before Jan. 1, 1950"),
            (date(2026, 6, 16), False, "cannot be in the future"),
            (date(2031, 6, 15), True, None),
            (date(2031, 6, 16), True, "more than 5 years ahead"),
            (date(9999, 12, 31), True, "more than 5 years ahead"),
        ],
    )
    def test_record_day(self, day, ahead, problem):
        found = rules.record_day_problem(day, BOUNDS, ahead=ahead)
        assert (found is None) if problem is None else (problem in found)

    @pytest.mark.parametrize(
        ("born", "year", "field", "problem"),
        [
            (date(1990, 5, 17), None, None, None),
            (None, 1990, None, None),
            (date(2026, 6, 16), None, "date_of_birth", "The date of birth cannot be in the future."),
            (date(1, 1, 1), None, "date_of_birth", "older than 110 years"),
            (date(1916, 6, 16), None, None, None),  # 109 today
            (date(1916, 6, 15), None, None, None),  # 110 today
            (date(1915, 6, 15), None, "date_of_birth", "older than 110 years"),
            (None, 2100, "birth_year_estimated", "The year of birth cannot be in the future."),
            (None, 1915, None, None),  # 110 if born on 31 December
            (None, 1914, "birth_year_estimated", "older than 110 years"),
            (date(2014, 6, 16), None, "date_of_birth", "No one under 12 years of age"),
            (date(2014, 6, 15), None, None, None),
            (None, 2014, None, None),  # 12 if born on 1 January
            (None, 2015, "birth_year_estimated", "No one under 12 years of age"),
        ],
    )
    def test_birth(self, born, year, field, problem):
        problems = rules.birth_problems(BOUNDS, date_of_birth=born, birth_year_estimated=year)
        if field is None:
            assert problems == {}
        else:
            assert list(problems) == [field] and problem in problems[field]

    def test_a_relative_may_be_old_but_not_unborn(self):
        assert rules.relative_birth_year_problem(1905, BOUNDS) is None
        assert rules.relative_birth_year_problem(2027, BOUNDS) == "The year of birth cannot be in the future."

    def test_minimum_age_is_reckoned_on_the_admission(self):
        born = date(2000, 6, 15)
        assert rules.birth_problems(BOUNDS, date_of_birth=born, birth_year_estimated=None, on=date(2012, 6, 14))
        assert not rules.birth_problems(BOUNDS, date_of_birth=born, birth_year_estimated=None, on=date(2012, 6, 15))
        no_minimum = rules.DateBounds(today=BOUNDS.today, records_from=BOUNDS.records_from, oldest_age=110)
        assert not rules.birth_problems(no_minimum, date_of_birth=date(2025, 1, 1), birth_year_estimated=None)

    def test_a_moment_the_time_zone_cannot_convert_is_out_of_range(self):
        east, west = timezone(timedelta(hours=5)), timezone(timedelta(hours=-5))
        assert rules.day_of(datetime(1, 1, 1, tzinfo=east), UTC) == date.min
        assert rules.day_of(datetime(9999, 12, 31, 23, tzinfo=west), UTC) == date.max
        assert rules.day_of(datetime(2026, 1, 1, 2, tzinfo=east), UTC) == date(2025, 12, 31)


def sentence(**kwargs):
    values = {
        "imposed_on": date(2026, 1, 10),
        "starts_on": date(2026, 1, 10),
        "years": 3,
        "months": 0,
        "days": 0,
        "remand_credit_days": 0,
        "life": False,
        "earliest_fraction": 2 / 3,
        **kwargs,
    }
    return rules.sentence_problems(BOUNDS, **values)


class TestSentenceDatesOutOfRange:
    def test_the_calendar_ends_in_9999(self):
        with pytest.raises(rules.DateOutOfRange):
            rules.add_months(date(9999, 1, 1), 12 * 200)
        with pytest.raises(rules.DateOutOfRange):
            rules.add_months(date(1, 1, 2), -1)
        assert rules.add_months(date(9999, 1, 31), 11) == date(9999, 12, 31)

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"starts_on": date(9999, 1, 1), "years": 200},  # "AssertionError: unreachable" before
            {"starts_on": date(9998, 1, 1), "years": 1, "days": 999_999_999},
            {"starts_on": date(1, 1, 2), "years": 1, "remand_credit_days": 100_000},
            {"starts_on": date(2020, 1, 1), "years": 1, "remand_credit_days": 10**9},
        ],
    )
    def test_release_dates_refuse_what_the_calendar_cannot_hold(self, kwargs):
        values = {"years": 0, "months": 0, "days": 0, "remand_credit_days": 0, "earliest_fraction": 1.0, **kwargs}
        with pytest.raises(rules.DateOutOfRange, match="The release date this sentence gives is out of range."):
            rules.release_dates(**values)

    @pytest.mark.parametrize(
        ("kwargs", "field", "problem"),
        [
            ({}, None, None),
            ({"life": True, "years": 0}, None, None),
            ({"years": 0}, "years", "A sentence must have a length."),
            ({"starts_on": date(9999, 1, 1), "years": 200}, "sentence_starts_on", "more than 5 years ahead"),
            ({"starts_on": date(1, 1, 2), "remand_credit_days": 100_000}, "sentence_starts_on", "before Jan. 1"),
            ({"imposed_on": date(2026, 7, 1)}, "sentence_imposed_on", "cannot be in the future"),
            ({"starts_on": date(2031, 1, 1), "years": 99}, None, None),
            # 2026-01-10 is 27768 days after 1950-01-01; time served may exceed the term.
            ({"remand_credit_days": 27769}, "remand_credit_days", "would begin before Jan. 1, 1950"),
            ({"remand_credit_days": 27768}, None, None),
            ({"months": 1, "years": 0, "remand_credit_days": 800}, None, None),
            ({"years": 0, "days": 10**9}, "years", "The release date this sentence gives is out of range."),
        ],
    )
    def test_sentence_problems_name_the_field(self, kwargs, field, problem):
        problems = sentence(**kwargs)
        if field is None:
            assert problems == {}
        else:
            assert list(problems) == [field] and problem in problems[field]

    @given(
        start=st.dates(),
        years=st.integers(0, 200),
        months=st.integers(0, 2400),
        days=st.integers(0, 100_000),
        credit=st.integers(0, 100_000),
    )
    def test_any_sentence_has_dates_or_a_reason(self, start, years, months, days, credit):
        """Whatever the API lets through, the computation answers or refuses; it never crashes."""
        try:
            dates = rules.release_dates(
                starts_on=start,
                years=years,
                months=months,
                days=days,
                remand_credit_days=credit,
                earliest_fraction=0.5,
            )
        except rules.DateOutOfRange:
            return
        except ValueError as exc:
            assert not (years or months or days), exc
            return
        assert dates.earliest <= dates.full_term
