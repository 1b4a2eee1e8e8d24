"""Evidence for the classification prerequisites that apps above classification record.

A prerequisite may ask for "a completed programme". Programmes sit above classification (the
layers of docs/architecture.md), so classification cannot read them: the programmes app registers
a finder here in its AppConfig.ready(). Without a finder, or when it finds nothing, the case
manager's confirmation remains the fallback (rules.proposal_problems)."""

from collections.abc import Callable

from .rules import CompletedProgramme

ProgrammeFinder = Callable[[int], CompletedProgramme | None]

_finder: list[ProgrammeFinder] = []


def set_programme_finder(finder: ProgrammeFinder) -> None:
    """`finder(prisoner_id)`: the latest programme the person completed that counts for a
    classification prerequisite, or None."""
    _finder[:] = [finder]


def completed_programme(prisoner_id: int) -> CompletedProgramme | None:
    return _finder[0](prisoner_id) if _finder else None
