"""The restrictive measures oversight page (Mandela Rules 36-46): the figures measures counts
(measures.oversight.figures, aggregates only: people under each kind of measure, solitary
confinement and its 15-day limit, daily health-care visits missed, measures on people linked to
violent extremism beside the others), for the prisons in the user's scope or one of them, as
charts and tables, each table also as CSV."""

from django.http import HttpResponse

from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.measures import oversight as measures_oversight

from .figure_pages import figures_page

SOURCES = (measures_oversight.figures,)


@requires(GET=right("view_measure_oversight"))
def measures(request: AuthenticatedRequest) -> HttpResponse:
    return figures_page(request, name="measures", sources=SOURCES, template="oversight/measures.html")
