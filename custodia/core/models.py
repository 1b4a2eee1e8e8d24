from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The predecessor of the first event: the chain starts from a known value, not from nothing.
GENESIS_HASH = "0" * 64


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit event through the ORM."""


def _refuse(what: str) -> NoReturn:
    raise AuditTrailIsAppendOnly(
        f"Audit events cannot be {what}: the audit trail is append-only (Mandela Rule 6). "
        "Record a new event with custodia.core.audit.record instead."
    )


class AuditEventQuerySet(models.QuerySet):
    """Bulk paths that would bypass AuditEvent.save/delete are closed as well."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("updated")

    def delete(self) -> NoReturn:
        _refuse("deleted")

    def _raw_delete(self, using: str | None) -> NoReturn:  # the collector's fast path
        _refuse("deleted")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        _refuse("updated")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> NoReturn:
        # Each event must be chained onto its predecessor under the chain-head lock.
        _refuse("created in bulk")

    def insert_chained(self, events: list["AuditEvent"]) -> None:
        """One INSERT for events custodia.core.audit has already chained, under the lock of the
        chain head it holds: the only way several events are written at once, besides the bulk
        load of the past (audit.append_past, which chains them the same way and writes them
        with COPY or executemany)."""
        for event in events:
            if len(event.hash) != 64 or len(event.prev_hash) != 64:
                raise AuditTrailIsAppendOnly("Audit events are written by custodia.core.audit, which chains them.")
        super().bulk_create(events)  # type: ignore[arg-type]  # the queryset is not generic here

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("updated")


class AuditEvent(models.Model):
    """One state change or sensitive read, written in the same transaction as the change.

    Rows are only ever added (Mandela Rule 6): save() refuses to update a row, delete() and the
    queryset's update()/delete() refuse outright. Each row carries the hash of its predecessor
    and its own hash (custodia.core.audit), so a change made behind the ORM's back, in SQL, is
    found by audit.verify_chain().
    """

    # Set by audit.record before the hash is computed (the hash covers it), never auto_now_add.
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object"), max_length=40)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(_("hash of the previous event"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse("updated")
        if len(self.hash) != 64 or len(self.prev_hash) != 64:
            raise AuditTrailIsAppendOnly("Audit events are written by custodia.core.audit.record, which chains them.")
        # Always an INSERT: with a pk set, Django would otherwise try an UPDATE of that row first.
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("deleted")

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for the history on a file; values not stored as a pair are "after"."""
        rows = []
        for name, value in sorted((self.changes or {}).items()):
            if isinstance(value, list) and len(value) == 2:
                rows.append((name, value[0], value[1]))
            else:
                rows.append((name, None, value))
        return rows


class AuditChainHead(models.Model):
    """The single row naming the newest audit event and its hash.

    Writers lock it (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds
    the database's one write lock), so two transactions never chain onto the same predecessor.
    verify_chain compares the end of the trail with it: a deleted or added last event is found.
    """

    SINGLETON_ID = 1

    last_id = models.BigIntegerField(_("last event"), default=0)
    last_hash = models.CharField(_("hash of the last event"), max_length=64, default=GENESIS_HASH)
    # The newest event that records a change (not a read or a refusal), moved by the writer that
    # holds the head: cached figures are kept under it (audit.last_change_id), and finding it among
    # the events meant walking back over every read since, thousands an hour.
    last_change_id = models.BigIntegerField(_("last change"), default=0)

    class Meta:
        verbose_name = _("audit chain head")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="core_auditchainhead_single_row")]

    def __str__(self) -> str:
        return f"audit chain head: event {self.last_id}"
