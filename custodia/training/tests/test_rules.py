"""The pure rules of staff training: results, validity, session days, certificate codes and the
staff file read line by line."""

from datetime import date

import pytest

from custodia.training import rules
from custodia.training.choices import Result
from custodia.training.rules import RowProblem


def _result(attended: int, held: int = 5, score: int | None = 80) -> Result:
    return rules.result_of(days_attended=attended, days_held=held, score=score, pass_mark=70, attendance_needed=80)


def test_too_few_days_is_incomplete_whatever_the_score():
    assert _result(3) == Result.INCOMPLETE  # 60 % of 5 days
    assert _result(3, score=100) == Result.INCOMPLETE
    assert _result(0, score=None) == Result.INCOMPLETE
    assert _result(4) == Result.PASSED  # exactly 80 %


def test_the_pass_mark_passes_and_no_score_fails():
    assert _result(5, score=70) == Result.PASSED
    assert _result(5, score=69) == Result.FAILED
    assert _result(5, score=None) == Result.FAILED
    assert _result(5, score=0) == Result.FAILED


def test_attendance_of_every_day_when_all_are_needed():
    check = rules.result_of(days_attended=2, days_held=3, score=90, pass_mark=75, attendance_needed=100)
    assert check == Result.INCOMPLETE
    assert rules.result_of(days_attended=3, days_held=3, score=90, pass_mark=75, attendance_needed=100) == "passed"


