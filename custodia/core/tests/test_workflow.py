"""Shared helpers of the state machines and work lists: the transitions, a move and its refusal,
urgency and the worklists' filter by it. (`workflow.locked` is exercised by every service of
assessment and classification.)"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from custodia.core import workflow

ALLOWED = {"draft": frozenset(), "submitted": frozenset({"draft"}), "final": frozenset({"submitted"})}


def test_transition_allowed_only_from_its_previous_statuses():
    workflow.check_transition(ALLOWED, "draft", "submitted")
    with pytest.raises(workflow.TransitionRefused) as exc:
        workflow.check_transition(ALLOWED, "draft", "final")
    assert (exc.value.current, exc.value.new) == ("draft", "final")


def test_urgency():
    today = date(2026, 5, 1)
    assert workflow.urgency(today - timedelta(days=1), today) == "overdue"
    assert workflow.urgency(today, today) == "due_soon"
    assert workflow.urgency(today + timedelta(days=14), today) == "due_soon"
    assert workflow.urgency(today + timedelta(days=15), today) == "scheduled"


@dataclass(frozen=True)
class Due:
    name: str
    urgency: str


WORK = [Due("a", "overdue"), Due("b", "scheduled"), Due("c", "overdue"), Due("d", "due_soon")]


def test_a_worklist_counts_what_is_overdue_and_due_soon():
    assert workflow.urgency_counts(WORK) == {"overdue": 2, "due_soon": 1}
    assert workflow.urgency_counts([]) == {"overdue": 0, "due_soon": 0}


@pytest.mark.parametrize(
    ("chosen", "shown"), [("overdue", "ac"), ("due_soon", "d"), ("scheduled", "b"), ("", "abcd"), ("soon", "abcd")]
)
def test_a_worklist_shows_the_urgency_chosen_or_everything(chosen, shown):
    assert "".join(item.name for item in workflow.of_urgency(WORK, chosen)) == shown


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    FINAL = "final", "Final"


@dataclass
class Record:
    status: str


MACHINE = workflow.Workflow(
    {"draft": frozenset({""}), **ALLOWED},
    Status,
    refused=gettext_lazy("A record that is “%(current)s” cannot become “%(new)s”."),
    before_first=gettext_lazy("not yet started"),
)


def test_a_move_sets_the_status_and_returns_the_one_before():
    record = Record("draft")
    assert MACHINE.move(record, "submitted") == "draft" and record.status == "submitted"


def test_a_refused_move_names_both_statuses_and_changes_nothing():
    record = Record("draft")
    with pytest.raises(ValidationError) as exc:
        MACHINE.move(record, "final")
    assert exc.value.message_dict == {"status": ["A record that is “Draft” cannot become “Final”."]}
    assert record.status == "draft"
    with pytest.raises(ValidationError) as exc:
        MACHINE.move(Record(""), "submitted")
    assert "“not yet started”" in exc.value.message_dict["status"][0]
