"""`manage.py demo --country uganda --scale 0.02`: a synthetic prison service for trying Custodia."""

from argparse import ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from custodia.classification.rules import level_label
from custodia.core.profiles import get_profile
from custodia.demo.builder import DemoError, build, existing_data
from custodia.demo.duplicates import DuplicatesMade
from custodia.demo.history import make_history
from custodia.demo.journey import Followed
from custodia.demo.scenarios import COUNTRIES
from custodia.estate.models import PrisonService
from custodia.estate.selectors import active_profile


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise ArgumentTypeError(f"{text!r} is not a number") from exc
    return value


class Command(BaseCommand):
    help = (
        "Build a synthetic prison service (estate, prisoners with full files, demo users) whose figures "
        "match the VEP programme's at --scale 1.0. Only into an empty database; never deletes anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", required=True, choices=COUNTRIES)
        parser.add_argument(
            "--scale",
            type=_scale,
            default=1.0,
            help="share of the real figures, more than 0 and at most 1 (default 1.0)",
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same demo (default 1)")
        parser.add_argument(
            "--years",
            type=int,
            default=0,
            help="after the build, add this many years of history before today: people admitted and released, "
            "with their movements, risk and needs assessments, classification decisions and audit events "
            "(demo/history.py; default 0)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing (and succeed) when a prison service already exists"
        )

    def handle(
        self, *args: Any, country: str, scale: float, seed: int, if_empty: bool, years: int, **options: Any
    ) -> None:
        if not 0 < scale <= 1:
            raise CommandError(f"--scale must be more than 0 and at most 1, not {scale}.")
        if years < 0:
            raise CommandError(f"--years must be 0 or more, not {years}.")
        if if_empty and PrisonService.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        if found := existing_data():
            raise CommandError(
                f"The database already holds {found}. The demo never deletes or mixes with data: use a fresh "
                "database (for example CUSTODIA_SQLITE=/tmp/demo.sqlite3 manage.py migrate, then run demo again)."
            )
        self.stdout.write(f"Building the {country} demo at scale {scale} (seed {seed})...")
        build_day = timezone.localdate()
        try:
            result = build(country=country, scale=scale, seed=seed, today=build_day, progress=self.stdout.write)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if years:
            self.stdout.write(f"Adding {years} years of history before {build_day}...")
            assert result.staff is not None
            history = make_history(
                country=country,
                profile=get_profile(country),
                scenario=result.scenario,
                prisons=result.estate,
                staff=result.staff,
                today=build_day,
                years=years,
                seed=seed,
                tz=timezone.get_current_timezone(),
                progress=self.stdout.write,
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"History of {years} years in {history.seconds:.1f} s: {history.people:,} people admitted and "
                    f"released, {history.assessments:,} risk and needs assessments, {history.decisions:,} "
                    f"classification decisions, {history.rows:,} rows, {history.events:,} audit events."
                )
            )
        s = result.scenario
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {result.seconds:.1f} s: {result.prisons} prisons, {result.cells:,} cells, "
                f"{result.prisoners:,} files ({s.population:,} on roll), {result.rows:,} rows."
            )
        )
        self.stdout.write(
            f"On roll {s.population:,}; official capacity {s.capacity:,} ({s.occupancy_percent} %); "
            f"pre-trial {s.pre_trial:,}; VEPs on roll {s.vep_on_roll:,} ({s.vep_convicted} convicted, "
            f"{s.vep_pre_trial} pre-trial)"
            + (f"; on probation {s.vep_probation}" if s.vep_probation else "")
            + (f"; returnees {s.returnees_men} men, {s.returnees_women} women" if s.returnees else "")
        )
        if made := result.assessments:
            self.stdout.write(
                f"Assessments at {result.workplace} (casemanager assesses, psychologist countersigns): "
                f"{made.get('final', 0)} final, {made.get('submitted', 0)} awaiting countersignature, "
                f"{made.get('draft', 0)} draft, {made.get('returned', 0)} returned with comments."
            )
        if followed := result.followed:
            self._followed(followed)
        if today := result.today:
            self.stdout.write(
                f"Today at {result.workplace}: " + ", ".join(f"{what} {n}" for what, n in today.items()) + "."
            )
        if duplicates := result.duplicates:
            self._duplicates(duplicates)
        self.stdout.write(
            f"Demo log-ins (prison staff work at {result.workplace}; hq, hq2, analyst, trainer, auditor, complaints, "
            "inspector and sysadmin nationwide; admin may do everything):"
        )
        for username, password in result.logins:
            self.stdout.write(f"  {username} / {password}")

    def _duplicates(self, made: DuplicatesMade) -> None:
        """How many pairs the duplicate search proposed, and which of the seeded people are among them."""
        seeded = [pair for pair in made.seeded if pair.score is not None]
        self.stdout.write(
            f"Possible duplicates (as hq, /en/prisoners/duplicates/): {made.proposed} pairs proposed "
            f"({made.compared} compared in {made.seconds} s); {len(seeded)} of the {len(made.seeded)} people seeded "
            "with an older file under another spelling or script among them:"
        )
        for pair in made.seeded:
            found = f"score {pair.score:g}" if pair.score is not None else "NOT proposed"
            decided = "; hq2 marked it the same person: hq approves the merge" if pair is made.decided else ""
            self.stdout.write(f"  {pair.label} ({found}{decided})")

    def _followed(self, followed: Followed) -> None:
        """The person followed the whole way (demo/journey.py) and the days of their story."""
        d = followed.dates
        with translation.override("en"):
            framework = active_profile().classification
            first, level = level_label(framework, followed.first_level), level_label(framework, followed.level)
        months = ", ".join(str(m) for m in d.follow_ups)
        self.stdout.write(
            f"Followed the whole way: {followed.number} {followed.name}, file {followed.file} (as casemanager; "
            f'released: tick "Include released and former prisoners" in the list). Classified {first} on '
            f"{d.first_decided}; general screening, low, {d.assessed}; sentence plan agreed {d.plan_agreed}; "
            f"{followed.programme} {d.allocated} to {d.completed}, completed; classified {level} on {d.decided}; "
            f"release planning opened {d.planning_opened}; released {d.released}; followed up after {months} months."
        )
