"""The pure rules of incident reports: the state machine, who a closed report makes due for
reassessment, who is owed a medical examination, and the answers a kind of incident accepts."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

DRAFT, AWAITING_REVIEW, RETURNED, CLOSED = "draft", "awaiting_review", "returned", "closed"
DUPLICATE, NOT_REPORTABLE = "duplicate", "not_reportable"

# Each status, and the statuses it may be reached from.
ALLOWED_PREVIOUS: Mapping[str, frozenset[str]] = {
    DRAFT: frozenset({""}),
    AWAITING_REVIEW: frozenset({DRAFT, RETURNED}),
    RETURNED: frozenset({AWAITING_REVIEW}),
    CLOSED: frozenset({AWAITING_REVIEW}),
    DUPLICATE: frozenset({AWAITING_REVIEW}),
    NOT_REPORTABLE: frozenset({AWAITING_REVIEW}),
}
# The reporter may still change what the report says.
EDITABLE = frozenset({DRAFT, RETURNED})
# Reports that count in the statistics: submitted, and neither a duplicate nor found not reportable.
COUNTED = frozenset({AWAITING_REVIEW, RETURNED, CLOSED})

PERPETRATOR = "perpetrator"


@dataclass(frozen=True)
class Involved:
    prisoner_id: int | None
    role: str
    injuries: str = ""
    force_technique: str = ""


def needs_examination(person: Involved) -> bool:
    """Force used on a person in custody, or an injury seen on them, calls for a medical
    examination (Mandela Rules 34 and 71), whatever their part in the incident."""
    return person.prisoner_id is not None and bool(person.injuries.strip() or person.force_technique)


def reassessment_due_for(*, serious: bool, involved: Iterable[Involved]) -> list[int]:
    """The people in custody whose assessment a closed report makes due: the perpetrators of a
    serious incident. A victim, a witness or a person who harmed themselves is never held to a
    higher level because of it."""
    if not serious:
        return []
    return sorted({p.prisoner_id for p in involved if p.prisoner_id is not None and p.role == PERPETRATOR})


QuestionKind = Literal["yes_no", "number", "text", "choice"]


@dataclass(frozen=True)
class Asked:
    code: str
    kind: QuestionKind
    options: tuple[str, ...] = ()


Problem = Literal["not_a_number", "not_an_option", "not_yes_or_no", "unknown_question"]


def clean_answers(asked: Iterable[Asked], given: Mapping[str, object]) -> tuple[dict[str, object], dict[str, Problem]]:
    """The answers kept (blank answers left out: every question may be left unanswered in a
    draft) and the problems found, by question code."""
    questions = {question.code: question for question in asked}
    kept: dict[str, object] = {}
    problems: dict[str, Problem] = {}
    for code, value in given.items():
        question = questions.get(code)
        if question is None:
            problems[code] = "unknown_question"
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if question.kind == "yes_no":
            if isinstance(value, bool):
                kept[code] = value
            elif str(value).lower() in ("yes", "true", "1", "no", "false", "0"):
                kept[code] = str(value).lower() in ("yes", "true", "1")
            else:
                problems[code] = "not_yes_or_no"
        elif question.kind == "number":
            try:
                number = int(str(value))
            except ValueError:
                problems[code] = "not_a_number"
                continue
            if number < 0:
                problems[code] = "not_a_number"
            else:
                kept[code] = number
        elif question.kind == "choice":
            if str(value) in question.options:
                kept[code] = str(value)
            else:
                problems[code] = "not_an_option"
        else:
            kept[code] = str(value).strip()
    return kept, problems
