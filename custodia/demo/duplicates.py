"""A few people with two files: the file on the roll and an older one, released years ago, under
another spelling or script, as happens when someone is readmitted and reception did not find the
first file (docs/duplicates.md). Each country's pairs are the cross-script and spelling cases the
search of names is built for (docs/search.md): Cyrillic and the passport's Latin in Kazakhstan,
Arabic and the French spelling in Tunisia, doubled letters and the spellings of Muslim names in
Uganda; one pair of each country with the day and month of birth swapped (a slip of the pen).

The file on the roll is one of the demo's people, given the chosen identity (its place, legal
situation and history unchanged, so every figure stays exact); the older file is one more person
released before that admission, written by a FileMaker of its own whose "today" is a while before
the readmission, so that all of its history ends before it. Both are drawn from a Random of their
own: the rest of the demo is the same with or without them.

At the end of the build the duplicate search runs as `manage.py find_duplicates` runs it
(duplicate_services.duplicates_find), and `hq2`, the second member of headquarters, marks the first
seeded pair "the same person" so that `hq` can approve its merge (four eyes).

Namesakes who are not the same person (born years apart, or of the other sex) score 40 and 30
against the threshold of 70 and are never proposed, so none is seeded: the demo's short name lists
already give headquarters plenty of namesakes born a slip of the pen apart to mark "not the same
person".
"""

import time as clock
from dataclasses import dataclass, field
from datetime import date
from random import Random

from django.contrib.auth import get_user_model

from custodia.core.profiles import DuplicateWeights
from custodia.register import duplicate_rules, duplicate_services
from custodia.register.choices import DuplicateStatus, NameKind, ReleaseReason, Sex
from custodia.register.choices import LegalStatus as L
from custodia.register.choices import Script as W
from custodia.register.models import DuplicatePair, Prisoner

from .files import HISTORY_START, FileMaker
from .records import MEN, ON_ROLL, RELEASED, WOMEN, Person, PrisonRec, SeededIdentity

PRIMARY, TRANSLITERATION = str(NameKind.PRIMARY), str(NameKind.TRANSLITERATION)
CYRL, LATN, ARAB = str(W.CYRILLIC), str(W.LATIN), str(W.ARABIC)
# The older file is at least this many days older than the readmission, and the demo's history
# leaves room before it for a stay of its own.
GAP_DAYS = (60, 400)
ROOM_DAYS = 500


@dataclass(frozen=True)
class Seed:
    """One person's two files: the names on the roll and on the older file, primary first."""

    sex: str
    born: date
    nationality: str
    on_roll: tuple[tuple[str, str, str, str], ...]
    older: tuple[tuple[str, str, str, str], ...]
    people: str = ""
    swapped: bool = False  # the older file has the day and month of birth swapped

    @property
    def older_born(self) -> date:
        return date(self.born.year, self.born.day, self.born.month) if self.swapped else self.born


def _n(given: str, family: str, script: str, kind: str = PRIMARY) -> tuple[str, str, str, str]:
    return (given, family, script, kind)


M, F = str(Sex.MALE), str(Sex.FEMALE)
SEEDS: dict[str, tuple[Seed, ...]] = {
    "kazakhstan": (
        Seed(
            M,
            date(1988, 5, 14),
            "KZ",
            (_n("Мухаммед Ерланович", "Алиев", CYRL),),
            (_n("Mukhammed", "Aliyev", LATN),),
            "kazakh",
        ),
        Seed(
            M,
            date(1991, 3, 7),
            "KZ",
            (_n("Жанибек Серікұлы", "Сәрсенбаев", CYRL),),
            (_n("Zhanibek", "Sarsenbayev", LATN),),
            "kazakh",
            swapped=True,
        ),
        Seed(
            F, date(1993, 11, 2), "KZ", (_n("Айгерім", "Қасымова", CYRL),), (_n("Aigerim", "Kasymova", LATN),), "kazakh"
        ),
        Seed(
            M, date(1985, 6, 21), "KZ", (_n("Нұрлан", "Жұмабаев", CYRL),), (_n("Nurlan", "Zhumabayev", LATN),), "kazakh"
        ),
    ),
    "tunisia": (
        Seed(M, date(1987, 9, 23), "TN", (_n("محمد", "الطرابلسي", ARAB),), (_n("Mohamed", "Trabelsi", LATN),)),
        Seed(
            M,
            date(1990, 4, 8),
            "TN",
            (_n("عبد القادر", "بن علي", ARAB),),
            (_n("Abdelkader", "Ben Ali", LATN),),
            swapped=True,
        ),
        Seed(F, date(1994, 1, 30), "TN", (_n("فاطمة", "الغربي", ARAB),), (_n("Fatma", "Gharbi", LATN),)),
        Seed(M, date(1984, 12, 17), "TN", (_n("يوسف بن الهادي", "الجبالي", ARAB),), (_n("Youssef", "Jebali", LATN),)),
    ),
    "uganda": (
        Seed(M, date(1989, 2, 16), "UG", (_n("John", "Ssempijja", LATN),), (_n("John", "Sempija", LATN),), "baganda"),
        Seed(
            M,
            date(1986, 5, 9),
            "UG",
            (_n("Moses", "Kiggundu", LATN),),
            (_n("Moses", "Kigundu", LATN),),
            "baganda",
            swapped=True,
        ),
        Seed(
            M, date(1992, 10, 27), "UG", (_n("Mohammed", "Kasozi", LATN),), (_n("Muhammad", "Kasozi", LATN),), "baganda"
        ),
        Seed(
            F, date(1995, 8, 4), "UG", (_n("Hadija", "Nalubega", LATN),), (_n("Hadijah", "Nalubega", LATN),), "baganda"
        ),
    ),
}
# Why hq2 decided the first pair the same person, in the working language of the country's files.
SAME_REASON = {
    "kazakhstan": "Фотографии и отпечатки пальцев совпадают; в старом деле имя записано по паспорту латиницей.",
    "tunisia": "Photographies et empreintes concordantes ; l'ancien dossier porte le nom en lettres latines.",
    "uganda": "Photographs and fingerprints match; the older file spells the family name with single letters.",
}


