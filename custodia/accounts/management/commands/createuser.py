"""manage.py createuser USERNAME --first-name ... --last-name ...: the first system administrator
of a fresh installation (docs/operations.md, "The first administrator").

The account gets the system administrator role and a nationwide assignment, through the same
services as the user administration, and the audit trail records it as done by the system. The
password is read from CUSTODIA_NEW_USER_PASSWORD when it is set (for scripts), or asked for twice
on the terminal; the person chose it, so no change is required at the first sign-in. The second
factor is set up then: the role requires it."""

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from custodia.accounts import roles, services

PASSWORD_VARIABLE = "CUSTODIA_NEW_USER_PASSWORD"


class Command(BaseCommand):
    help = "Create a system administrator with a nationwide assignment (the first account of an installation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="what the administrator types to sign in")
        parser.add_argument("--first-name", required=True, help="given name")
        parser.add_argument("--last-name", required=True, help="family name")
        parser.add_argument("--email", default="", help="e-mail address (optional)")
        parser.add_argument("--language", default="", help="preferred language, one of the country profile's")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help=f"never ask: the password must be in {PASSWORD_VARIABLE}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(interactive=not options["no_input"])
        try:
            with transaction.atomic():
                user = services.user_create(
                    actor=None,
                    username=options["username"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    email=options["email"],
                    language=options["language"],
                    password=password,
                    must_change_password=False,
                )
                services.user_roles_set(actor=None, user=user, wanted=[roles.ADMINISTRATOR])
                services.user_assignment_set(actor=None, user=user, nationwide=True, prisons=[])
        except ValidationError as exc:
            raise CommandError(_problems(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"System administrator {user.get_username()} created, assigned nationwide.")
        )
        self.stdout.write("At the first sign-in they set up two-factor sign-in with an authenticator application.")

    def _password(self, *, interactive: bool) -> str:
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if password:
            return password
        if not interactive:
            raise CommandError(f"Set {PASSWORD_VARIABLE} to the password, or leave out --no-input to type it.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ: nothing was created.")
        return password


def _problems(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "\n".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return " ".join(exc.messages)