def test_validity_in_calendar_months_to_the_end_of_a_short_month():
    assert rules.valid_until(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert rules.valid_until(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert rules.valid_until(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert rules.valid_until(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert rules.valid_until(date(2025, 3, 14), 36) == date(2028, 3, 14)
    assert rules.valid_until(date(2025, 3, 14), None) is None
    assert rules.valid_until(date(2025, 3, 14), 0) is None


def test_a_certificate_no_longer_counts_on_its_expiry_day():
    end = date(2026, 6, 1)
    assert rules.is_valid_on(end, date(2026, 5, 31))
    assert not rules.is_valid_on(end, end)
    assert not rules.is_valid_on(end, date(2027, 1, 1))
    assert rules.is_valid_on(None, date(2099, 1, 1))


def test_expiring_within_the_days_and_never_when_it_does_not_expire():
    day = date(2026, 1, 1)
    assert rules.is_expiring(date(2026, 3, 1), day, 90)
    assert rules.is_expiring(date(2026, 4, 1), day, 90)  # 90 days exactly
    assert not rules.is_expiring(date(2026, 4, 2), day, 90)
    assert not rules.is_expiring(day, day, 90)  # expired today: no longer expiring
    assert not rules.is_expiring(None, day, 90)


def test_session_days_include_first_and_last():
    assert rules.session_days(date(2026, 2, 27), date(2026, 3, 2)) == [
        date(2026, 2, 27),
        date(2026, 2, 28),
        date(2026, 3, 1),
        date(2026, 3, 2),
    ]
    assert rules.session_days(date(2026, 3, 2), date(2026, 3, 2)) == [date(2026, 3, 2)]
    assert rules.session_days(date(2026, 3, 2), date(2026, 3, 1)) == []


def test_certificate_codes_are_grouped_unambiguous_and_random():
    codes = {rules.new_certificate_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 14 and code[4] == code[9] == "-"
        assert set(code.replace("-", "")) <= set(rules.CODE_ALPHABET)
        assert not set(code) & set("0O1I")


def test_a_code_as_typed_is_read_in_its_printed_form():
    assert rules.normalise_code("abcd-efgh-jkmn") == "ABCD-EFGH-JKMN"
    assert rules.normalise_code(" ABCD EFGH JKMN ") == "ABCD-EFGH-JKMN"
    assert rules.normalise_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"
    assert rules.normalise_code("ABCD-EFGH-JKM") is None  # too short
    assert rules.normalise_code("ABCD-EFGH-JKM0") is None  # 0 is not in the alphabet
    assert rules.normalise_code("' OR 1=1 --") is None
    assert rules.normalise_code("") is None


# --- the staff file ---------------------------------------------------------------------------------

PRISONS = {"ALPHA": 1, "BETA": 2}


def _row(**values: str) -> dict[str, str]:
    row = {
        "service_number": "UPS-001",
        "family_name": "Okello",
        "given_name": "Grace",
        "rank": "Sergeant",
        "post": "prison_officer",
        "prison": "ALPHA",
        "sex": "f",
        "language": "",
    }
    row.update(values)
    return row


def _parse(rows: list[dict[str, str]], known: set[str] = frozenset()) -> tuple[list, list[RowProblem]]:
    return rules.parse_staff_rows(rows, prisons_by_code=PRISONS, known_numbers=set(known))


def test_a_right_line_is_read_with_its_defaults():
    found, problems = _parse(
        [
            _row(),
            _row(
                service_number="UPS-002",
                post="Case manager (psychologist, social worker)",
                prison="",
                sex="MALE",
                language="kk",
            ),
        ]
    )
    assert problems == []
    first, second = found
    assert (first.line, first.post, first.prison_id, first.sex, first.language, first.known) == (
        2,
        "prison_officer",
        1,
        "female",
        "en",
        False,
    )
    assert (second.line, second.post, second.prison_id, second.sex, second.language) == (
        3,
        "case_manager",
        None,
        "male",
        "kk",
    )
    assert first.values()["prison_id"] == 1


def test_post_by_english_label_in_any_case_and_prison_code_in_any_case():
    found, problems = _parse([_row(post="SENIOR OFFICER (SUPERVISOR)", prison="beta", sex="")])
    assert problems == []
    assert (found[0].post, found[0].prison_id, found[0].sex) == ("senior_officer", 2, "unknown")


def test_a_known_service_number_updates_and_is_not_a_problem():
    found, problems = _parse([_row()], known={"UPS-001"})
    assert problems == [] and found[0].known


def test_every_problem_of_every_line_is_said_with_its_line_and_column():
    rows = [
        _row(),
        _row(service_number="", family_name=""),
        _row(service_number="UPS-001", post="warden", prison="GAMMA", sex="x", language="de"),
        _row(service_number="UPS-003", rank="R" * 81),
    ]
    found, problems = _parse(rows)
    assert [row.line for row in found] == [2]
    assert [(p.line, p.field) for p in problems] == [
        (3, "service_number"),
        (3, "family_name"),
        (4, "service_number"),
        (4, "post"),
        (4, "prison"),
        (4, "sex"),
        (4, "language"),
        (5, "rank"),
    ]
    assert "line 2" in problems[2].message
    assert "GAMMA" in problems[4].message


def test_blank_lines_are_passed_over_without_moving_the_line_numbers():
    blank = dict.fromkeys(_row(), "")
    found, problems = _parse([blank, _row(), blank, _row(service_number="UPS-002", post="nobody")])
    assert [row.line for row in found] == [3]
    assert [(p.line, p.field) for p in problems] == [(5, "post")]


@pytest.mark.parametrize("column", rules.STAFF_REQUIRED_COLUMNS)
def test_a_file_without_a_required_column_is_refused_on_the_header(column):
    row = _row()
    del row[column]
    found, problems = _parse([row])
    assert found == [] and [(p.line, p.field) for p in problems] == [(1, column)]


def test_an_empty_file_or_only_blank_lines_is_a_problem():
    assert _parse([])[1][0].line == 1
    found, problems = _parse([dict.fromkeys(_row(), "")])
    assert found == [] and len(problems) == 1


def test_service_numbers_compare_in_any_case():
    found, problems = _parse([_row(service_number="Ж-1"), _row(service_number="ж-1")], known={"UPS-001"})
    assert [(p.line, p.field) for p in problems] == [(3, "service_number")]
    found, problems = _parse([_row(service_number="ups-001")], known={"UPS-001"})
    assert found[0].known
