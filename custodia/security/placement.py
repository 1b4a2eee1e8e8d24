"""Open non-associations in the one placement check (placement.checks): registered from
SecurityConfig.ready(), so that placement knows nothing of security and every placement, whoever
makes it, still refuses to put two people together that a record keeps apart."""

from django.utils.translation import gettext as _

from custodia.estate.models import Cell, Prison, Unit
from custodia.placement.checks import Problem, ProblemKind
from custodia.register.models import Prisoner

from .models import Level, NonAssociation
from .selectors import open_non_associations_of

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
    if record.level == Level.CELL:
        return cell is not None and other.current_cell_id == cell.pk
    if record.level == Level.UNIT:
        return unit is not None and other.current_cell is not None and other.current_cell.unit_id == unit.pk
    return other.current_prison_id == prison.pk


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


NON_ASSOCIATIONS = NonAssociationConstraint()
