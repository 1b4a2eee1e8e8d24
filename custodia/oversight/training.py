"""The coverage of staff training (/training/coverage/): the figures training counts
(training.oversight.figures: who holds a valid certificate of each course per prison, post and sex,
what expires soon, the training centre's output and the e-learning completions against the
profile's targets, the trainers of the cascade and the sessions they delivered), for the prisons in
the user's scope or one of them, as charts and tables, each table also as CSV. Headquarters and the
trainer choose a prison or see all; a director sees their own."""

from django.http import HttpResponse

from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.training import oversight as training_oversight

from .figure_pages import figures_page

SOURCES = (training_oversight.figures,)


@requires(GET=right("view_training"))
def coverage(request: AuthenticatedRequest) -> HttpResponse:
    return figures_page(request, name="training", sources=SOURCES, template="oversight/training.html")
