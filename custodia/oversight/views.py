from django.shortcuts import render

from . import charts, selectors


def statistics(request):
    stats = selectors.statistics_get(user=request.user)
    return render(request, "oversight/statistics.html", {"stats": stats, "charts": charts.charts_for(stats)})
