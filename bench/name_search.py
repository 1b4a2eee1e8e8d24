"""The search of names across scripts and spellings, measured (docs/search.md; `make bench`).

bench/name_search_pairs.csv holds pairs of a name as a file records it and a spelling someone
would search it with, in Uganda (English and Luganda names, doubled letters, Muslim names in East
African spellings), Kazakhstan (Kazakh and Russian names in Cyrillic against passport and other
Latin spellings) and Tunisia (Arabic against French and English spellings): `match` pairs must
find the person in the first ten answers, `nomatch` pairs (another person, often a near name)
must not. A file's names are "given/family", several separated by ";" (the name, then its
transliteration or an alias).

For each database (SQLite in var/namesearch.sqlite3, PostgreSQL in custodia_namesearch), a fresh
database is migrated and filled with a population of --people (100,000) people: the pairs' files
among names drawn from each country's lists (the demo's and the pairs' own words), in the scripts
and shapes each register keeps (Kazakh files in Cyrillic with a Latin transliteration or without,
Tunisian files in Arabic with the French spelling or without, fathers' names and patronymics).
No generated person bears exactly a pair's recorded name: the bench measures spellings, not
namesakes. Every query then runs through register.selectors.prisoner_search as a nationwide
officer would send it, and the script prints recall@10 (match pairs found in the first ten), the
share of nomatch pairs whose person is in the first ten, and p50 and p95 of one search (the
candidates, the ranking and the first page of ten read), timed on a second pass (the first,
printed too, fills the process's caches of name forms).

    python bench/name_search.py                      # both databases, 100,000 people
    python bench/name_search.py --database sqlite --people 20000
"""

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "bench" / "name_search_pairs.csv"
SQLITE = ROOT / "var" / "namesearch.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "custodia_namesearch"
TARGET_RECALL = 0.95
TARGET_P95_MS = 50.0
TOP = 10
# The countries' shares of a generated population.
SHARES = {"uganda": 0.4, "kazakhstan": 0.3, "tunisia": 0.3}


@dataclass(frozen=True)
class Pair:
    country: str
    expect: str  # "match" or "nomatch"
    query: str
    names: tuple[tuple[str, str], ...]  # (given, family) as the file records them


def read_pairs(path: Path = PAIRS) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Pair(
                row["country"],
                row["expect"],
                row["query"],
                tuple(
                    (given.strip(), family.strip())
                    for given, family in (name.split("/") for name in row["recorded"].split(";"))
                ),
            )
            for row in csv.DictReader(handle)
        ]


# --- A population ------------------------------------------------------------------------------


@dataclass
class Person:
    names: list[tuple[str, str]]  # the first is the name, the others its transliteration or aliases
    sex: str
    nationality: str


@dataclass
class Pools:
    """Words to draw names from, per country: the demo's lists and the pairs' own words."""

    given: dict[str, list[Any]] = field(default_factory=dict)
    family: dict[str, list[Any]] = field(default_factory=dict)


def _pools(pairs: Sequence[Pair]) -> Pools:
    from custodia.demo import names as N

    pools = Pools()
    uganda = list(N._UG_MALE + N._UG_FEMALE + N._UG_MUSLIM_MALE + N._UG_MUSLIM_FEMALE)
    for people in N.UGANDA_PEOPLES:
        uganda += people.male + people.female
    pools.given["uganda"] = uganda
    pools.family["uganda"] = [name for people in N.UGANDA_PEOPLES for name in people.family]
    kazakh_given: list[str] = []
    kazakh_family: list[str] = []
    for people in (*N.KAZAKHSTAN_PEOPLES, *N.KAZAKHSTAN_NEIGHBOURS.values()):
        kazakh_given += people.male + people.female
        kazakh_family += people.family
    pools.given["kazakhstan"] = kazakh_given
    pools.family["kazakhstan"] = kazakh_family
    pools.given["tunisia"] = list(N.TN_MALE + N.TN_FEMALE)
    pools.family["tunisia"] = list(N.TN_FAMILY) + [pair for family in N.MAGHREB_FAMILY.values() for pair in family]
    # The pairs' own words: their given and family names recur in other people's names.
    for pair in pairs:
        name = pair.names[0]
        if pair.country == "uganda":
            pools.given["uganda"] += name[0].split()
            pools.family["uganda"].append(name[1])
        elif pair.country == "kazakhstan" and _script(name[0]) == "Cyrl":
            pools.given["kazakhstan"].append(name[0].split()[0])
            pools.family["kazakhstan"].append(N.masculine_surname(name[1]))
        elif pair.country == "tunisia" and len(pair.names) > 1 and _script(name[0]) == "Arab":
            latin = pair.names[1]
            if len(name[0].split()) == len(latin[0].split()) == 1:
                pools.given["tunisia"].append((name[0], latin[0]))
            pools.family["tunisia"].append((name[1], latin[1]))
    for pool in (*pools.given.values(), *pools.family.values()):
        pool[:] = sorted(set(pool), key=str)
    return pools


