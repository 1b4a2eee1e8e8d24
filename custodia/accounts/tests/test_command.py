"""manage.py createuser: the first system administrator of a fresh installation."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from custodia.accounts import roles
from custodia.accounts.management.commands import createuser
from custodia.accounts.models import Account, StaffAssignment
from custodia.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "First-admin-password-1"
NAMES = ["--first-name", "Sarah", "--last-name", "Namubiru"]


def test_a_script_makes_the_first_administrator_with_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv(createuser.PASSWORD_VARIABLE, PASSWORD)
    call_command("createuser", "snamubiru", *NAMES, "--email", "s.namubiru@prisons.example", "--no-input")

    user = User.objects.get(username="snamubiru")
    assert user.check_password(PASSWORD) and user.is_active and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [roles.ADMINISTRATOR]
    assert StaffAssignment.objects.get(user=user).nationwide
    assert not Account.objects.get(user=user).password_change_required  # they chose it
    recorded = AuditEvent.objects.filter(object_type="auth.user", object_id=str(user.pk))
    assert set(recorded.values_list("action", flat=True)) == {"user.create", "user.roles", "user.assignment"}
    assert not recorded.filter(actor__isnull=False).exists()  # done by the system


def test_the_password_is_asked_twice_on_the_terminal(monkeypatch):
    monkeypatch.delenv(createuser.PASSWORD_VARIABLE, raising=False)
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(createuser.getpass, "getpass", lambda prompt: next(typed))
    with pytest.raises(CommandError, match="differ"):
        call_command("createuser", "snamubiru", *NAMES)
    typed = iter([PASSWORD, PASSWORD])
    call_command("createuser", "snamubiru", *NAMES)
    assert User.objects.get(username="snamubiru").check_password(PASSWORD)


def test_without_a_password_to_read_a_script_is_refused(monkeypatch):
    monkeypatch.delenv(createuser.PASSWORD_VARIABLE, raising=False)
    with pytest.raises(CommandError, match=createuser.PASSWORD_VARIABLE):
        call_command("createuser", "snamubiru", *NAMES, "--no-input")
    assert not User.objects.exists()


def test_a_refusal_names_the_field_and_creates_nothing(monkeypatch):
    monkeypatch.setenv(createuser.PASSWORD_VARIABLE, "short")
    with pytest.raises(CommandError, match="password: ") as exc:
        call_command("createuser", "snamubiru", *NAMES, "--language", "de", "--no-input")
    assert "language: " in str(exc.value)
    assert not User.objects.exists() and not AuditEvent.objects.exists()
