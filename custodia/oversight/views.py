from django.http import HttpResponse
from django.shortcuts import render

from custodia.accounts.selectors import prison_scope
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right

from . import charts, selectors


@requires(GET=right("view_statistics"))
def statistics(request: AuthenticatedRequest) -> HttpResponse:
    stats = selectors.statistics_get(user=request.user)
    return render(request, "oversight/statistics.html", {"stats": stats, "charts": charts.charts_for(stats)})


@requires(GET=right("view_classification_oversight"))
def classification(request: AuthenticatedRequest) -> HttpResponse:
    figures = selectors.classification_oversight(user=request.user)
    return render(
        request,
        "oversight/classification.html",
        {
            "figures": figures,
            "charts": charts.classification_charts(figures),
            "nationwide": prison_scope(request.user) is None,
        },
    )
