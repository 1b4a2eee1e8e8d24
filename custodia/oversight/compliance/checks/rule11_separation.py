"""Rule 11: people held in a unit with someone of a category the rule keeps apart from theirs, with
no separation exception in force. The placement check refuses such a placement; a change of legal
status, a birthday or a placement made before Custodia can still make one (placement.selectors
units_mixing_categories shows them, unit by unit, to one prison's director)."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.placement.models import SeparationException
from custodia.placement.rules import categories
from custodia.register.models import Prisoner

from ..base import Tally
from ..held import held, listed, tally_rows
from ..rules import separated_in_breach


def _in_cells(prisons: Sequence[Prison]) -> QuerySet[Prisoner]:
    return held(prisons).filter(current_cell__isnull=False)


def _in_breach(prisons: Sequence[Prison], today: date) -> tuple[dict[int, int], set[int]]:
    """Where each person in a cell is held ({person: prison}) and those in breach: two queries
    whatever the number of prisons, the people in cells and the exceptions in force."""
    juvenile_age = active_profile().juvenile_age
    where: dict[int, int] = {}
    occupants = []
    for pk, prison_id, sex, born, born_year, legal, unit in _in_cells(prisons).values_list(
        "pk",
        "current_prison_id",
        "sex",
        "date_of_birth",
        "birth_year_estimated",
        "legal_status",
        "current_cell__unit_id",
    ):
        where[pk] = prison_id
        kind = categories(
            sex=sex,
            date_of_birth=born,
            birth_year_estimated=born_year,
            legal_status=legal,
            on=today,
            juvenile_age=juvenile_age,
        )
        occupants.append((pk, unit, kind))
    # An exception covers the unit it was granted for, not the unit the person was moved to since.
    excepted = set(
        SeparationException.objects.active(today)
        .filter(unit__prison__in=prisons)
        .values_list("prisoner_id", "unit_id", "rule")
    )
    return where, separated_in_breach(occupants, excepted)


class Separation:
    key: str = "rule-11-separation"
    rule: Promise = _("Rule 11")
    title: Promise = _("Categories held apart")
    definition: Promise = _(
        "People held in a unit together with someone Rule 11 keeps apart from them (men and "
        "women, untried and convicted, civil and criminal prisoners, young people and adults) "
        "when neither holds a separation exception for that unit in force. Ages are counted on "
        "the date of birth, or the estimated year. Only people placed in a cell are checked."
    )
    unit: Promise = _("people held in a cell")
    not_recorded: Promise | None = None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        where, short = _in_breach(prisons, today)
        return tally_rows(((prison_id, pk in short) for pk, prison_id in where.items()), prisons)

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        return listed(_in_cells([prison]).filter(pk__in=_in_breach([prison], today)[1]), user=user)


SEPARATION = Separation()
