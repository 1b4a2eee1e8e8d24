"""Seeds one group per role with the rights of custodia/accounts/roles.py. Later changes to
the table come as new migrations, so that every installation's roles are the same."""

from django.db import migrations


def seed_roles(apps, schema_editor):
    from custodia.accounts.seeding import seed_roles as seed

    seed(
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Permission"),
        apps.get_model("contenttypes", "ContentType"),
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed_roles, migrations.RunPython.noop)]
