"""The file's history as its reader is told it: each change of the audit trail with the field's
name, the choice's label and the related record's name in the reader's language, not the codes
and ids the trail stores (`legal status: — → Remand prisoner`, not `legal_status: None → pre_trial`).

The trail keeps what was stored, unchanged and hashed; only its telling is translated here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from custodia.core.formats import local_date, local_datetime
from custodia.core.models import AuditEvent
from custodia.estate.selectors import active_profile

# Where a service records a change under a shorter name than the model's field.
FIELD_ALIASES = {"register.prisoner": {"prison": "current_prison", "cell": "current_cell"}}
# Changes that are no field of the record they are about.
OTHER_LABELS = {
    "not_same_as": gettext_lazy("not the same person as"),
    "photograph_taken_on": gettext_lazy("photograph taken on"),
}
EMPTY = "—"

# The note of the legal situation written at an admission: stored as written here, in English, and
# told in the reader's language (see system_note).
ADMISSION_NOTE = gettext_noop("On admission")
READMISSION_NOTE = gettext_noop("On readmission")
SYSTEM_NOTES = (ADMISSION_NOTE, READMISSION_NOTE)


def system_note(note: str) -> str:
    """A note the system wrote, in the reader's language; a note a person wrote, as written."""
    return gettext(note) if note in SYSTEM_NOTES else note


@dataclass(frozen=True)
class ShownChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ShownEvent:
    at: datetime
    actor: User | None
    action: str
    reason: str
    changes: list[ShownChange]


@dataclass(frozen=True)
class _Change:
    key: str
    field: models.Field[Any, Any] | None
    before: Any
    after: Any


def file_history(events: Iterable[AuditEvent], *, withheld_fields: Collection[str] = ()) -> list[ShownEvent]:
    """`events` as the history of a file shows them. A change of a field in `withheld_fields` (a
    section the reader may not see) is left out. One query per kind of related record named."""
    parsed = [(event, _changes(event, withheld_fields)) for event in events]
    names = _related_names(change for _event, changes in parsed for change in changes)
    return [
        ShownEvent(
            event.at,
            event.actor,
            event.action,
            event.reason,
            [
                ShownChange(_label(c), _value(c.field, c.before, names), _value(c.field, c.after, names))
                for c in changes
            ],
        )
        for event, changes in parsed
    ]


def _changes(event: AuditEvent, withheld_fields: Collection[str]) -> list[_Change]:
    model = _model(event.object_type)
    aliases = FIELD_ALIASES.get(event.object_type, {})
    changes = []
    for key, before, after in event.changed_fields():
        field = _field(model, aliases.get(key, key))
        if key in withheld_fields or (field is not None and field.name in withheld_fields):
            continue
        changes.append(_Change(key, field, before, after))
    return changes


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _label(change: _Change) -> str:
    if change.field is not None:
        return str(change.field.verbose_name)
    return str(OTHER_LABELS.get(change.key, change.key.replace("_", " ")))


def _related_names(changes: Iterable[_Change]) -> dict[type[models.Model], dict[Any, str]]:
    """The names of the records the changes point to, one query per model."""
    ids: dict[type[models.Model], set[Any]] = defaultdict(set)
    for change in changes:
        if change.field is not None and change.field.many_to_one:
            related = change.field.related_model
            assert isinstance(related, type)
            ids[related].update(value for value in (change.before, change.after) if value is not None)
    return {
        model: {pk: str(obj) for pk, obj in model._default_manager.select_related().in_bulk(sorted(pks)).items()}
        for model, pks in ids.items()
    }


def _value(field: models.Field[Any, Any] | None, value: Any, names: dict[type[models.Model], dict[Any, str]]) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, list):
        return ", ".join(_value(field, item, names) for item in value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field is None:
        return _iso_date_or_text(value)
    if field.many_to_one:
        related = field.related_model
        assert isinstance(related, type)
        return names.get(related, {}).get(value, str(value))
    if field.name == "legal_status":
        # The country's own wording, as the rest of the file says it.
        return str(active_profile().legal_status_label(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return _dated(field, value)


def _dated(field: models.Field[Any, Any], value: Any) -> str:
    try:
        if isinstance(field, models.DateTimeField):
            return local_datetime(datetime.fromisoformat(str(value)))
        if isinstance(field, models.DateField):
            return local_date(date.fromisoformat(str(value)))
    except ValueError:
        pass
    return str(value)


def _iso_date_or_text(value: Any) -> str:
    """A value recorded under a name that is no field: a date in ISO form is told in the reader's order."""
    if isinstance(value, str) and len(value) == len("2026-12-04"):
        try:
            return local_date(date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)
