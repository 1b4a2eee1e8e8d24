"""Safe concurrent editing: every editable record carries a `version` that goes up with each
change, and a change made on an older copy is refused, saying what changed since and who did it
(nothing is overwritten silently)."""

from typing import Protocol, runtime_checkable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .actions import action_label
from .audit import last_change
from .formats import local_datetime


@runtime_checkable
class Versioned(Protocol):
    """A record with a `version` field (a PositiveIntegerField starting at 1)."""

    version: int


def _versioned(obj: models.Model) -> Versioned:
    if not isinstance(obj, Versioned):
        raise TypeError(f"{obj._meta.label} has no version field: it cannot be checked for concurrent changes.")
    return obj


def check_version(obj: models.Model, expected: int | None) -> None:
    """Refuse a change to `obj` when the copy it was made on (`expected`) is no longer current."""
    if expected is None or expected == _versioned(obj).version:
        return
    last = last_change(obj)
    if last is None:
        message = _("This record has changed since you opened it. Nothing was saved: check it and try again.")
    else:
        message = _(
            "Since you opened this record, %(who)s recorded “%(what)s” at %(when)s. Nothing was saved: "
            "check it and enter your change again if it still applies."
        ) % {
            "who": last.actor.get_username() if last.actor else _("the system"),
            "what": action_label(last.action),
            "when": local_datetime(last.at),
        }
    raise ValidationError({"version": message}, code="stale")


def bump_version(obj: models.Model, fields: list[str]) -> None:
    _versioned(obj).version += 1
    obj.save(update_fields=[*fields, "version"])
