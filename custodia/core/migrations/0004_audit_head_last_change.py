from django.db import migrations, models

# The actions that record no change (core.audit.READS and refusals), as they were when the head
# began to keep the last change: a migration must not follow later edits of the code.
NOT_CHANGES = ("read", "prisoner.file_print", "access.denied")


def last_change_from_the_events(apps, schema_editor):
    """An existing trail's last change, found once by walking back from its end."""
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    AuditEvent = apps.get_model("core", "AuditEvent")
    last = AuditEvent.objects.exclude(action__in=NOT_CHANGES).order_by("-id").values_list("id", flat=True).first()
    AuditChainHead.objects.filter(pk=1).update(last_change_id=last or 0)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_append_only_in_postgresql"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="last_change_id",
            field=models.BigIntegerField(default=0, verbose_name="last change"),
        ),
        migrations.RunPython(last_change_from_the_events, migrations.RunPython.noop),
    ]
