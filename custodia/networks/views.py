"""Web views of networks: thin, each parses the choice, calls one selector and renders. The graph
is drawn in the browser from the same links as the table beside it, which is the page's text."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires
from custodia.estate.models import Prison
from custodia.register.models import Prisoner

from . import selectors
from .forms import choice_of
from .presenters import graph_data, link_rows, person_urls

VIEW = selectors.VIEW


@requires(GET=VIEW)
def prison_list(request: AuthenticatedRequest) -> HttpResponse:
    prisons = list(selectors.prisons_in_scope(user=request.user))
    counts = selectors.vep_counts(user=request.user)
    rows = [(prison, counts.get(prison.pk, 0)) for prison in prisons]
    return render(request, "networks/prison_list.html", {"rows": rows})


def _page(request: AuthenticatedRequest, network: selectors.Network, form: Any, **context: Any) -> HttpResponse:
    urls = person_urls(network)
    return render(
        request,
        "networks/network.html",
        {
            **context,
            "form": form,
            "network": network,
            "links": link_rows(network, urls),
            "graph": graph_data(network, urls),
        },
    )


@requires(GET=VIEW)
def prisoner_network(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    form, choice = choice_of(request.GET)
    try:
        network = selectors.network_open(user=request.user, prisoner_id=prisoner_id, choice=choice)
    except Prisoner.DoesNotExist:
        raise Http404 from None
    return _page(request, network, form, centre=network.person(prisoner_id).prisoner, depth=choice.depth)


@requires(GET=VIEW)
def prison_network(request: AuthenticatedRequest, prison_id: int) -> HttpResponse:
    form, choice = choice_of(request.GET)
    try:
        prison, network = selectors.prison_network_open(user=request.user, prison_id=prison_id, choice=choice)
    except Prison.DoesNotExist:
        raise Http404 from None
    return _page(request, network, form, prison=prison, depth=1)
