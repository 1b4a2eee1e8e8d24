"""Photographs are part of the database (register.Photograph keeps the JPEG itself), so that
`manage.py backup` carries them and `manage.py restore` brings them back, with nothing else to
copy: checked as tests/test_backup.py checks every row, by taking them away after a backup and
restoring it. SQLite as a prison runs it (a file database, the commands in processes of their
own); PostgreSQL in process on the test run's database."""

import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from custodia.register import services
from custodia.register.models import Photograph
from custodia.register.tests.factories import admit
from custodia.register.tests.pictures import picture

from .test_backup import ON_POSTGRESQL, ON_SQLITE, _env, _manage, _ok

pytestmark = pytest.mark.django_db

# Two people, one photographed at admission and again later, one never: run in `manage.py shell -c`.
SEED = """
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from custodia.register import services
from custodia.register.tests.factories import admit
from custodia.register.tests.pictures import picture
call_command('migrate', interactive=False, verbosity=0)
person = admit(given_names='Amina', family_name='Okello', photograph=picture(1200, 1600),
               admitted_at=timezone.now() - timedelta(days=40))
services.photograph_record(actor=None, prisoner=person, image=picture(640, 480, color=(200, 150, 100)),
                           taken_on=timezone.localdate())
admit(given_names='Sara', family_name='Nakato')
"""
COLUMNS = "id, prisoner_id, image, thumbnail, width, height, taken_on"


def _photographs(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT {COLUMNS} FROM register_photograph ORDER BY id").fetchall()


def _is_jpeg_of(data: bytes, size: tuple[int, int]) -> bool:
    image = Image.open(io.BytesIO(data))
    return image.format == "JPEG" and image.size == size


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite file-database tests run on SQLite test runs")
def test_sqlite_backup_and_restore_carry_the_photographs(tmp_path: Path):
    live = tmp_path / "live.sqlite3"
    env = _env(live, tmp_path / "var")
    _ok(_manage(env, "shell", "-c", SEED))
    before = _photographs(live)
    assert [(row[4], row[5]) for row in before] == [(600, 800), (640, 480)]
    assert all(_is_jpeg_of(row[2], (row[4], row[5])) for row in before)

    _ok(_manage(env, "backup", "--output", str(tmp_path / "archives") + "/"))
    (archive,) = (tmp_path / "archives").glob("custodia-*.tar.gz")
    with sqlite3.connect(live) as db:  # the photographs lost, as a damaged disk would lose them
        db.execute("DELETE FROM register_photograph")
    assert _photographs(live) == []

    _ok(_manage(env, "restore", str(archive), "--yes"))
    assert _photographs(live) == before


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the PostgreSQL tests run on PostgreSQL test runs")
def test_postgresql_backup_and_restore_carry_the_photographs(transactional_db: None, settings: Any, tmp_path: Path):
    settings.VAR_DIR = tmp_path / "var"
    person = admit(given_names="Amina", family_name="Okello", photograph=picture(1200, 1600))
    services.photograph_record(actor=None, prisoner=person, image=picture(640, 480), taken_on=timezone.localdate())

    def photographs() -> list[tuple[Any, ...]]:
        rows = Photograph.objects.order_by("id").values_list(*(column.strip() for column in COLUMNS.split(",")))
        return [(pk, prisoner, bytes(image), bytes(thumbnail), *rest) for pk, prisoner, image, thumbnail, *rest in rows]

    before = photographs()
    assert _is_jpeg_of(before[0][2], (600, 800)) and _is_jpeg_of(before[1][2], (640, 480))
    call_command("backup", output=str(tmp_path / "a.tar"), stdout=io.StringIO())
    Photograph.objects.all().delete()

    call_command("restore", str(tmp_path / "a.tar"), yes=True, stdout=io.StringIO())
    assert photographs() == before
