"""Open non-associations in the one placement check (placement.checks): registered from
SecurityConfig.ready(), so that placement knows nothing of security and every placement, whoever
makes it, still refuses to put two people together that a record keeps apart."""

from django.utils.translation import gettext as _

from custodia.estate.models import Cell, Prison, Unit
from custodia.placement.checks import Problem, ProblemKind
from custodia.register.models import Prisoner

from .models import Level, NonAssociation
from .rules import Whereabouts, within_reach
from .selectors import open_non_associations_of, whereabouts

_MESSAGES = {
    Level.CELL: lambda: _("Refused: a non-association (%(reason)s) forbids sharing a cell with %(other)s."),
    Level.UNIT: lambda: _(
        "Refused: a non-association (%(reason)s) forbids holding this person in the same unit as %(other)s."
    ),
    Level.PRISON: lambda: _(
        "Refused: a non-association (%(reason)s) forbids holding this person in the same prison as %(other)s."
    ),
}


def _together(record: NonAssociation, other: Prisoner, prison: Prison, unit: Unit | None, cell: Cell | None) -> bool:
    """Whether placing the person here puts them within the record's distance of the other."""
    here = Whereabouts(prison.pk, unit.pk if unit else None, cell.pk if cell else None)
    return within_reach(record.level, here, whereabouts(other))


class NonAssociationConstraint:
    def load(self, prisoner: Prisoner) -> list[NonAssociation]:
        return open_non_associations_of(prisoner.pk)

    def problems(
        self,
        loaded: list[NonAssociation],
        *,
        prisoner: Prisoner,
        prison: Prison,
        unit: Unit | None,
        cell: Cell | None,
    ) -> list[Problem]:
        problems = []
        for record in loaded:
            other = record.other_of(prisoner.pk)
            if other.current_prison_id is None or not _together(record, other, prison, unit, cell):
                continue
            message = _MESSAGES[Level(record.level)]() % {"reason": record.get_reason_display(), "other": other.number}
            problems.append(
                Problem(ProblemKind.NON_ASSOCIATION, True, message, others=(other.number,), record_id=record.pk)
            )
        return problems

    def group_problems(
        self,
        loaded: list[NonAssociation],
        *,
        prisoner: Prisoner,
        prison: Prison,
        unit: Unit | None,
        members: frozenset[int],
    ) -> list[Problem]:
        """A group activity puts its members together as one unit does: a record at the unit or the
        prison level refuses the person joining a group that holds the other; one at the cell level
        does not (the two may meet in a unit)."""
        together = Whereabouts(prison.pk, unit.pk if unit else 0, None)
        problems = []
        for record in loaded:
            other = record.other_of(prisoner.pk)
            if other.pk not in members or not within_reach(record.level, together, together):
                continue
            message = _(
                "Refused: a non-association (%(reason)s) forbids taking part in an activity with %(other)s."
            ) % {
                "reason": record.get_reason_display(),
                "other": other.number,
            }
            problems.append(
                Problem(ProblemKind.NON_ASSOCIATION, True, message, others=(other.number,), record_id=record.pk)
            )
        return problems


NON_ASSOCIATIONS = NonAssociationConstraint()
