"""The coverage of staff training as oversight figures (core.figures.FigureTable): the page at
/training/coverage/ (oversight.training) shows them like every page of figures, with a chart, the
table and its CSV, for the prisons in the reader's scope or one of them."""

from typing import Any

from django.utils import timezone

from custodia.core.figures import FigureTable

from . import selectors


def figures(*, user: Any, prison_id: int | None) -> list[FigureTable]:
    """Today's coverage (selectors.coverage): the share of staff holding a valid certificate per
    prison, post and sex, certificates expiring, the centre's output and e-learning against their
    targets, and the trainers of the cascade."""
    return selectors.coverage(user=user, on=timezone.localdate(), prison_id=prison_id)
