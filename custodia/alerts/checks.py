"""The alert codes of every country profile name existing roles: core, which reads the profiles,
may not import accounts, which knows the roles, so the alerts app checks it (`manage.py check`,
run before the commands that migrate or serve, and a test)."""

from typing import Any

from django.core.checks import Error, register

from custodia.accounts import roles
from custodia.core.profiles import load_profiles


def unknown_roles() -> list[str]:
    """Each `set_by` entry of each profile's alert codes that is no role, as "profile: code: role"."""
    return [
        f"{profile_id}: alerts.codes.{entry.code}.set_by: {role!r} is not a role"
        for profile_id, profile in sorted(load_profiles().items())
        for entry in profile.alerts.codes
        for role in entry.set_by
        if role not in roles.LABELS
    ]


@register()
def alert_roles(**kwargs: Any) -> list[Error]:
    return [
        Error(problem, hint=f"Roles: {', '.join(sorted(roles.LABELS))}", id="custodia.alerts.E001")
        for problem in unknown_roles()
    ]
