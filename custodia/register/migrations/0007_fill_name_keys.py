"""The search keys of the names already on file (register/name_keys.py): from now on the services
write them with the names. Computed by the rules as they are when the migration runs; a later
change of the rules is written by `manage.py refresh_name_keys`."""

from django.db import migrations

BATCH = 2000


def fill(apps, schema_editor):
    from custodia.register.name_keys import keys_of_names

    Prisoner = apps.get_model("register", "Prisoner")
    PrisonerName = apps.get_model("register", "PrisonerName")
    PrisonerNameKey = apps.get_model("register", "PrisonerNameKey")
    ids = list(Prisoner.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        names: dict[int, list[str]] = {pk: [] for pk in chunk}
        for prisoner_id, given, family in PrisonerName.objects.filter(prisoner_id__in=chunk).values_list(
            "prisoner_id", "given_names", "family_name"
        ):
            names[prisoner_id].append(f"{given} {family}")
        PrisonerNameKey.objects.bulk_create(
            PrisonerNameKey(prisoner_id=pk, key=key)
            for pk, texts in names.items()
            for key in sorted(keys_of_names(texts))
        )


class Migration(migrations.Migration):
    dependencies = [("register", "0006_prisoner_name_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
