"""Seeds one group per role with the rights of custodia/accounts/roles.py. Later changes to
the table come as new migrations, so that every installation's roles are the same."""

from django.db import migrations


def seed_roles(apps, schema_editor):
    from django.utils import translation

    from custodia.accounts.models import StaffAssignment
    from custodia.accounts.roles import LABELS, rights_of

    with translation.override("en"):
        names = {codename: str(name) for codename, name in StaffAssignment._meta.permissions}

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="accounts", model="staffassignment")
    for role in LABELS:
        group, _created = Group.objects.get_or_create(name=role)
        permissions = []
        for codename in rights_of(role):
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": names[codename]}
            )
            permissions.append(permission)
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed_roles, migrations.RunPython.noop)]
