"""Plain unit tests of the prisoner file rules: no database."""

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodia.core.actions import AuditAction
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
        sentence=st.fixed_dictionaries(
            {
                "starts_on": st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
                "years": st.integers(0, 30),
                "months": st.integers(0, 11),
                "days": st.integers(1, 365),
                "remand_credit_days": st.integers(0, 300),
                "earliest_fraction": st.floats(0.3, 1.0),
            }
        )
    )
    def test_earliest_never_after_full_term(self, sentence):
        dates = rules.release_dates(**sentence)
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
            (date(1, 1, 1), False, "before 1 January 1950"),
            (date(1949, 12, 31), False, "before 1 January 1950"),
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
            ({"starts_on": date(1, 1, 2), "remand_credit_days": 100_000}, "sentence_starts_on", "before 1 January"),
            ({"imposed_on": date(2026, 7, 1)}, "sentence_imposed_on", "cannot be in the future"),
            ({"starts_on": date(2031, 1, 1), "years": 99}, None, None),
            # 2026-01-10 is 27768 days after 1950-01-01; time served may exceed the term.
            ({"remand_credit_days": 27769}, "remand_credit_days", "would begin before 1 January 1950"),
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
        sentence=st.fixed_dictionaries(
            {
                "starts_on": st.dates(),
                "years": st.integers(0, 200),
                "months": st.integers(0, 2400),
                "days": st.integers(0, 100_000),
                "remand_credit_days": st.integers(0, 100_000),
                "earliest_fraction": st.just(0.5),
            }
        )
    )
    def test_any_sentence_has_dates_or_a_reason(self, sentence):
        """Whatever the API lets through, the computation answers or refuses; it never crashes."""
        try:
            dates = rules.release_dates(**sentence)
        except rules.DateOutOfRange:
            return
        except ValueError as exc:
            assert not (sentence["years"] or sentence["months"] or sentence["days"]), exc
            return
        assert dates.earliest <= dates.full_term


NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
HELD = rules.Custody(S.IN_CUSTODY, prison=1, cell=10)


def move(kind, **kwargs):
    return rules.Move(kind, kwargs.pop("occurred_at", NOW - timedelta(hours=1)), **kwargs)


def movement_problems(before, movement, last_at=None):
    return rules.movement_problems(before, movement, last_at=last_at, now=NOW, bounds=BOUNDS, tz=UTC)


