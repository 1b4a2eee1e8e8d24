"""manage.py load_courses [--file PATH]: loads the course catalogue (training_courses/catalogue.yaml
by default) through training.services.courses_load, as done by the system: a course is created or
updated by its code, and one the catalogue no longer lists is no longer offered."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from custodia.training import services


class Command(BaseCommand):
    help = "Load the staff training course catalogue (training_courses/catalogue.yaml)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=None, help="another catalogue file, for a test or a country")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"] or services.catalogue_path()
        try:
            count = services.courses_load(actor=None, path=path)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{count} courses in the catalogue {path}.")
