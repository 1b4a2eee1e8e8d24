"""The rehabilitation and reintegration oversight page: the figures that sentence plans,
programmes and release planning count (each module's `oversight.figures`, aggregates only), for the
prisons in the user's scope or one of them, as charts and tables, each table also as CSV."""

from django.http import HttpResponse

from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.plans import oversight as plans_oversight
from custodia.programmes import oversight as programmes_oversight
from custodia.reintegration import oversight as reintegration_oversight

from .figure_pages import figures_page

SOURCES = (plans_oversight.figures, programmes_oversight.figures, reintegration_oversight.figures)


@requires(GET=right("view_rehabilitation_oversight"))
def rehabilitation(request: AuthenticatedRequest) -> HttpResponse:
    return figures_page(request, name="rehabilitation", sources=SOURCES, template="oversight/rehabilitation.html")
