"""Each decided classification keeps the admission of the stay it was decided in. Decisions made
before are given the person's latest admission at or before their decision, the rule the
oversight applied to them until now."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def stays_of_past_decisions(apps, schema_editor):
    Decision = apps.get_model("classification", "ClassificationDecision")
    Admission = apps.get_model("register", "Admission")
    before = Admission.objects.filter(prisoner=OuterRef("prisoner"), admitted_at__lte=OuterRef("decided_at"))
    Decision.objects.filter(decided_at__isnull=False).update(
        admission=Subquery(before.order_by("-admitted_at", "-id").values("pk")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0002_decision_constraints"),
        ("register", "0012_kept_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="classificationdecision",
            name="admission",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="register.admission",
            ),
        ),
        migrations.RunPython(stays_of_past_decisions, migrations.RunPython.noop, elidable=True),
    ]
