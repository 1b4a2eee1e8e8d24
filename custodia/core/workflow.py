"""Pure helpers shared by the explicit state machines and the lists of work due."""

from datetime import date, timedelta

# Work due within this many days is shown as "due soon".
DUE_SOON_DAYS = 14


class TransitionRefused(ValueError):
    def __init__(self, current: str, new: str):
        super().__init__(f"{current or 'none'} -> {new}")
        self.current, self.new = current, new


def check_transition(allowed_previous: dict[str, frozenset[str]], current: str, new: str) -> None:
    """Refuse a move to `new` unless the present status is one it may be reached from."""
    if current not in allowed_previous.get(new, frozenset()):
        raise TransitionRefused(current, new)


def urgency(due_on: date, today: date) -> str:
    if due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "scheduled"
