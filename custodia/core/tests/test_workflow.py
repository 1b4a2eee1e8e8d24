"""Shared pure helpers of the state machines and work lists."""

from datetime import date, timedelta

import pytest

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
