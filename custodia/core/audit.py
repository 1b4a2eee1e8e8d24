"""Writing audit events. Services call `record` inside their transaction so that a change
and its audit row are committed together or not at all."""

from typing import Any

from django.db import models, transaction

from .models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def changes_of(**fields: tuple[Any, Any]) -> dict[str, list[Any]]:
    """{field: (before, after)} for the fields that actually changed."""
    return {name: [_jsonable(before), _jsonable(after)] for name, (before, after) in fields.items() if before != after}


def record(*, actor, action: str, obj: models.Model, changes: dict | None = None, reason: str = "") -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    return AuditEvent.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes={key: value for key, value in (changes or {}).items()},
        reason=reason,
    )


def last_event_id() -> int:
    """The newest audit event: any change of data through a service moves it on."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