def _script(text: str) -> str:
    from custodia.register.rules import detect_script

    return detect_script(text) or "Zyyy"


def _uganda(rng: random.Random, pools: Pools) -> Person:
    given = rng.choice(pools.given["uganda"])
    if rng.random() < 0.15:
        given = f"{given} {rng.choice(pools.given['uganda'])}"
    family = rng.choice(pools.family["uganda"])
    names = [(given, family)]
    if rng.random() < 0.08:
        names.append((rng.choice(pools.given["uganda"]), family))
    return Person(names, rng.choice(("male", "female")), "UG")


def _kazakhstan(rng: random.Random, pools: Pools) -> Person:
    from custodia.demo import names as N

    male = rng.random() < 0.85
    given = rng.choice(pools.given["kazakhstan"])
    family = rng.choice(pools.family["kazakhstan"])
    family = family if male else N.feminine_surname(family)
    if rng.random() < 0.5:
        father = rng.choice(N._KZ_FATHERS)
        given = f"{given} {N._russian_patronymic(father, male)}"
    names = [(given, family)]
    if rng.random() < 0.6:
        names.append((N.cyrillic_to_latin(given), N.cyrillic_to_latin(family)))
    return Person(names, "male" if male else "female", "KZ")


def _tunisia(rng: random.Random, pools: Pools) -> Person:
    given_ar, given_lat = rng.choice(pools.given["tunisia"])
    family_ar, family_lat = rng.choice(pools.family["tunisia"])
    if rng.random() < 0.6:
        father_ar, father_lat = rng.choice(pools.given["tunisia"])
        given_ar, given_lat = f"{given_ar} بن {father_ar}", f"{given_lat} Ben {father_lat}"
    names = [(given_ar, family_ar)]
    if rng.random() < 0.8:
        names.append((given_lat, family_lat))
    return Person(names, rng.choice(("male", "female")), "TN")


def population(pairs: Sequence[Pair], size: int, seed: int = 16) -> list[Person]:
    """The pairs' files (person i is pair i's) and generated people up to `size` in all."""
    from custodia.register.rules import search_key

    rng = random.Random(seed)
    pools = _pools(pairs)
    people = [
        Person(list(pair.names), "male", {"uganda": "UG", "kazakhstan": "KZ", "tunisia": "TN"}[pair.country])
        for pair in pairs
    ]
    recorded = {search_key(f"{given} {family}") for pair in pairs for given, family in pair.names}
    makers: list[tuple[float, Callable[[random.Random, Pools], Person]]] = [
        (SHARES["uganda"], _uganda),
        (SHARES["kazakhstan"], _kazakhstan),
        (SHARES["tunisia"], _tunisia),
    ]
    while len(people) < size:
        roll, maker = rng.random(), makers[-1][1]
        for share, make in makers:
            if roll < share:
                maker = make
                break
            roll -= share
        person = maker(rng, pools)
        if not any(search_key(f"{given} {family}") in recorded for given, family in person.names):
            people.append(person)
    return people


