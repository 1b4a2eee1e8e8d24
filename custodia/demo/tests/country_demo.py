"""The demo built once for the tests of a whole country's package (uganda/, tunisia/,
kazakhstan/): building it is the slow part, and those tests only read it. The checks that hold
for every country (programmes_checks.py, journey_checks.py) are collected in each package."""

from collections.abc import Iterator
from io import StringIO

from django.core.management import call_command
from django.db import transaction

SCALE = 0.01


def demo_rolled_back(country: str, django_db_blocker) -> Iterator[str]:
    """The demo at SCALE in a transaction rolled back when the package's tests are done, each test
    in a savepoint inside it (pytest-django's `db`); yields what the command printed."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--country", country, "--scale", str(SCALE), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
