"""In-memory records the builder plans with before anything about a person is written.

The estate is kept with its database ids so that prisoner files can point at prisons and cells
without a query per row.
"""

from dataclasses import dataclass, field
from datetime import date

from custodia.register.choices import Sex

from .places import PrisonSpec
from .texts import OffenceSpec

# Who a unit or cell is for: adult men, adult women, boys, girls (Bangkok Rules, juveniles apart).
MEN, WOMEN, BOYS, GIRLS = "men", "women", "boys", "girls"
FEMALE_GROUPS = {WOMEN, GIRLS}
JUVENILE_GROUPS = {BOYS, GIRLS}

# What became of a person: still on a prison's roll, or not (these are outside every figure).
ON_ROLL, RELEASED, ESCAPED, DECEASED, PROBATION = "on_roll", "released", "escaped", "deceased", "probation"


@dataclass(eq=False)
class CellRec:
    pk: int
    label: str
    capacity: int
    unit: "UnitRec"


@dataclass(eq=False)
class UnitRec:
    pk: int
    name: str
    group: str
    security: str
    capacity: int
    prison: "PrisonRec"
    cells: list[CellRec] = field(default_factory=list)


@dataclass(eq=False)
class PrisonRec:
    pk: int
    spec: PrisonSpec
    code: str
    capacity: int
    units: list[UnitRec] = field(default_factory=list)

    @property
    def prison_type(self) -> str:
        return self.spec.prison_type

    @property
    def name(self) -> str:
        return self.spec.name

    def cells_for(self, group: str) -> list[CellRec]:
        return [cell for unit in self.units if unit.group == group for cell in unit.cells]

    def holds(self, group: str) -> bool:
        return any(unit.group == group for unit in self.units)


@dataclass(frozen=True)
class SeededIdentity:
    """Who a file is of when the demo chooses it rather than its name lists: one of the two files
    of a person seeded twice under another spelling or script (demo/duplicates.py)."""

    names: tuple[tuple[str, str, str, str], ...]  # (given names, family name, script, kind), primary first
    date_of_birth: date
    nationality: str
    people: str = ""  # the key of the names.People whose languages and relatives the file has
    family: bool = True  # an older file recorded in haste holds no family


@dataclass(eq=False, slots=True)
class Person:
    """One prisoner as planned: where they end up, their legal situation and when they came in.
    The rest of the file (names, family, hearings, movements) is made from this when written."""

    group: str
    prison: PrisonRec  # the prison holding them today, or the last one that did
    cell: CellRec
    outcome: str = ON_ROLL
    legal_status: str = ""  # at the end of the file (before a release to probation)
    vep: bool = False
    returnee: bool = False
    admitted: int = 0  # date ordinal of the admission that began the present (or last) stay
    minute: int = 0  # time of that admission, minutes after midnight
    first_admitted: int = 0  # an earlier stay that ended on bail, when there was one
    offences: list[OffenceSpec] = field(default_factory=list)  # the first is the main one
    years: int = 0  # the sentence planned for those convicted and on roll
    life: bool = False
    convicted: int = 0  # date ordinal of conviction, planned for those on roll
    release_reason: str = ""  # planned for those released
    number: str = ""
    seeded: SeededIdentity | None = None  # one of the files of a seeded duplicate (demo/duplicates.py)

    @property
    def sex(self) -> str:
        return Sex.FEMALE if self.group in FEMALE_GROUPS else Sex.MALE

    @property
    def juvenile(self) -> bool:
        return self.group in JUVENILE_GROUPS