def load(people: Sequence[Person], prison_id: int, *, batch: int = 5000) -> list[int]:
    """Writes the people (the file, the names, the search keys) as the demo does; their ids."""
    from django.db import transaction

    from custodia.demo.writer import Table, reset_sequences
    from custodia.register import models, services
    from custodia.register.choices import NameKind
    from custodia.register.rules import detect_script

    prisoners = Table(models.Prisoner, defaulted=("gender_identity", "version", "languages", "merged_into_id"))
    names = Table(models.PrisonerName)
    keys = Table(models.PrisonerNameKey)
    created = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    ids = []
    with transaction.atomic():
        for n, person in enumerate(people):
            pid = prisoners.new_id()
            named = [
                services.NameData(given, family, detect_script(f"{given} {family}") or "Zyyy", kind)
                for (given, family), kind in zip(
                    person.names,
                    [NameKind.PRIMARY, *[NameKind.TRANSLITERATION] * (len(person.names) - 1)],
                    strict=True,
                )
            ]
            number = f"NS/{n + 1:06d}"
            prisoners.add(
                id=pid,
                number=number,
                display_name=" ".join(part for part in person.names[0] if part),
                search_text=services.search_text_of(number, named),
                sex=person.sex,
                date_of_birth=date(1990, 1, 1),
                birth_year_estimated=None,
                nationality=person.nationality,
                interpreter_needed=False,
                returnee=False,
                legal_status="pre_trial",
                custody_status="in_custody",
                current_prison_id=prison_id,
                current_cell_id=None,
                created_at=created,
            )
            for name in named:
                names.add(
                    prisoner_id=pid,
                    kind=name.kind,
                    given_names=name.given_names,
                    family_name=name.family_name,
                    script=name.script,
                )
            for key in services.name_keys_of(named):
                keys.add(prisoner_id=pid, key=key)
            ids.append(pid)
            if len(prisoners.rows) >= batch:
                for table in (prisoners, names, keys):
                    table.flush()
        for table in (prisoners, names, keys):
            table.flush()
        reset_sequences([prisoners, names, keys])
    return ids


