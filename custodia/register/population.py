"""How many people each prison, unit or cell holds today: the estate's occupancy figures
(estate.selectors) count through this, registered in RegisterConfig.ready()."""

from typing import Any

from django.db.models import Count

from .models import Prisoner


def population_by(place: str, **filters: Any) -> dict[int, int]:
    """{id of the place: people on its roll}, `place` being "current_prison", "current_cell__unit"
    or "current_cell"; those out at court, in hospital or on temporary release count (on_roll)."""
    rows = Prisoner.objects.on_roll().filter(**filters).values(place).annotate(n=Count("id"))
    return {row[place]: row["n"] for row in rows}
