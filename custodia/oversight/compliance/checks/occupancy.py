"""Occupancy above official capacity (Mandela Rules 12-13 and 42: the conditions the rules assume
hold only within the places a prison has)."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.register.models import Prisoner
from custodia.register.population import population_by

from ..base import Tally
from ..held import held
from ..rules import beyond_capacity


class Occupancy:
    key: str = "occupancy"
    rule: Promise = _("Rules 12-13")
    title: Promise = _("People held within the official capacity")
    definition: Promise = _(
        "People held beyond the prison's official capacity (Rules 12 and 13: accommodation must "
        "meet the requirements of health and dignity). The score is the share of people held for "
        "whom the prison has an official place. It counts places in the whole prison, not in each "
        "cell, and the capacity as recorded in the estate."
    )
    unit: Promise = _("people held")
    not_recorded: Promise | None = None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        # The register's own population count, as the estate's occupancy figures use it: one query.
        counts = population_by("current_prison", current_prison__in=prisons, merged_into__isnull=True)
        result = {}
        for prison in prisons:
            n = counts.get(prison.pk, 0)
            result[prison.pk] = Tally(n, beyond_capacity(held=n, capacity=prison.official_capacity))
        return result

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        # Nobody in particular is held beyond capacity: the prison is.
        return held([prison]).none()


OCCUPANCY = Occupancy()
