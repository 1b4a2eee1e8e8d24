"""The incidents oversight page: the figures incidents counts (incidents.oversight.figures,
aggregates only: reports by kind, force and injuries by prison, the medical examinations owed, the
people reported as perpetrators among those linked to violent extremism and the others), for the
prisons in the user's scope or one of them, as charts and tables, each table also as CSV."""

from django.http import HttpResponse

from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires
from custodia.incidents import oversight as incidents_oversight

from .figure_pages import figures_page

SOURCES = (incidents_oversight.figures,)


@requires(GET=incidents_oversight.OVERSIGHT)
def incidents(request: AuthenticatedRequest) -> HttpResponse:
    return figures_page(request, name="incidents", sources=SOURCES, template="oversight/incidents.html")
