"""Rule 59: people held close to their homes or their places of social rehabilitation. The register
keeps no home region yet, so the check says so rather than scoring everyone as compliant."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.register.models import Prisoner

from ..base import Tally


class HeldNearHome:
    key: str = "rule-59-near-home"
    rule: Promise = _("Rule 59")
    title: Promise = _("People held close to home")
    definition: Promise = _(
        "People held in a prison far from their home or their place of social rehabilitation "
        "(Rule 59: prisoners shall be allocated, to the extent possible, to prisons close to "
        "their homes)."
    )
    unit: Promise = _("people held")
    not_recorded: Promise | None = _(
        "The prisoner file does not record where a person's home is, so Custodia cannot tell who is held far from it."
    )

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        # No query: nothing can be counted, and an empty tally gives no score (rules.score).
        return {prison.pk: Tally(0, 0) for prison in prisons}

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        return Prisoner.objects.none()


HELD_NEAR_HOME = HeldNearHome()