@dataclass
class SeededPair:
    """The two files of one seeded person, by number once written."""

    on_roll: Person
    older: Person
    score: float | None = None  # as proposed; None if the search did not propose the pair

    @property
    def label(self) -> str:
        roll, old = self.on_roll.seeded, self.older.seeded
        assert roll is not None and old is not None
        return f"{self.on_roll.number} {_full(roll.names[0])} / {self.older.number} {_full(old.names[0])}"


@dataclass
class DuplicatesMade:
    people: int = 0
    compared: int = 0
    proposed: int = 0  # every pair proposed, the demo's namesakes with the seeded pairs
    seconds: float = 0.0
    seeded: list[SeededPair] = field(default_factory=list)
    decided: SeededPair | None = None  # marked the same person by hq2, for hq to merge


def _full(name: tuple[str, str, str, str]) -> str:
    return " ".join(part for part in name[:2] if part)


def seed_duplicates(
    *, country: str, maker: FileMaker, people: list[Person], workplace: PrisonRec, seed: int
) -> tuple[list[SeededPair], dict[Person, FileMaker]]:
    """Choose the people on the roll who get a second, older file, give them their identity, and
    plan the older files (released before the readmission); returns the pairs and the FileMaker of
    each older file. Call after every file is planned and before they are numbered. At a scale too
    small to hold a suitable person of the sex wanted, that pair is left out."""
    rng = Random(f"duplicates-{seed}")
    start = HISTORY_START.toordinal()
    taken: set[int] = set()
    pairs: list[SeededPair] = []
    makers: dict[Person, FileMaker] = {}
    for spec in SEEDS.get(country, ()):
        group = MEN if spec.sex == M else WOMEN
        candidates = [
            i
            for i, p in enumerate(people)
            if p.outcome == ON_ROLL
            and p.group == group
            and not p.vep
            and not p.returnee
            and not p.first_admitted
            and p.legal_status in (L.CONVICTED, L.PRE_TRIAL)
            and p.prison is not workplace
            and p.admitted - start >= ROOM_DAYS + GAP_DAYS[1]
            and i not in taken
        ]
        if not candidates:
            continue
        index = rng.choice(candidates)
        taken.add(index)
        twin = people[index]
        twin.seeded = SeededIdentity(spec.on_roll, spec.born, spec.nationality, spec.people)
        cutoff = twin.admitted - rng.randint(*GAP_DAYS)
        prison = _older_prison(maker.prisons, twin, workplace, rng)
        older = Person(
            group,
            prison,
            rng.choice(prison.cells_for(group)),
            outcome=RELEASED,
            legal_status=L.CONVICTED,
            release_reason=ReleaseReason.END_OF_SENTENCE,
            seeded=SeededIdentity(spec.older, spec.older_born, spec.nationality, spec.people, family=False),
        )
        # The older file as it stood before the readmission: its own "today" is then.
        older_maker = FileMaker(
            country=maker.country,
            profile=maker.profile,
            style=maker.style,
            texts=maker.texts,
            rng=rng,
            today=date.fromordinal(cutoff),
            tz=maker.tz,
            prisons=maker.prisons,
            staff=maker.staff,
            tables=maker.t,
        )
        older_maker.plan(older)
        makers[older] = older_maker
        pairs.append(SeededPair(twin, older))
    return pairs, makers


def _older_prison(prisons: list[PrisonRec], twin: Person, workplace: PrisonRec, rng: Random) -> PrisonRec:
    """A closed or women's prison holding such people, in the region of the present one where
    possible; never the workplace, whose people the rest of the demo works with."""
    held = [p for p in prisons if p.holds(twin.group) and p.prison_type in ("closed", "women")]
    held = [p for p in held if p is not workplace] or held or [twin.prison]
    near = [p for p in held if p.spec.region == twin.prison.spec.region]
    return rng.choice(near or held)


def find_seeded_duplicates(*, country: str, weights: DuplicateWeights, pairs: list[SeededPair]) -> DuplicatesMade:
    """Run the duplicate search over the whole register, as `manage.py find_duplicates` does; note
    which seeded pairs it proposed, and have hq2 mark the first of them the same person."""
    started = clock.monotonic()
    found = duplicate_services.duplicates_find(weights=weights)
    made = DuplicatesMade(found.people, found.compared, found.proposed, round(clock.monotonic() - started, 1), pairs)
    ids = dict(
        Prisoner.objects.filter(
            number__in=[p.number for pair in pairs for p in (pair.on_roll, pair.older)]
        ).values_list("number", "pk")
    )
    proposed = {
        (first, second): (pk, score)
        for pk, first, second, score in DuplicatePair.objects.filter(status=DuplicateStatus.PROPOSED).values_list(
            "pk", "first_id", "second_id", "score"
        )
    }
    hq2 = get_user_model().objects.get(username="hq2")
    for pair in pairs:
        key = duplicate_rules.ordered(ids[pair.on_roll.number], ids[pair.older.number])
        if key not in proposed:
            continue
        pk, pair.score = proposed[key]
        if made.decided is None:
            duplicate_services.duplicate_decide(
                actor=hq2,
                pair=DuplicatePair.objects.get(pk=pk),
                status=DuplicateStatus.SAME,
                reason=SAME_REASON[country],
            )
            made.decided = pair
    return made
