"""Creates the role groups with their rights. Used by migration 0002 (with the historical
models) and by tests after a database flush (with the real ones); safe to run again."""

from django.utils import translation

from .roles import LABELS, rights_of


def seed_roles(group_model, permission_model, content_type_model) -> None:
    from .models import StaffAssignment

    with translation.override("en"):
        names = {codename: str(name) for codename, name in StaffAssignment._meta.permissions}
    content_type, _created = content_type_model.objects.get_or_create(app_label="accounts", model="staffassignment")
    for role in LABELS:
        group, _created = group_model.objects.get_or_create(name=role)
        permissions = [
            permission_model.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": names[codename]}
            )[0]
            for codename in rights_of(role)
        ]
        group.permissions.set(permissions)
