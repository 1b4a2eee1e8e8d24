"""Row locks that do not hold up other transactions' foreign-key checks (PostgreSQL).

The services lock the rows they serialise on (the person, the prison a placement goes to, the
audit chain's head) with SELECT ... FOR NO KEY UPDATE, never FOR UPDATE. A foreign-key check,
which PostgreSQL makes at commit for Django's deferred constraints, takes FOR KEY SHARE on the
row referred to: FOR UPDATE blocks it, FOR NO KEY UPDATE does not. Under fifty officers at once a
movement into a prison deadlocked with another one: one held the prison FOR UPDATE (the placement
check) and waited for the audit chain's head, which the other held while its commit checked the
foreign key of a row naming that prison. Found by bench/load.py; the locks still serialise what
they serialised, since two FOR NO KEY UPDATE locks of a row wait for each other.
"""

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from custodia.estate.tests.factories import CellFactory
from custodia.register import services
from custodia.register.choices import MovementKind
from custodia.register.tests.factories import admit

ROOT = Path(__file__).resolve().parents[1]


def _locks_without_no_key() -> list[str]:
    found = []
    for path in sorted((ROOT / "custodia").rglob("*.py")):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "select_for_update"
                and not any(
                    k.arg == "no_key" and isinstance(k.value, ast.Constant) and k.value.value is True
                    for k in node.keywords
                )
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_row_lock_of_the_code_is_for_no_key_update():
    assert not _locks_without_no_key(), "select_for_update without no_key=True: " + ", ".join(_locks_without_no_key())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks: its transactions are serial")
def test_a_movement_locks_the_person_and_the_prison_for_no_key_update():
    cell = CellFactory()
    prisoner = admit(cell=cell)
    to = CellFactory(unit=cell.unit)
    with CaptureQueriesContext(connection) as queries:
        services.movement_record(
            actor=None,
            prisoner=prisoner,
            data=services.MovementData(kind=MovementKind.CELL_MOVE, occurred_at=timezone.now(), to_cell=to),
        )
    locks = [q["sql"] for q in queries.captured_queries if " FOR " in q["sql"] and "UPDATE" in q["sql"]]
    assert len(locks) >= 3  # the person, the prison of the placement, the audit chain's head
    assert all("FOR NO KEY UPDATE" in sql for sql in locks), locks
