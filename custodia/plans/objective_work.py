"""The work done towards an objective that apps above plans record: a referral to a programme,
the place, its attendance and how it ended.

Programmes sit above plans (the layers of docs/architecture.md) and refer from an objective, so
the plan page cannot read them itself: an app registers a finder here in its AppConfig.ready().
A finder is called with the reader and the person, withholds by itself what the reader may not
see, and answers, per objective id, the lines to show under that objective."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User

from custodia.register.models import Prisoner


@dataclass(frozen=True)
class Work:
    label: str  # e.g. the programme's name
    status: str  # already in the reader's language
    detail: str = ""  # e.g. attendance, achievement
    url: str = ""  # where the reader may open it, if they may


WorkFinder = Callable[[User, Prisoner], dict[int, list[Work]]]

_finders: dict[str, WorkFinder] = {}


def add_work_finder(key: str, finder: WorkFinder) -> None:
    _finders[key] = finder


def work_by_objective(user: User, prisoner: Prisoner) -> dict[int, list[Work]]:
    found: dict[int, list[Work]] = {}
    for key in sorted(_finders):
        for objective_id, lines in _finders[key](user, prisoner).items():
            found.setdefault(objective_id, []).extend(lines)
    return found
