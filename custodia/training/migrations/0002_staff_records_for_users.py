"""Every user of Custodia has a staff record (training.signals makes it for new accounts): one for
each account that existed before the training module, with its names."""

from django.db import migrations


def staff_records(apps, schema_editor):
    User = apps.get_model("auth", "User")
    StaffMember = apps.get_model("training", "StaffMember")
    StaffMember.objects.bulk_create(
        StaffMember(user=user, family_name=user.last_name or user.username, given_name=user.first_name, post="other")
        for user in User.objects.filter(staff_record__isnull=True).order_by("id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_training"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(staff_records, migrations.RunPython.noop)]
