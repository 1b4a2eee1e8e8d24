"""Whether two files may be of the same person: pure rules, no database (docs/duplicates.md).

A score is the sum of a few parts, each from one fact of the two files and the country profile's
weights (core.profiles.DuplicateWeights): the names, in any script and spelling (name_keys, the
rules of the search); the date of birth or the estimated year; the sex; the nationality. Each
part is kept with its points and what it found, so that whoever decides sees why a pair was
proposed, never a bare number. The system proposes; headquarters and the reception officer decide.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from . import name_keys
from .choices import DuplicateFactor as Factor
from .choices import DuplicateFinding as Finding
from .choices import Sex

if TYPE_CHECKING:
    from custodia.core.profiles import DuplicateWeights


# Names at least as close as one spelling or transliteration of the other get the name's full
# weight; closer than the search's own floor (name_keys.MIN_SCORE) they get none.
FULL_NAME_SIMILARITY = name_keys.TRANSLITERATION_SCORE


@dataclass(frozen=True)
class Facts:
    """What the rules compare of one file: its names (each "given family", in any script), sex,
    date of birth or estimated year of birth, nationality (ISO code)."""

    names: tuple[str, ...]
    sex: str
    date_of_birth: date | None
    birth_year_estimated: int | None
    nationality: str

    @property
    def birth_year(self) -> int | None:
        return self.date_of_birth.year if self.date_of_birth else self.birth_year_estimated


@dataclass(frozen=True)
class Part:
    factor: str  # a Factor
    finding: str  # a Finding
    points: float
    similarity: float | None = None  # the names' similarity (0-100), for the name part only

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"factor": self.factor, "finding": self.finding, "points": self.points}
        if self.similarity is not None:
            data["similarity"] = self.similarity
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> "Part":
        similarity = data.get("similarity")
        points = data["points"]
        assert isinstance(points, int | float)
        return cls(
            str(data["factor"]),
            str(data["finding"]),
            float(points),
            float(similarity) if isinstance(similarity, int | float) else None,
        )

    @property
    def factor_label(self) -> str:
        return str(Factor(self.factor).label)

    @property
    def finding_label(self) -> str:
        return str(Finding(self.finding).label)


@dataclass(frozen=True)
class Score:
    total: float
    parts: tuple[Part, ...]

    def reaches(self, weights: "DuplicateWeights") -> bool:
        return self.total >= weights.threshold

    def parts_json(self) -> list[dict[str, object]]:
        return [part.as_json() for part in self.parts]


def name_similarity(first: Sequence[str], second: Sequence[str]) -> float:
    """How close the closest names of two files are (0-100), by the search's rules: each name of
    one read as a search of the other's names, both ways (a name with a father's name still
    matches the shorter one), the best kept. Names whose every word is not found score 0."""
    best = 0.0
    for names, others in ((first, second), (second, first)):
        for text in names:
            match = name_keys.best_match(text, others)
            if match.found and match.score > best:
                best = match.score
    return round(best, 1)


def _name_part(similarity: float, weights: "DuplicateWeights") -> Part:
    if similarity <= 0:
        return Part(Factor.NAME, Finding.DIFFERENT, 0.0, similarity)
    finding = Finding.SAME if similarity >= name_keys.EXACT_SCORE else Finding.ALIKE
    share = min(1.0, similarity / FULL_NAME_SIMILARITY)
    return Part(Factor.NAME, finding, round(weights.name * share, 1), similarity)


def _slip(first: date, second: date) -> bool:
    """Whether two dates differ as a slip of the pen does: day and month swapped, or one of day,
    month or year written wrong (the year by one at most). Two different dates otherwise are two
    people, however close: in a register of tens of thousands, many share a name and a year."""
    if first.year == second.year and (first.day, first.month) == (second.month, second.day):
        return True
    same = (first.year == second.year, first.month == second.month, first.day == second.day)
    if same.count(True) != 2:
        return False
    return same[0] or abs(first.year - second.year) <= 1


def birth_finding(first: Facts, second: Facts) -> str:
    """The same date; near (two dates a slip apart, or an estimated year within one year of the
    other's year); or far. Every file has a date or an estimated year (the database's constraint)."""
    if first.date_of_birth and second.date_of_birth:
        if first.date_of_birth == second.date_of_birth:
            return Finding.SAME
        return Finding.NEAR if _slip(first.date_of_birth, second.date_of_birth) else Finding.FAR
    first_year, second_year = first.birth_year, second.birth_year
    if first_year is None or second_year is None:
        return Finding.UNKNOWN
    return Finding.NEAR if abs(first_year - second_year) <= 1 else Finding.FAR


def _birth_part(first: Facts, second: Facts, weights: "DuplicateWeights") -> Part:
    finding = birth_finding(first, second)
    points = {
        Finding.SAME: weights.birth_exact,
        Finding.NEAR: weights.birth_near,
        Finding.FAR: weights.birth_far,
    }.get(Finding(finding), 0)
    return Part(Factor.BIRTH, finding, float(points))


def _sex_part(first: Facts, second: Facts, weights: "DuplicateWeights") -> Part:
    if Sex.UNKNOWN in (first.sex, second.sex) or not (first.sex and second.sex):
        return Part(Factor.SEX, Finding.UNKNOWN, 0.0)
    if first.sex == second.sex:
        return Part(Factor.SEX, Finding.SAME, float(weights.sex_same))
    return Part(Factor.SEX, Finding.DIFFERENT, float(weights.sex_different))


def _nationality_part(first: Facts, second: Facts, weights: "DuplicateWeights") -> Part:
    # A different nationality does not count against: a second nationality, or one recorded
    # from the person's word at one reception and from a passport at the other.
    if not (first.nationality and second.nationality):
        return Part(Factor.NATIONALITY, Finding.UNKNOWN, 0.0)
    if first.nationality == second.nationality:
        return Part(Factor.NATIONALITY, Finding.SAME, float(weights.nationality))
    return Part(Factor.NATIONALITY, Finding.DIFFERENT, 0.0)


def score(first: Facts, second: Facts, weights: "DuplicateWeights", *, similarity: float | None = None) -> Score:
    """The score of two files as the same person, with its parts (names, birth, sex,
    nationality). `similarity` is the names' similarity when the caller has it already."""
    if similarity is None:
        similarity = name_similarity(first.names, second.names)
    parts = (
        _name_part(similarity, weights),
        _birth_part(first, second, weights),
        _sex_part(first, second, weights),
        _nationality_part(first, second, weights),
    )
    return Score(round(sum(part.points for part in parts), 1), parts)


def could_reach(birth_years: tuple[int | None, int | None], weights: "DuplicateWeights") -> bool:
    """Whether two files born in these years could reach the threshold at all, the names and
    everything else at their best: find_duplicates compares only pairs that could, so that a
    register of tens of thousands is read in seconds."""
    first, second = birth_years
    if first is None or second is None or abs(first - second) <= 1:
        return True
    return weights.name + weights.birth_far + weights.sex_same + weights.nationality >= weights.threshold


def ordered(first_id: int, second_id: int) -> tuple[int, int]:
    """A pair is kept once, the older file (lower id) first."""
    if first_id == second_id:
        raise ValueError("a file is not a duplicate of itself")
    return (first_id, second_id) if first_id < second_id else (second_id, first_id)