class TestMovementEffect:
    def test_a_transfer_ends_one_stay_and_begins_the_next_where_it_goes(self):
        effect = rules.movement_effect(HELD, move(M.TRANSFER, to_prison=2, to_cell=20))
        assert effect.after == rules.Custody(S.IN_CUSTODY, prison=2, cell=20)
        assert (effect.to_prison, effect.to_cell, effect.ends_period, effect.opens_period_in) == (2, 20, True, 2)

    def test_a_cell_move_stays_in_the_present_prison_whatever_prison_is_given(self):
        effect = rules.movement_effect(HELD, move(M.CELL_MOVE, to_prison=2, to_cell=11))
        assert effect.after == rules.Custody(S.IN_CUSTODY, prison=1, cell=11)
        assert (effect.to_prison, effect.to_cell, effect.ends_period, effect.opens_period_in) == (1, 11, False, None)

    @pytest.mark.parametrize(
        ("kind", "status"),
        [(M.COURT_PRODUCTION, S.AT_COURT), (M.HOSPITAL, S.IN_HOSPITAL), (M.TEMPORARY_RELEASE, S.TEMPORARY_RELEASE)],
    )
    def test_out_and_back_keeps_the_place_and_records_no_destination(self, kind, status):
        out = rules.movement_effect(HELD, move(kind, to_prison=2, to_cell=20))
        assert out.after == rules.Custody(status, prison=1, cell=10)
        assert (out.to_prison, out.to_cell, out.ends_period, out.opens_period_in) == (None, None, False, None)
        back = rules.movement_effect(out.after, move(M.RETURN))
        assert back.after == HELD

    @pytest.mark.parametrize(
        ("kind", "status"), [(M.RELEASE, S.RELEASED), (M.ESCAPE, S.ESCAPED), (M.DEATH, S.DECEASED)]
    )
    def test_leaving_custody_clears_the_place_and_ends_the_stay(self, kind, status):
        effect = rules.movement_effect(HELD, move(kind))
        assert effect.after == rules.Custody(status)
        assert (effect.ends_period, effect.opens_period_in) == (True, None)

    @pytest.mark.parametrize(
        ("before", "kind"), [(rules.NOT_YET_ADMITTED, M.ADMISSION), (rules.Custody(S.ESCAPED), M.RECAPTURE)]
    )
    def test_an_admission_or_a_recapture_begins_a_stay(self, before, kind):
        effect = rules.movement_effect(before, move(kind, to_prison=3, to_cell=None))
        assert effect.after == rules.Custody(S.IN_CUSTODY, prison=3)
        assert (effect.to_prison, effect.ends_period, effect.opens_period_in) == (3, False, 3)

    def test_a_movement_the_status_does_not_allow_is_refused(self):
        with pytest.raises(rules.MovementRefused):
            rules.movement_effect(rules.Custody(S.DECEASED), move(M.RETURN))

    @given(st.lists(st.sampled_from(list(M)), max_size=30), st.integers(1, 5))
    def test_a_person_has_a_place_exactly_while_a_stay_is_open(self, kinds, prison):
        """Whatever movements follow one another, the place and the custody periods agree: the
        demo's histories and the services' rely on it."""
        custody, open_stays = rules.NOT_YET_ADMITTED, 0
        for kind in [M.ADMISSION, *kinds]:
            try:
                effect = rules.movement_effect(custody, move(kind, to_prison=prison, to_cell=prison * 10))
            except rules.MovementRefused:
                continue
            open_stays -= effect.ends_period
            open_stays += effect.opens_period_in is not None
            custody = effect.after
            assert (custody.prison is not None) == (open_stays == 1) == (custody.status not in rules.NOT_HELD)
            assert custody.cell is None or custody.prison is not None


class TestMovementProblems:
    def test_an_allowed_movement_has_none(self):
        assert movement_problems(HELD, move(M.TRANSFER, to_prison=2, to_cell=20, cell_prison=2)) == {}

    def test_a_movement_the_status_does_not_allow_is_refused_on_its_kind_alone(self):
        problems = movement_problems(rules.Custody(S.RELEASED), move(M.RELEASE, occurred_at=NOW + timedelta(days=1)))
        assert list(problems) == ["kind"] and str(S.RELEASED.label) in problems["kind"]

    @pytest.mark.parametrize(
        ("movement", "field", "problem"),
        [
            (move(M.CELL_MOVE), "to_cell", "Choose the cell."),
            (move(M.CELL_MOVE, to_cell=10, cell_prison=1), "to_cell", "already in this cell"),
            (move(M.CELL_MOVE, to_cell=30, cell_prison=3), "to_cell", "not in the chosen prison"),
            (move(M.TRANSFER), "to_prison", "Choose the prison."),
            (move(M.TRANSFER, to_prison=1), "to_prison", "must be to another prison"),
            (move(M.TRANSFER, to_prison=2, to_cell=30, cell_prison=3), "to_cell", "not in the chosen prison"),
            (move(M.RELEASE), "release_reason", "Give the reason for release."),
            (move(M.DEATH, death_circumstances="  "), "death_circumstances", "Mandela Rule 8(f)"),
            (move(M.COURT_PRODUCTION, occurred_at=NOW + timedelta(minutes=1)), "occurred_at", "in the future"),
            (move(M.COURT_PRODUCTION, occurred_at=datetime(1949, 1, 1, tzinfo=UTC)), "occurred_at", "records begin"),
        ],
    )
    def test_each_names_its_field(self, movement, field, problem):
        problems = movement_problems(HELD, movement)
        assert list(problems) == [field] and problem in problems[field]

    def test_a_destination_given_for_a_movement_that_does_not_place_is_not_checked(self):
        assert movement_problems(HELD, move(M.COURT_PRODUCTION, to_prison=1, to_cell=30, cell_prison=3)) == {}

    def test_not_before_the_last_movement(self):
        last = NOW - timedelta(minutes=30)
        problems = movement_problems(HELD, move(M.COURT_PRODUCTION), last_at=last)
        assert problems == {"occurred_at": "A movement cannot be dated before the last recorded movement."}
        assert movement_problems(HELD, move(M.COURT_PRODUCTION, occurred_at=last), last_at=last) == {}