def analyze() -> None:
    """The planner's statistics after a bulk load, as the demo takes them (and PostgreSQL's
    autovacuum would, with the visibility map that lets a search read the index of keys alone)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- The measure -------------------------------------------------------------------------------


@dataclass
class Measure:
    found: int = 0  # match pairs found in the first ten
    matches: int = 0
    intruders: int = 0  # nomatch pairs whose person is in the first ten
    nomatches: int = 0
    times_ms: list[float] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    intruded: list[str] = field(default_factory=list)
    by_country: dict[str, list[int]] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.found / self.matches if self.matches else 1.0

    @property
    def intruder_share(self) -> float:
        return self.intruders / self.nomatches if self.nomatches else 0.0

    def percentile(self, q: int) -> float:
        return statistics.quantiles(self.times_ms, n=100, method="inclusive")[q - 1]


def search_top(user: Any, query: str) -> list[int]:
    """The ids of the first ten people a search answers, as the list and the API read them."""
    from custodia.register import selectors

    found = selectors.prisoner_search(user=user, filters=selectors.PrisonerFilters(q=query, on_roll=False))
    return [person.pk for person in found[:TOP]]


def evaluate(pairs: Sequence[Pair], ids: Sequence[int], user: Any) -> Measure:
    """Runs every pair's query; person i of `ids` is pair i's file."""
    measure = Measure()
    for pair, pid in zip(pairs, ids, strict=False):
        started = time.perf_counter()
        top = search_top(user, pair.query)
        measure.times_ms.append((time.perf_counter() - started) * 1000)
        tally = measure.by_country.setdefault(pair.country, [0, 0, 0, 0])
        label = f"{pair.country}: {pair.query!r} / {' ; '.join(' '.join(n) for n in pair.names)}"
        if pair.expect == "match":
            measure.matches += 1
            tally[1] += 1
            if pid in top:
                measure.found += 1
                tally[0] += 1
            else:
                measure.missed.append(label)
        else:
            measure.nomatches += 1
            tally[3] += 1
            if pid in top:
                measure.intruders += 1
                tally[2] += 1
                measure.intruded.append(label)
    return measure


def searcher() -> Any:
    """A nationwide officer who may open every file."""
    from django.contrib.auth.models import Group, User

    from custodia.accounts import roles
    from custodia.accounts.models import StaffAssignment

    user, _created = User.objects.get_or_create(username="namesearch-bench")
    user.groups.set(Group.objects.filter(name__in=roles.FILE_READERS))
    StaffAssignment.objects.update_or_create(user=user, defaults={"nationwide": True})
    return User.objects.get(pk=user.pk)


def a_prison() -> int:
    from custodia.estate.models import Prison, PrisonService, Region

    service = PrisonService.objects.create(name="Bench service", country_code="ZZ", profile="generic")
    region = Region.objects.create(service=service, code="B", name="Bench region")
    prison = Prison.objects.create(
        region=region, code="BENCH", name="Bench prison", prison_type="closed", official_capacity=200_000
    )
    return prison.pk


# --- Running -----------------------------------------------------------------------------------


def _fresh_database(database: str) -> dict[str, str]:
    """The environment that points Django at a new, empty database."""
    env = {"CUSTODIA_ENV": os.environ.get("CUSTODIA_ENV", "development")}
    if database == "sqlite":
        SQLITE.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
        env["CUSTODIA_SQLITE"] = str(SQLITE)
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            connection.execute(f"CREATE DATABASE {PG_NAME}")
        env["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
    return env


def run(database: str, people: int, *, reuse: bool = False) -> int:
    """Builds the population in `database` and measures; run in a process of its own (the
    settings read the database from the environment when Django starts)."""
    if not reuse:
        os.environ.update(_fresh_database(database))
    elif database == "sqlite":
        os.environ["CUSTODIA_SQLITE"] = str(SQLITE)
    else:
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from custodia.register.models import Prisoner

    pairs = read_pairs()
    if not reuse:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        made = population(pairs, people)
        ids = load(made, a_prison())
        analyze()
        print(f"{database}: {len(made):,} people written in {time.perf_counter() - started:.0f} s")
    else:
        ids = list(Prisoner.objects.order_by("pk").values_list("pk", flat=True)[: len(pairs)])
    user = searcher()
    cold = evaluate(pairs, ids, user)
    warm = evaluate(pairs, ids, user)
    report(database, Prisoner.objects.count(), cold, warm)
    ok = warm.recall >= TARGET_RECALL and warm.percentile(95) <= TARGET_P95_MS
    return 0 if ok else 1


def report(database: str, population_size: int, cold: Measure, warm: Measure) -> None:
    print(f"\n{database}, {population_size:,} people, {warm.matches} match pairs, {warm.nomatches} nomatch pairs")
    for country, (found, matches, intruders, nomatches) in sorted(warm.by_country.items()):
        print(
            f"  {country:<11} recall@{TOP} {found / matches:.3f} ({found}/{matches})   "
            f"nomatch in top {TOP}: {intruders}/{nomatches}"
        )
    print(f"  recall@{TOP}                 {warm.recall:.3f}   target >= {TARGET_RECALL}")
    print(f"  nomatch share in top {TOP}   {warm.intruder_share:.3f} ({warm.intruders}/{warm.nomatches})")
    print(
        f"  one search, ms             p50 {warm.percentile(50):.1f}   p95 {warm.percentile(95):.1f}   "
        f"max {max(warm.times_ms):.1f}   target p95 <= {TARGET_P95_MS:.0f}"
        f"   (first pass: p50 {cold.percentile(50):.1f}, p95 {cold.percentile(95):.1f})"
    )
    for label in warm.missed:
        print(f"  missed:   {label}")
    for label in warm.intruded:
        print(f"  intruder: {label}")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="search the population of the last run")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.database != "both":
        return run(args.database, args.people, reuse=args.reuse)
    failed = 0
    for database in ("sqlite", "postgres"):
        command = [sys.executable, __file__, "--database", database, "--people", str(args.people)]
        failed |= subprocess.run([*command, *(["--reuse"] if args.reuse else [])], cwd=ROOT).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
