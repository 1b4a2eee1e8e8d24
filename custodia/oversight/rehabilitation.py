"""The rehabilitation and reintegration oversight page: the figures that sentence plans,
programmes and release planning count (each module's `oversight.figures`, aggregates only), for the
prisons in the user's scope or one of them, as charts and tables, each table also as CSV."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope, prisons_in_scope
from custodia.core.audit import last_change_id
from custodia.core.figures import FigureTable, as_csv
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right
from custodia.plans import oversight as plans_oversight
from custodia.programmes import oversight as programmes_oversight
from custodia.reintegration import oversight as reintegration_oversight

from .charts import figure_chart

SOURCES = (plans_oversight.figures, programmes_oversight.figures, reintegration_oversight.figures)


@requires(GET=right("view_rehabilitation_oversight"))
def rehabilitation(request: AuthenticatedRequest) -> HttpResponse:
    prisons = list(prisons_in_scope(user=request.user).order_by("name"))
    chosen = int_or_none(request.GET.get("prison"))
    prison = next((p for p in prisons if p.pk == chosen), None)
    tables = _tables(request, prison.pk if prison else None)
    if slug := request.GET.get("csv"):
        return _csv(tables, slug)
    return render(
        request,
        "oversight/rehabilitation.html",
        {
            "prisons": prisons,
            "prison": prison,
            "nationwide": prison_scope(request.user) is None,
            "tables": tables,
            "charts": {f"chart-{table.slug}": figure_chart(table) for table in tables if table.chart},
        },
    )


def _tables(request: AuthenticatedRequest, prison_id: int | None) -> list[FigureTable]:
    """Every module's tables. Counting due dates over a whole country is the slow part, so the
    tables are kept in the cache until the audit trail grows (every change writes an event) or the
    day or the reader's scope or language changes."""
    scope = prison_scope(request.user)
    who = "all" if scope is None else ",".join(map(str, sorted(scope)))
    key = f"custodia:rehabilitation:{who}:{prison_id}:{get_language()}:{timezone.localdate()}:{last_change_id()}"
    tables: list[FigureTable] | None = cache.get(key)
    if tables is None:
        tables = [table for figures in SOURCES for table in figures(user=request.user, prison_id=prison_id)]
        cache.set(key, tables, timeout=24 * 60 * 60)
    return tables


def _csv(tables: list[FigureTable], slug: str) -> HttpResponse:
    table = next((table for table in tables if table.slug == slug), None)
    if table is None:
        raise Http404(_("No such table."))
    response = HttpResponse(as_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.slug}.csv"'
    return response
