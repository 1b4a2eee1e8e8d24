"""The audit trail becomes a hash chain (Mandela Rule 6).

Existing events are chained in id order with the same canonical form as new ones
(custodia.core.audit.event_hash), and the chain head is created at the last of them, so an
installation that upgrades verifies as intact from its first event on.
"""

import django.utils.timezone
from django.db import migrations, models

GENESIS_HASH = "0" * 64
BATCH = 1000


def chain_existing_events(apps, schema_editor):
    from custodia.core.audit import event_hash

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    db = schema_editor.connection.alias
    last_id, last_hash = 0, GENESIS_HASH
    # Batches by id range rather than one open cursor: the rows read are being updated.
    while True:
        batch = list(AuditEvent.objects.using(db).filter(id__gt=last_id).order_by("id")[:BATCH])
        if not batch:
            break
        for event in batch:
            event.prev_hash = last_hash
            event.hash = event_hash(
                id=event.id,
                at=event.at,
                actor_id=event.actor_id,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                changes=event.changes,
                reason=event.reason,
                prev_hash=event.prev_hash,
            )
            last_id, last_hash = event.id, event.hash
        AuditEvent.objects.using(db).bulk_update(batch, ["prev_hash", "hash"])
    AuditChainHead.objects.using(db).update_or_create(id=1, defaults={"last_id": last_id, "last_hash": last_hash})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="time"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="hash of the previous event"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_id", models.BigIntegerField(default=0, verbose_name="last event")),
                (
                    "last_hash",
                    models.CharField(
                        default="0000000000000000000000000000000000000000000000000000000000000000",
                        max_length=64,
                        verbose_name="hash of the last event",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit chain head",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("id", 1)), name="core_auditchainhead_single_row")
                ],
            },
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
    ]
