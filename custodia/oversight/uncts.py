"""The prison section of the UN Survey of Crime Trends and Operations of Criminal Justice Systems
(/statistics/uncts/, docs/uncts.md): the people held on the reference date of a year in UN-CTS's
categories, each figure with its definition, and the trends by month up to it (uncts_counts), for
the prisons in the user's scope or one of them, as charts and tables, each table also as CSV.
Headquarters choose a prison or see all; a director sees their own. `manage.py export_uncts`
writes the same figures to a file."""

from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone

from custodia.core.figures import FigureTable
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.register.models import CustodyPeriod

from . import rules, uncts_counts
from .figure_pages import figures_page


@requires(GET=right("view_statistics"))
def uncts(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    first = CustodyPeriod.objects.aggregate(first=Min("started_at"))["first"]
    years = list(range(today.year, (timezone.localtime(first).year if first else today.year) - 1, -1))
    chosen = int_or_none(request.GET.get("year"))
    year = chosen if chosen in years else today.year
    day = rules.reference_date(year, today)

    def figures(*, user: object, prison_id: int | None) -> list[FigureTable]:
        return uncts_counts.figures(user=request.user, prison_id=prison_id, year=year)

    return figures_page(
        request,
        name=f"uncts:{year}",
        sources=(figures,),
        template="oversight/uncts.html",
        keep={"year": str(year)},
        context={"years": years, "year": year, "day": day, "today": day == today},
    )