def admission_dates(**kwargs):
    values = {
        "now": NOW,
        "tz": UTC,
        "admitted_at": NOW - timedelta(hours=2),
        "arrested_at": NOW - timedelta(days=2),
        "order_date": date(2026, 6, 14),
        "next_hearing": date(2026, 9, 1),
        "date_of_birth": date(1990, 5, 17),
        "birth_year_estimated": None,
        **kwargs,
    }
    return rules.admission_date_problems(BOUNDS, **values)


class TestAdmissionDates:
    def test_plausible_dates_have_no_problem(self):
        assert admission_dates() == {}

    @pytest.mark.parametrize(
        ("kwargs", "field", "problem"),
        [
            ({"date_of_birth": None}, "date_of_birth", "Enter the date of birth"),
            ({"admitted_at": NOW + timedelta(minutes=5)}, "admitted_at", "The admission cannot be in the future."),
            ({"arrested_at": NOW - timedelta(hours=1)}, "arrested_at", "before the admission"),
            ({"arrested_at": datetime(1949, 6, 1, tzinfo=UTC)}, "arrested_at", "records begin"),
            ({"order_date": date(2026, 6, 16)}, "order_date", "on or before the admission"),
            ({"order_date": date(1949, 6, 1)}, "order_date", "records begin"),
            ({"next_hearing": date(2032, 1, 1)}, "next_hearing", "years ahead"),
            ({"date_of_birth": date(2015, 1, 1)}, "date_of_birth", "No one under 12"),
        ],
    )
    def test_each_names_its_field(self, kwargs, field, problem):
        problems = admission_dates(**kwargs)
        assert list(problems) == [field] and problem in problems[field]

    def test_the_order_is_compared_with_the_day_of_admission_where_the_prison_is(self):
        """Admitted at 01:30 in Kampala, still the day before in UTC: an order of that local day is
        on the day of admission, one of the next day is not."""
        kampala = ZoneInfo("Africa/Kampala")
        admitted_at = datetime(2026, 6, 13, 22, 30, tzinfo=UTC)  # as the service receives it
        on_the_day = admission_dates(
            tz=kampala, admitted_at=admitted_at, arrested_at=None, order_date=date(2026, 6, 14)
        )
        assert on_the_day == {}
        day_after = admission_dates(tz=kampala, admitted_at=admitted_at, arrested_at=None, order_date=date(2026, 6, 15))
        assert list(day_after) == ["order_date"]

    def test_the_minimum_age_waits_for_a_plausible_day_of_admission(self):
        """Born in 2014 and admitted, as typed, in 1949: the dates of the admission are refused, and
        the age is reckoned today (12) rather than on a day before the person was born."""
        problems = admission_dates(
            date_of_birth=date(2014, 1, 1),
            admitted_at=datetime(1949, 6, 1, tzinfo=UTC),
            arrested_at=None,
            order_date=date(1949, 5, 1),
        )
        assert list(problems) == ["admitted_at", "order_date"]
        assert all("records begin" in problem for problem in problems.values())


class TestCharges:
    def test_what_the_service_uses_passes(self):
        assert (
            rules.charge_problems(
                legal_status="convicted", statuses_used={"convicted"}, iccs_codes=["0101"], sentenced=True
            )
            == {}
        )

    def test_each_names_its_field(self):
        problems = rules.charge_problems(
            legal_status="civil", statuses_used={"pre_trial"}, iccs_codes=["0101", "9999"], sentenced=False
        )
        assert problems == {
            "legal_status": "This legal status is not used by this prison service.",
            "iccs_code": "Unknown ICCS code: 9999.",
        }

    @pytest.mark.parametrize("status", ["pre_trial", "civil"])
    def test_a_sentence_only_for_someone_convicted(self, status):
        problems = rules.charge_problems(legal_status=status, statuses_used={status}, iccs_codes=[], sentenced=True)
        assert problems == {"legal_status": "A sentence can only be recorded for a convicted person."}


def test_every_movement_kind_has_its_audit_action():
    assert {AuditAction.of_movement(kind) for kind in M} <= set(AuditAction)
