"""Helpers shared by the explicit state machines and the lists of work due.

`check_transition` and `urgency` are pure. `Workflow.move` and `locked` are the two steps every
service of a state machine takes: read the record again with its row locked, then move its status
or refuse, naming both statuses in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Work due within this many days is shown as "due soon".
DUE_SOON_DAYS = 14


class TransitionRefused(ValueError):
    def __init__(self, current: str, new: str):
        super().__init__(f"{current or 'none'} -> {new}")
        self.current, self.new = current, new


def check_transition(allowed_previous: Mapping[str, frozenset[str]], current: str, new: str) -> None:
    """Refuse a move to `new` unless the present status is one it may be reached from."""
    if current not in allowed_previous.get(new, frozenset()):
        raise TransitionRefused(current, new)


class HasStatus(Protocol):
    status: str


@dataclass(frozen=True)
class Workflow:
    """A state machine: the statuses each status may be reached from, and how a refused move is
    told. The texts are lazy so that each reader gets them in their own language."""

    allowed_previous: Mapping[str, frozenset[str]]
    statuses: type[models.TextChoices]
    # With “%(current)s” and “%(new)s”, the labels of the two statuses.
    refused: StrPromise
    # The label of the empty status a record has before its first step, where one is ever told.
    before_first: StrPromise | None = None

    def label(self, status: str) -> str:
        if not status and self.before_first is not None:
            return str(self.before_first)
        return str(self.statuses(status).label)

    def move(self, record: HasStatus, new: str) -> str:
        """Set the record's status to `new`, or refuse with a ValidationError on "status". Returns
        the status before, for the audit event; the caller saves."""
        try:
            check_transition(self.allowed_previous, record.status, new)
        except TransitionRefused as exc:
            message = self.refused % {"current": self.label(exc.current), "new": self.label(exc.new)}
            raise ValidationError({"status": message}) from exc
        before, record.status = record.status, new
        return before


M = TypeVar("M", bound=models.Model)


def locked(record: M, *related: str) -> M:
    """The record read again with its row locked until the transaction ends, so that two steps on
    one record queue. Only its own row is locked (`of=("self",)`): PostgreSQL cannot lock the
    nullable side of the joins that `related` brings."""
    manager = type(record)._default_manager
    return manager.select_for_update(no_key=True, of=("self",)).select_related(*related).get(pk=record.pk)


def urgency(due_on: date, today: date) -> str:
    if due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "scheduled"


URGENCIES = ("overdue", "due_soon", "scheduled")


class Due(Protocol):
    """An item of a list of work due (assessments, classification reviews)."""

    @property
    def urgency(self) -> str: ...


DueItem = TypeVar("DueItem", bound=Due)


def urgency_counts(items: Sequence[Due]) -> dict[str, int]:
    """How many items are overdue and how many due soon: the figures at the top of a worklist."""
    return {level: sum(1 for item in items if item.urgency == level) for level in ("overdue", "due_soon")}


def of_urgency(items: list[DueItem], chosen: str) -> list[DueItem]:
    """The items of the urgency chosen in a worklist's filter; all of them when none (or no known one) is."""
    return [item for item in items if item.urgency == chosen] if chosen in URGENCIES else items
